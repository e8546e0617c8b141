// Bid/ask model: the half-spread of SPX and VIX options as a function of the mid price (and, for SPX, of
// moneyness through |delta|), used by the engine's fills. Fitted to the real chains (docs/pricing.md).

export interface SpreadParams {
  /** SPX half-spread = spxPerSqrtPrice x sqrt(mid) + spxWingExtra x (1 - |delta|). */
  spxPerSqrtPrice: number;
  /** Extra width for out-of-the-money SPX options, scaled by (1 - |delta|). */
  spxWingExtra: number;
  /** VIX half-spread = vixPerSqrtPrice x sqrt(mid). */
  vixPerSqrtPrice: number;
  /** Narrowest half-spread of any quote: half a 0.05 tick for SPX, half a 0.01 tick for VIX. */
  spxMin: number;
  vixMin: number;
}

/**
 * Fitted by `alvh pricing check --fit` to the quoted half-spreads of the real chains: SPX on the full chains
 * of 2022-02-04, 2022-06-10 and 2024-01-05 (medians per delta x tenor bucket, 7-120 days), VIX on the
 * standard monthly options (root VIX, the only ones the engine trades) of the two 2023 samples: 31 quotes,
 * median half-spread / sqrt(mid) 0.05. The earlier 0.18 pooled the VIXW weeklies, 3-4 times wider. Quoted spreads widen roughly with the square root of the price, not in
 * proportion to it: a linear form set from a few buckets was 20-40% too narrow on most of them.
 */
export const defaultSpreadParams: SpreadParams = {
  spxPerSqrtPrice: 0.0575,
  spxWingExtra: 0.04,
  vixPerSqrtPrice: 0.05,
  spxMin: 0.025,
  vixMin: 0.005,
};

export function spxHalfSpread(
  midPrice: number,
  absDelta: number,
  p: SpreadParams = defaultSpreadParams,
): number {
  if (!Number.isFinite(midPrice)) return NaN;
  const d = Number.isFinite(absDelta) ? Math.min(Math.max(absDelta, 0), 1) : 0.5;
  return Math.max(p.spxMin, p.spxPerSqrtPrice * Math.sqrt(Math.max(midPrice, 0)) + p.spxWingExtra * (1 - d));
}

export function vixHalfSpread(midPrice: number, p: SpreadParams = defaultSpreadParams): number {
  if (!Number.isFinite(midPrice)) return NaN;
  return Math.max(p.vixMin, p.vixPerSqrtPrice * Math.sqrt(Math.max(midPrice, 0)));
}
