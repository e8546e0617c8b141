// The claim box: the published claims (ranges and tolerances from analytics/claims.ts) applied to a study's
// configurations, and the share of configurations inside the box and inside each claim, over all
// configurations and over those whose unhedged core earns a positive CAGR.
import {
  claimVerdict,
  publishedClaims,
  roundClaimValue,
  type Claim,
  type ClaimQuantity,
  type ClaimTolerances,
  DEFAULT_CLAIM_TOLERANCES,
} from '../../analytics/claims.js';
import { UserError } from '../../core/errors.js';
import type { StudyMetrics } from '../types.js';

/** The claims whose conjunction is "the box": the drawdown cut, the cost over all years, months credited (mtm). */
export const DEFAULT_BOX_CLAIMS: readonly string[] = ['drawdown-cut', 'cost-per-year', 'months-credited'];

export interface ClaimBoxOptions {
  claimTolerances: ClaimTolerances;
  /** Ids of publishedClaims() that make the box; every published claim still gets its own share. */
  boxClaims: readonly string[];
}

export const DEFAULT_CLAIM_BOX_OPTIONS: ClaimBoxOptions = {
  claimTolerances: DEFAULT_CLAIM_TOLERANCES,
  boxClaims: DEFAULT_BOX_CLAIMS,
};

/** The study metric each claim quantity is read from. */
export const CLAIM_FIELD: Record<ClaimQuantity, keyof StudyMetrics> = {
  'drawdown-reduction': 'drawdown_reduction',
  'hedge-cost-all-years': 'hedge_cost',
  'hedge-cost-calm-years': 'hedge_cost_calm',
  'months-credited-mtm': 'months_credited_mtm',
  'months-credited-cash': 'months_credited_cash',
};

/** The box's claims, in the order given; an unknown id is a user error naming the known ones. */
export function boxClaims(opts: ClaimBoxOptions = DEFAULT_CLAIM_BOX_OPTIONS): Claim[] {
  const all = publishedClaims(opts.claimTolerances);
  if (opts.boxClaims.length === 0)
    throw new UserError('statistics.boxClaims: expected at least one claim id');
  return opts.boxClaims.map((id, k) => {
    const c = all.find((x) => x.id === id);
    if (!c)
      throw new UserError(
        `statistics.boxClaims[${k}]: unknown claim '${id}' (known: ${all.map((x) => x.id).join(', ')})`,
      );
    return c;
  });
}

/** A measured value as the claim check sees it: rounded like the backtest's, null when not finite. */
function measured(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : roundClaimValue(value);
}

/** The verdict of one claim on one value, exactly as `alvh backtest` gives it. */
export function claimValueVerdict(claim: Claim, value: number | null | undefined) {
  return claimVerdict(measured(value), claim);
}

export function claimHolds(claim: Claim, metrics: StudyMetrics): boolean {
  return claimValueVerdict(claim, metrics[CLAIM_FIELD[claim.quantity]] as number) === 'holds';
}

/** True when every claim of the box holds for the configuration (a claim not measurable does not hold). */
export function inClaimBox(
  metrics: StudyMetrics,
  opts: ClaimBoxOptions = DEFAULT_CLAIM_BOX_OPTIONS,
): boolean {
  return boxClaims(opts).every((c) => claimHolds(c, metrics));
}

/** count of total, and count / total (null when total is 0). */
export interface Share {
  count: number;
  total: number;
  share: number | null;
}

export interface TwoShares {
  /** Over all configurations. */
  all: Share;
  /** Over the configurations whose unhedged core has a CAGR above 0. */
  positive_core: Share;
}

export interface ClaimShare extends TwoShares {
  id: string;
  statement: string;
  /** The range a value must fall in to hold: [low - tolerance, high + tolerance]. */
  accepted: [number, number];
  /** Holds or is better than claimed (the claim is reached, perhaps beaten). */
  reached: TwoShares;
}

function share(count: number, total: number): Share {
  return { count, total, share: total > 0 ? count / total : null };
}

/** Counts a predicate over all configurations and over those with a positive unhedged CAGR. */
export function twoShares(
  metrics: readonly StudyMetrics[],
  pred: (m: StudyMetrics, k: number) => boolean,
): TwoShares {
  let all = 0;
  let pos = 0;
  let posTotal = 0;
  metrics.forEach((m, k) => {
    const p = m.unhedged_cagr > 0;
    if (p) posTotal++;
    if (pred(m, k)) {
      all++;
      if (p) pos++;
    }
  });
  return { all: share(all, metrics.length), positive_core: share(pos, posTotal) };
}

export interface ClaimBoxShares {
  box: { claims: string[]; accepted: Record<string, [number, number]> };
  share_in_claim_box: TwoShares;
  share_per_claim: ClaimShare[];
  /** Per configuration, in input order. */
  inBox: boolean[];
}

export function claimBoxShares(
  metrics: readonly StudyMetrics[],
  opts: ClaimBoxOptions = DEFAULT_CLAIM_BOX_OPTIONS,
): ClaimBoxShares {
  const box = boxClaims(opts);
  const accepted = (c: Claim): [number, number] => [
    roundClaimValue(c.range[0] - c.tolerance),
    roundClaimValue(c.range[1] + c.tolerance),
  ];
  const inBox = metrics.map((m) => box.every((c) => claimHolds(c, m)));
  return {
    box: { claims: box.map((c) => c.id), accepted: Object.fromEntries(box.map((c) => [c.id, accepted(c)])) },
    share_in_claim_box: twoShares(metrics, (_, k) => inBox[k]),
    share_per_claim: publishedClaims(opts.claimTolerances).map((c) => {
      const verdicts = metrics.map((m) => claimValueVerdict(c, m[CLAIM_FIELD[c.quantity]] as number));
      return {
        id: c.id,
        statement: c.statement,
        accepted: accepted(c),
        ...twoShares(metrics, (_, k) => verdicts[k] === 'holds'),
        reached: twoShares(
          metrics,
          (_, k) => verdicts[k] === 'holds' || verdicts[k] === 'better than claimed',
        ),
      };
    }),
    inBox,
  };
}
