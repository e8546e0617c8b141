// The cost / protection frontier: configurations that no other configuration beats on both hedge cost per
// year (lower is better) and drawdown reduction (higher is better).
import type { StudyMetrics } from '../types.js';

/** Indices of the efficient configurations, by ascending hedge cost; configurations without both values are left out. */
export function efficientFrontier(metrics: readonly StudyMetrics[]): number[] {
  const idx = metrics
    .map((_, k) => k)
    .filter((k) => Number.isFinite(metrics[k].hedge_cost) && Number.isFinite(metrics[k].drawdown_reduction));
  idx.sort(
    (a, b) =>
      metrics[a].hedge_cost - metrics[b].hedge_cost ||
      metrics[b].drawdown_reduction - metrics[a].drawdown_reduction ||
      a - b,
  );
  const out: number[] = [];
  let bestReduction = -Infinity;
  for (const k of idx) {
    if (metrics[k].drawdown_reduction > bestReduction) {
      out.push(k);
      bestReduction = metrics[k].drawdown_reduction;
    }
  }
  return out;
}
