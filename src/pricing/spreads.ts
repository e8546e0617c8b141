// Bid/ask model: the half-spread of SPX and VIX options as a function of the mid price (and, for SPX, of
// moneyness through |delta|), used by the engine's fills. Fitted to the real chains (docs/pricing.md).

export interface SpreadParams {
  spxBase: number;
  spxPerPrice: number;
  /** Extra width for far out-of-the-money SPX options, scaled by (1 - |delta|). */
  spxWingExtra: number;
  vixBase: number;
  vixPerPrice: number;
}

/**
 * Set from the median market half-spreads printed by `alvh pricing check` (SPX 2022-2024 chains: about 0.05-0.1
 * for options worth a few dollars, 0.25-0.30 near the money at 20-70 days; VIX samples: 0.03-0.25).
 */
export const defaultSpreadParams: SpreadParams = {
  spxBase: 0.05,
  spxPerPrice: 0.004,
  spxWingExtra: 0.03,
  vixBase: 0.025,
  vixPerPrice: 0.05,
};

export function spxHalfSpread(
  midPrice: number,
  absDelta: number,
  p: SpreadParams = defaultSpreadParams,
): number {
  if (!Number.isFinite(midPrice)) return NaN;
  const d = Number.isFinite(absDelta) ? Math.min(Math.max(absDelta, 0), 1) : 0.5;
  return p.spxBase + p.spxPerPrice * Math.max(midPrice, 0) + p.spxWingExtra * (1 - d);
}

export function vixHalfSpread(midPrice: number, p: SpreadParams = defaultSpreadParams): number {
  if (!Number.isFinite(midPrice)) return NaN;
  return p.vixBase + p.vixPerPrice * Math.max(midPrice, 0);
}
