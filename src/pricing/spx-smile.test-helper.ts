// Test helper: one day's SPX smile inputs at a given VIX and SKEW, with a term structure of the usual shape
// (VIX9D a little below the VIX, VIX3M and VIX6M above it), shared by the smile's tests.
import type { SpxMarketInputs } from './spx-smile.js';

export const smileDay = (vix: number, skew: number): SpxMarketInputs => ({
  spot: 4500,
  rateAnnual: 0.04,
  dividendYieldAnnual: 0.015,
  vix9d: vix * 0.95,
  vix,
  vix3m: vix * 1.08,
  vix6m: vix * 1.12,
  skew,
});
