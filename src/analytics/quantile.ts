// Sample quantiles, one definition for every distribution the project reports (resamples, Monte Carlo paths).

/** Quantile by linear interpolation between order statistics (type 7, numpy's default); NaN when empty. */
export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
