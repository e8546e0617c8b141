// Test support: study results built from hand-set metrics and constructed daily return matrices (pure noise,
// planted edges), so every statistic's expected answer is known in advance.
import { weekdays } from '../../analytics/fixture-book.test-helper.js';
import { Rng } from '../../core/random.js';
import type { ConfigResult, StudyDays, StudyMetrics } from '../types.js';

export function studyMetrics(m: Partial<StudyMetrics> = {}): StudyMetrics {
  return {
    drawdown_reduction: 0.2,
    hedge_cost: 0.03,
    hedge_cost_calm: 0.03,
    months_credited_mtm: 0.4,
    months_credited_cash: 0.4,
    cagr: 0.05,
    max_drawdown: 0.2,
    volatility: 0.1,
    sharpe: 0.5,
    hedge_spend: 0.03,
    unhedged_cagr: 0.06,
    unhedged_max_drawdown: 0.25,
    unhedged_sharpe: 0.6,
    stress_drawdown_reduction: {},
    ...m,
  };
}

export function studyDays(n: number, from = '2007-01-03'): StudyDays {
  return { dates: weekdays(from, n), dataFingerprint: 'fixture' };
}

export function result(spec: {
  id: string;
  settings?: Record<string, unknown>;
  metrics?: Partial<StudyMetrics>;
  returns: ArrayLike<number>;
  unhedgedReturns?: ArrayLike<number>;
  sleeveReturns?: ArrayLike<number>;
}): ConfigResult {
  const n = spec.returns.length;
  return {
    id: spec.id,
    settings: spec.settings ?? {},
    metrics: studyMetrics(spec.metrics),
    returns: Float64Array.from(spec.returns),
    unhedgedReturns: spec.unhedgedReturns ? Float64Array.from(spec.unhedgedReturns) : new Float64Array(n),
    sleeveReturns: spec.sleeveReturns ? Float64Array.from(spec.sleeveReturns) : new Float64Array(n),
  };
}

/** `configs` series of `days` i.i.d. normal daily returns with sd `sd`; `edges[k]` added to series k's mean. */
export function noiseMatrix(
  configs: number,
  days: number,
  seed: number,
  sd = 0.01,
  edges: number[] = [],
): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: configs }, (_, k) => {
    const x = new Float64Array(days);
    for (let t = 0; t < days; t++) x[t] = (edges[k] ?? 0) + sd * rng.normal();
    return x;
  });
}
