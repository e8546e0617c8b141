// Which published claims a configuration's metrics meet, by the same claim definitions and verdict rule as
// the backtest's claim check; the claim box is the three headline claims together. (Replaced by the
// statistics' claim box once it lands on main.)
import { claimVerdict, publishedClaims, type ClaimQuantity } from '../analytics/claims.js';
import type { StudyMetrics } from './types.js';

const METRIC_OF: Record<ClaimQuantity, keyof StudyMetrics> = {
  'drawdown-reduction': 'drawdown_reduction',
  'hedge-cost-all-years': 'hedge_cost',
  'hedge-cost-calm-years': 'hedge_cost_calm',
  'months-credited-mtm': 'months_credited_mtm',
  'months-credited-cash': 'months_credited_cash',
};

/** The claims of the box: drawdown cut 35-40%, cost 1-2% a year, sleeve credited in about 65% of months. */
export const BOX_CLAIMS = ['drawdown-cut', 'cost-per-year', 'months-credited'] as const;

/** Per published claim id: whether the metrics meet it ('holds', rounded as the claim check rounds). */
export function claimsHeld(metrics: StudyMetrics): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const claim of publishedClaims()) {
    const value = metrics[METRIC_OF[claim.quantity]] as number;
    const measured = Number.isFinite(value) ? Number((Math.round(value / 1e-4) * 1e-4).toFixed(10)) : null;
    out[claim.id] = claimVerdict(measured, claim) === 'holds';
  }
  return out;
}

export function inClaimBox(metrics: StudyMetrics): boolean {
  const held = claimsHeld(metrics);
  return BOX_CLAIMS.every((id) => held[id]);
}
