// The deflated Sharpe ratio (Bailey & Lopez de Prado 2014): the probabilistic Sharpe ratio of the best of N
// trials against the Sharpe ratio the best of N skill-less trials is expected to show, with N the number of
// trials and an effective number for correlated trials. Formulas and sources: docs/studies-statistics.md.
import { normCdf, normInv } from '../../pricing/normal.js';
import { moments, periodSharpe } from './moments.js';

export const EULER_GAMMA = 0.5772156649015329;

/**
 * Expected maximum of N independent Sharpe estimates with mean `mean` and variance `variance` when no trial
 * has skill (the "false strategy" theorem): mean + sd * ((1 - g) Z^-1(1 - 1/N) + g Z^-1(1 - 1/(N e))).
 * One trial (or fewer) has no selection: the mean. The approximation goes negative below about 1.3 trials,
 * where no selection gain is the honest answer, so the gain is floored at 0.
 */
export function expectedMaxSharpe(trials: number, variance: number, mean = 0): number {
  if (!(trials > 1) || !(variance > 0)) return mean;
  const z = (1 - EULER_GAMMA) * normInv(1 - 1 / trials) + EULER_GAMMA * normInv(1 - 1 / (trials * Math.E));
  return mean + Math.sqrt(variance) * Math.max(0, z);
}

/**
 * Probability that the true per-period Sharpe ratio exceeds `benchmark`, given the estimate `sharpe` from
 * `observations` returns of skewness `skewness` and (non-excess) kurtosis `kurtosis` (Bailey & Lopez de Prado
 * 2012): Z((SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1) / 4 SR^2)). NaN when undefined.
 */
export function probabilisticSharpe(
  sharpe: number,
  benchmark: number,
  observations: number,
  skewness: number,
  kurtosis: number,
): number {
  const denom = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(denom > 0) || !(observations > 1) || !Number.isFinite(sharpe)) return NaN;
  return normCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(denom));
}

/**
 * Mean pairwise correlation of the series and the effective number of trials rho + (1 - rho) N, clamped to
 * [1, N]. The sum of all pairwise correlations is the variance of the sum of the standardised series, so
 * this costs O(N T), not O(N^2 T). Flat series (no variance) are left out.
 */
export function effectiveTrials(series: readonly ArrayLike<number>[]): {
  meanCorrelation: number | null;
  effective: number;
  used: number;
} {
  const live = series.filter((x) => moments(x).sd > 0);
  const n = live.length;
  if (n < 2) return { meanCorrelation: null, effective: Math.max(1, n), used: n };
  const t = live[0].length;
  const total = new Float64Array(t);
  for (const x of live) {
    const m = moments(x);
    for (let i = 0; i < t; i++) total[i] += (x[i] - m.mean) / m.sd;
  }
  let mean = 0;
  for (let i = 0; i < t; i++) mean += total[i];
  mean /= t;
  let ss = 0;
  for (let i = 0; i < t; i++) ss += (total[i] - mean) * (total[i] - mean);
  const sumCorr = ss / (t - 1);
  const rho = (sumCorr - n) / (n * (n - 1));
  const effective = Math.min(n, Math.max(1, rho + (1 - rho) * n));
  return { meanCorrelation: rho, effective, used: n };
}

export interface DeflatedSharpe {
  /** Index of the best trial by full-sample Sharpe ratio. */
  best: number;
  observations: number;
  /** Per-period and annualised Sharpe ratio of the best trial. */
  sharpe_period: number;
  sharpe_annual: number;
  skewness: number;
  kurtosis: number;
  trials: number;
  effective_trials: number;
  mean_correlation: number | null;
  /** Variance of the trials' per-period Sharpe ratios. */
  sharpe_variance: number;
  /** Expected best Sharpe of skill-less trials (annualised), with N and with the effective N. */
  expected_max_sharpe_annual: number;
  expected_max_sharpe_annual_effective: number;
  /** Probability the best trial's true Sharpe ratio exceeds 0 (one trial, no deflation). */
  psr: number | null;
  /** Probability it exceeds the expected best of N skill-less trials: the deflated Sharpe ratio. */
  dsr: number | null;
  dsr_effective: number | null;
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The deflated Sharpe ratio of the best of the given daily return series. */
export function deflatedSharpe(
  series: readonly ArrayLike<number>[],
  periodsPerYear: number,
  riskFree?: ArrayLike<number>,
): DeflatedSharpe | null {
  if (series.length === 0) return null;
  const excess = riskFree
    ? series.map((x) => Float64Array.from(x, (v, i) => v - riskFree[i]))
    : (series as ArrayLike<number>[]);
  const sharpes = excess.map((x) => periodSharpe(x));
  let best = -1;
  for (let k = 0; k < sharpes.length; k++)
    if (Number.isFinite(sharpes[k]) && (best < 0 || sharpes[k] > sharpes[best])) best = k;
  if (best < 0) return null;
  const finite = sharpes.filter(Number.isFinite);
  const sm = moments(finite);
  const variance = finite.length > 1 ? sm.sd * sm.sd : 0;
  const m = moments(excess[best]);
  const corr = effectiveTrials(excess);
  const n = series.length;
  const annual = Math.sqrt(periodsPerYear);
  const sr0 = expectedMaxSharpe(n, variance);
  const sr0Eff = expectedMaxSharpe(corr.effective, variance);
  return {
    best,
    observations: m.n,
    sharpe_period: sharpes[best],
    sharpe_annual: sharpes[best] * annual,
    skewness: m.skewness,
    kurtosis: m.kurtosis,
    trials: n,
    effective_trials: corr.effective,
    mean_correlation: corr.meanCorrelation,
    sharpe_variance: variance,
    expected_max_sharpe_annual: sr0 * annual,
    expected_max_sharpe_annual_effective: sr0Eff * annual,
    psr: orNull(probabilisticSharpe(sharpes[best], 0, m.n, m.skewness, m.kurtosis)),
    dsr: orNull(probabilisticSharpe(sharpes[best], sr0, m.n, m.skewness, m.kurtosis)),
    dsr_effective: orNull(probabilisticSharpe(sharpes[best], sr0Eff, m.n, m.skewness, m.kurtosis)),
  };
}
