// The objectives a study ranks configurations by (walk-forward picks, parameter stability, the top list):
// one number per configuration, higher is better, from full-run metrics or from a window's metrics.
import type { Claim } from '../../analytics/claims.js';
import type { StudyMetrics } from '../types.js';
import { CLAIM_FIELD, claimValueVerdict } from './claim-box.js';
import type { WindowMetrics } from './window.js';

export const STUDY_OBJECTIVES = ['sharpe', 'cagr', 'calmar', 'claim-distance'] as const;
export type StudyObjective = (typeof STUDY_OBJECTIVES)[number];

export const OBJECTIVE_LABELS: Record<StudyObjective, string> = {
  sharpe: 'Sharpe ratio',
  cagr: 'CAGR',
  calmar: 'CAGR / max drawdown',
  'claim-distance': 'minus the distance to the claim box',
};

/** How far a value lies outside a claim's accepted range (0 inside; 1 when not measurable). */
function distanceOutside(claim: Claim, value: number | null): number {
  if (value === null || !Number.isFinite(value)) return 1;
  if (claimValueVerdict(claim, value) === 'holds') return 0;
  const lo = claim.range[0] - claim.tolerance;
  const hi = claim.range[1] + claim.tolerance;
  return value < lo ? lo - value : value - hi;
}

type Readings = Pick<WindowMetrics, 'cagr' | 'max_drawdown' | 'sharpe'> & Partial<StudyMetrics>;

function objectiveOf(objective: StudyObjective, m: Readings, box: readonly Claim[]): number {
  switch (objective) {
    case 'sharpe':
      return m.sharpe ?? -Infinity;
    case 'cagr':
      return m.cagr;
    case 'calmar':
      // A book that never fell ranks by CAGR over a one-basis-point drawdown rather than as infinite.
      return m.cagr / Math.max(m.max_drawdown, 1e-4);
    case 'claim-distance': {
      let d = 0;
      for (const c of box) d += distanceOutside(c, (m[CLAIM_FIELD[c.quantity]] as number | null) ?? null);
      return -d;
    }
  }
}

/** The objective on a configuration's full-run metrics, as the study's runner reported them. */
export function runObjective(objective: StudyObjective, m: StudyMetrics, box: readonly Claim[]): number {
  const v = objectiveOf(objective, m, box);
  return Number.isFinite(v) ? v : -Infinity;
}

/**
 * The objective on a window's metrics. For the claim distance only the claims a window can measure count
 * (drawdown cut, cost over all years, months credited mark-to-market); the others are left out.
 */
export function windowObjective(objective: StudyObjective, m: WindowMetrics, box: readonly Claim[]): number {
  const measurable = box.filter((c) => CLAIM_FIELD[c.quantity] in m);
  const v = objectiveOf(objective, m as unknown as Readings, measurable);
  return Number.isFinite(v) ? v : -Infinity;
}
