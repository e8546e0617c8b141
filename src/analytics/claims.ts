// The published ALVH claims as data, each checked against the measured value of the run. Verdicts are
// computed from the value and the claim's range (widened by its stated tolerance), never written by hand.
import type { BacktestRun } from '../engine/result.js';
import { compareToUnhedged, type BookMetrics } from './metrics.js';

export type Verdict = 'holds' | 'better than claimed' | 'worse than claimed' | 'not measurable';

export type ClaimQuantity =
  | 'drawdown-reduction'
  | 'hedge-cost-all-years'
  | 'hedge-cost-calm-years'
  | 'months-credited-mtm'
  | 'months-credited-cash';

export interface Claim {
  id: string;
  /** The claim as published. */
  statement: string;
  quantity: ClaimQuantity;
  /** How the measured value is obtained, in words. */
  measuredAs: string;
  /** The claimed range, as fractions [low, high]. */
  range: [number, number];
  /** Added to both ends of the range: how loose 'about' is taken to be (fraction; 0.05 = 5 points). */
  tolerance: number;
  /** Which side of the range is the strategy's good side. */
  better: 'higher' | 'lower';
}

export interface ClaimTolerances {
  /** 'cuts max drawdown by 35-40%': the range is the claim itself. */
  drawdown: number;
  /** 'about 1-2% a year': the range already says 'about'. */
  cost: number;
  /** 'about 65% of months': a point claim, so 'about' must be a width. */
  months: number;
}

export const DEFAULT_CLAIM_TOLERANCES: ClaimTolerances = { drawdown: 0, cost: 0, months: 0.05 };

/** Measured values are rounded to this step before the verdict, so the verdict agrees with the shown value. */
export const CLAIM_VALUE_STEP = 1e-4;

export function publishedClaims(tol: ClaimTolerances = DEFAULT_CLAIM_TOLERANCES): Claim[] {
  const cost = 'hedge cost per year (sleeve net mark-to-market P&L as % of average equity, positive = cost)';
  return [
    {
      id: 'drawdown-cut',
      statement: 'cuts max drawdown by 35-40%',
      quantity: 'drawdown-reduction',
      measuredAs: '1 - maxDD(hedged) / maxDD(unhedged), daily marked equity',
      range: [0.35, 0.4],
      tolerance: tol.drawdown,
      better: 'higher',
    },
    {
      id: 'cost-per-year',
      statement: 'costs about 1-2% a year',
      quantity: 'hedge-cost-all-years',
      measuredAs: `${cost}, all years`,
      range: [0.01, 0.02],
      tolerance: tol.cost,
      better: 'lower',
    },
    {
      id: 'cost-per-year-calm',
      statement: 'costs about 1-2% a year (years without a 20% SPX drawdown)',
      quantity: 'hedge-cost-calm-years',
      measuredAs: `${cost}, years without an SPX drawdown at the threshold`,
      range: [0.01, 0.02],
      tolerance: tol.cost,
      better: 'lower',
    },
    {
      id: 'months-credited',
      statement: 'net credited in about 65% of months (mark-to-market)',
      quantity: 'months-credited-mtm',
      measuredAs: 'share of months with sleeve mark-to-market P&L > 0',
      range: [0.65, 0.65],
      tolerance: tol.months,
      better: 'higher',
    },
    {
      id: 'months-credited-cash',
      statement: 'net credited in about 65% of months (cash flow)',
      quantity: 'months-credited-cash',
      measuredAs: 'share of months with sleeve net cash flow > 0',
      range: [0.65, 0.65],
      tolerance: tol.months,
      better: 'higher',
    },
  ];
}

export interface ClaimCheck {
  id: string;
  statement: string;
  measuredAs: string;
  /** Rounded to CLAIM_VALUE_STEP; null when not measurable. */
  measured: number | null;
  range: [number, number];
  tolerance: number;
  /** The range the verdict uses: [low - tolerance, high + tolerance]. */
  accepted: [number, number];
  verdict: Verdict;
  /** Why a value is not measurable; empty otherwise. */
  note: string;
}

/** A value rounded to CLAIM_VALUE_STEP, as every verdict sees it (the study's claim box uses it too). */
export function roundClaimValue(x: number): number {
  const r = Math.round(x / CLAIM_VALUE_STEP) * CLAIM_VALUE_STEP;
  return Number(r.toFixed(10)) + 0;
}

/**
 * 'holds' inside [low - tol, high + tol] (ends included); outside it, 'better than claimed' on the claim's
 * good side and 'worse than claimed' on the other; 'not measurable' when there is no finite value.
 */
export function claimVerdict(
  measured: number | null,
  claim: Pick<Claim, 'range' | 'tolerance' | 'better'>,
): Verdict {
  if (measured === null || !Number.isFinite(measured)) return 'not measurable';
  const lo = roundClaimValue(claim.range[0] - claim.tolerance);
  const hi = roundClaimValue(claim.range[1] + claim.tolerance);
  if (measured >= lo && measured <= hi) return 'holds';
  const above = measured > hi;
  return above === (claim.better === 'higher') ? 'better than claimed' : 'worse than claimed';
}

function measure(
  q: ClaimQuantity,
  hedged: BookMetrics,
  unhedged: BookMetrics | undefined,
): { value: number | null; note: string } {
  switch (q) {
    case 'drawdown-reduction': {
      if (!unhedged) return { value: null, note: 'no unhedged book in the run' };
      const c = compareToUnhedged(hedged, unhedged);
      return c.drawdownReduction === null
        ? { value: null, note: 'the unhedged book never fell' }
        : { value: c.drawdownReduction, note: '' };
    }
    case 'hedge-cost-all-years':
    case 'hedge-cost-calm-years': {
      if (!hedged.hedgeCost) return { value: null, note: 'the book has no hedge layers' };
      const v = q === 'hedge-cost-all-years' ? hedged.hedgeCost.allYears : hedged.hedgeCost.calmYears;
      return v === null ? { value: null, note: 'no year qualifies' } : { value: v, note: '' };
    }
    case 'months-credited-mtm':
    case 'months-credited-cash': {
      if (!hedged.monthsCredited) return { value: null, note: 'the book has no hedge layers' };
      const m = q === 'months-credited-mtm' ? hedged.monthsCredited.mtm : hedged.monthsCredited.cash;
      return m.share === null
        ? { value: null, note: 'no month with the sleeve active' }
        : { value: m.share, note: '' };
    }
  }
}

/** Checks every claim on the run's hedged book against its unhedged book. */
export function checkClaims(
  run: BacktestRun,
  metrics: readonly BookMetrics[],
  claims: readonly Claim[] = publishedClaims(),
): ClaimCheck[] {
  const hedged = metrics.find((m) => m.name === run.hedged);
  const unhedged = metrics.find((m) => m.name === run.unhedged);
  return claims.map((c) => {
    const { value, note } = hedged
      ? measure(c.quantity, hedged, unhedged)
      : { value: null, note: `no book named '${run.hedged}'` };
    const measured = value === null || !Number.isFinite(value) ? null : roundClaimValue(value);
    return {
      id: c.id,
      statement: c.statement,
      measuredAs: c.measuredAs,
      measured,
      range: c.range,
      tolerance: c.tolerance,
      accepted: [roundClaimValue(c.range[0] - c.tolerance), roundClaimValue(c.range[1] + c.tolerance)],
      verdict: claimVerdict(measured, c),
      note,
    };
  });
}
