// The smile's market inputs on day i of a panel (spot, rate, dividend yield, the VIX family, SKEW).
import type { Panel } from '../market/panel.js';
import type { SpxMarketInputs } from './spx-smile.js';

export function smileInputsAt(
  panel: Panel,
  i: number,
  rateAnnual = panel.series.rateAnnual[i],
): SpxMarketInputs {
  const s = panel.series;
  return {
    spot: s.spxClose[i],
    rateAnnual,
    dividendYieldAnnual: s.dividendYieldAnnual[i],
    vix9d: s.vix9dClose[i],
    vix: s.vixClose[i],
    vix3m: s.vix3mClose[i],
    vix6m: s.vix6mClose[i],
    skew: s.skewClose[i],
  };
}
