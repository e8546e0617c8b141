// The distribution of a Monte Carlo run: median and 5th/95th percentiles of each path metric, and the share
// of paths on which each published claim holds, with verdicts from the same rule as a single backtest.
import { claimVerdict, publishedClaims, type Verdict } from '../analytics/claims.js';
import type { MonteCarloResult } from './montecarlo.js';
import { PATH_METRICS, type PathMetricName } from './path-metrics.js';
import { quantile } from '../analytics/quantile.js';

export interface MetricDistribution {
  name: PathMetricName;
  label: string;
  /** Paths with a finite value. */
  paths: number;
  p5: number | null;
  median: number | null;
  p95: number | null;
  mean: number | null;
}

export interface ClaimShare {
  id: string;
  statement: string;
  paths: number;
  /** Share of measurable paths with each verdict. */
  holds: number | null;
  better: number | null;
  worse: number | null;
}

export interface MonteCarloSummary {
  requested: number;
  completed: number;
  interrupted: boolean;
  years: number;
  seed: number;
  strategyHash: string;
  metrics: MetricDistribution[];
  claims: ClaimShare[];
}

export { quantile };

const round = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

export function summarizeMonteCarlo(result: MonteCarloResult): MonteCarloSummary {
  const metrics = PATH_METRICS.map((m) => {
    const values = Float64Array.from(result.values[m.name].filter((x) => Number.isFinite(x))).sort();
    const mean = values.length > 0 ? values.reduce((s, x) => s + x, 0) / values.length : NaN;
    return {
      name: m.name,
      label: m.label,
      paths: values.length,
      p5: round(quantile(values, 0.05)),
      median: round(quantile(values, 0.5)),
      p95: round(quantile(values, 0.95)),
      mean: round(mean),
    };
  });
  const claims = publishedClaims().map((claim) => {
    const metric = PATH_METRICS.find((m) => m.claim === claim.quantity)!;
    const counts: Record<Verdict, number> = {
      holds: 0,
      'better than claimed': 0,
      'worse than claimed': 0,
      'not measurable': 0,
    };
    for (const x of result.values[metric.name]) {
      counts[claimVerdict(Number.isFinite(x) ? x : null, claim)]++;
    }
    const measurable = counts.holds + counts['better than claimed'] + counts['worse than claimed'];
    const share = (k: number): number | null => (measurable > 0 ? round(k / measurable) : null);
    return {
      id: claim.id,
      statement: claim.statement,
      paths: measurable,
      holds: share(counts.holds),
      better: share(counts['better than claimed']),
      worse: share(counts['worse than claimed']),
    };
  });
  return {
    requested: result.requested,
    completed: result.completed,
    interrupted: result.interrupted,
    years: result.years,
    seed: result.seed,
    strategyHash: result.strategyHash,
    metrics,
    claims,
  };
}

/** One row per finished path (path index, then each metric; blank where not measurable), in path order. */
export function monteCarloCsv(result: MonteCarloResult): { text: string; rows: number } {
  const lines = [['path', ...PATH_METRICS.map((m) => m.name)].join(',')];
  for (let p = 0; p < result.requested; p++) {
    if (result.finished[p] !== 1) continue;
    const cells = PATH_METRICS.map((m) => result.values[m.name][p]);
    lines.push([String(p), ...cells.map((x) => (Number.isFinite(x) ? x.toFixed(6) : ''))].join(','));
  }
  return { text: lines.join('\n') + '\n', rows: lines.length - 1 };
}
