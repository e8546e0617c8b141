// The drawdown reduction inside each named stress window across a study's configurations: where the hedge
// exists to act, so a bleeding core book's long drift does not pass for a drawdown cut.
import { STRESS_WINDOWS } from '../../analytics/stress.js';
import type { StudyMetrics } from '../types.js';
import { claimValueVerdict, twoShares, type TwoShares } from './claim-box.js';
import type { Claim } from '../../analytics/claims.js';
import { quantile } from './moments.js';

export interface StressShare extends TwoShares {
  id: string;
  name: string;
  /** Configurations with a finite reduction in this window (the others did not cover it, or the core never fell). */
  measured: number;
  median: number | null;
  p10: number | null;
  p90: number | null;
  /** The drawdown-cut claim holds or is beaten inside the window. */
  reached: TwoShares;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One row per window any configuration reports, the spec's windows first in their order. */
export function stressShares(metrics: readonly StudyMetrics[], drawdownClaim: Claim): StressShare[] {
  const ids = new Set<string>();
  for (const m of metrics) for (const id of Object.keys(m.stress_drawdown_reduction ?? {})) ids.add(id);
  const known = STRESS_WINDOWS.map((w) => w.id).filter((id) => ids.has(id));
  const order = [...known, ...[...ids].filter((id) => !known.includes(id)).sort()];
  return order.map((id) => {
    const values = metrics.map((m) => m.stress_drawdown_reduction?.[id] ?? NaN);
    const verdicts = values.map((v) => claimValueVerdict(drawdownClaim, v));
    return {
      id,
      name: STRESS_WINDOWS.find((w) => w.id === id)?.name ?? id,
      measured: values.filter(Number.isFinite).length,
      median: finiteOrNull(quantile(values, 0.5)),
      p10: finiteOrNull(quantile(values, 0.1)),
      p90: finiteOrNull(quantile(values, 0.9)),
      ...twoShares(metrics, (_, k) => verdicts[k] === 'holds'),
      reached: twoShares(metrics, (_, k) => verdicts[k] === 'holds' || verdicts[k] === 'better than claimed'),
    };
  });
}
