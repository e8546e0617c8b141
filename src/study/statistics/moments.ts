// Sample moments of daily return series over an index range: mean, standard deviation, skewness, kurtosis
// and the per-period Sharpe ratio, in plain loops over typed arrays (the statistics call them N x folds times).

/** Mean, sample standard deviation (n - 1), skewness and (non-excess) kurtosis of xs[from..to). */
export interface Moments {
  n: number;
  mean: number;
  sd: number;
  /** Third standardised moment (population form, as in Bailey & Lopez de Prado's PSR). */
  skewness: number;
  /** Fourth standardised moment, not excess: 3 for a normal distribution. */
  kurtosis: number;
}

export function moments(xs: ArrayLike<number>, from = 0, to = xs.length): Moments {
  const n = to - from;
  if (n < 2) return { n, mean: n === 1 ? xs[from] : NaN, sd: NaN, skewness: NaN, kurtosis: NaN };
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = from; i < to; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const pop = m2 / n;
  return {
    n,
    mean,
    sd: Math.sqrt(m2 / (n - 1)),
    skewness: pop > 0 ? m3 / n / Math.pow(pop, 1.5) : NaN,
    kurtosis: pop > 0 ? m4 / n / (pop * pop) : NaN,
  };
}

/**
 * Per-period Sharpe ratio mean / sd of xs[from..to) less the per-period risk-free return when given
 * (same indexing as xs); NaN when the series is flat or shorter than two values.
 */
export function periodSharpe(
  xs: ArrayLike<number>,
  from = 0,
  to = xs.length,
  riskFree?: ArrayLike<number>,
): number {
  const n = to - from;
  if (n < 2) return NaN;
  let s = 0;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const x = riskFree ? xs[i] - riskFree[i] : xs[i];
    s += x;
    ss += x * x;
  }
  const mean = s / n;
  const v = (ss - n * mean * mean) / (n - 1);
  return v > 1e-30 ? mean / Math.sqrt(v) : NaN;
}

/** The median of the finite values (NaN when there are none); does not modify xs. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile of the finite values by linear interpolation between order statistics (type 7). */
export function quantile(xs: readonly number[], q: number): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(v.length - 1, lo + 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}
