// The claim box per era (issue 15): 1990-2006, an era none of the rules were tuned on (modelled VIX complex
// on `--history modelled`), beside 2007-2026 and the whole span, each rebuilt from the daily series.
import { CLAIM_ERAS } from '../../analytics/eras.js';
import type { ConfigResult, StudyMetrics } from '../types.js';
import { claimBoxShares, type ClaimBoxOptions, type ClaimShare, type TwoShares } from './claim-box.js';
import { median } from './moments.js';
import { windowMetrics, type StudyCalendar, type WindowMetrics, type WindowOptions } from './window.js';

/** An era shorter than this many daily returns says nothing about a yearly claim: it is left out. */
export const MIN_ERA_DAYS = 252;

export interface EraShares {
  era: string;
  /** First and last close of the era inside the study (its returns start from the close before `from`). */
  from: string;
  to: string;
  days: number;
  share_in_claim_box: TwoShares;
  share_per_claim: ClaimShare[];
  /** Median over configurations of the era's drawdown reduction and hedge cost (null when none measurable). */
  median_drawdown_reduction: number | null;
  median_hedge_cost: number | null;
}

/** A window's figures as the claim box reads them; what a window does not measure is NaN (never holds). */
function asStudyMetrics(w: WindowMetrics): StudyMetrics {
  const n = (x: number | null): number => (x === null ? NaN : x);
  return {
    drawdown_reduction: n(w.drawdown_reduction),
    hedge_cost: n(w.hedge_cost),
    hedge_cost_calm: NaN,
    months_credited_mtm: n(w.months_credited_mtm),
    months_credited_cash: NaN,
    cagr: w.cagr,
    max_drawdown: w.max_drawdown,
    volatility: w.volatility,
    sharpe: n(w.sharpe),
    hedge_spend: NaN,
    unhedged_cagr: w.unhedged_cagr,
    unhedged_max_drawdown: w.unhedged_max_drawdown,
    unhedged_sharpe: NaN,
    stress_drawdown_reduction: {},
  };
}

/** The median of the finite values, null when there are none. */
function medianOrNull(xs: readonly number[]): number | null {
  const m = median(xs);
  return Number.isFinite(m) ? m : null;
}

/**
 * The box per era that the study's days cover with at least MIN_ERA_DAYS returns. Empty unless two eras
 * qualify besides the whole span (a 2007-2026 study has one era, equal to its whole span).
 */
export function eraShares(
  results: readonly ConfigResult[],
  cal: StudyCalendar,
  box: ClaimBoxOptions,
  win: WindowOptions,
): EraShares[] {
  const last = cal.dates.length - 1;
  const spans = CLAIM_ERAS.map((era) => {
    let first = 0;
    while (first < last && era.from !== null && cal.dates[first] < era.from) first++;
    // The era's base is the close before its first day, so its first return is inside it.
    const a = first > 0 ? first - 1 : 0;
    let b = last;
    while (b > a && era.to !== null && cal.dates[b] > era.to) b--;
    return { era, first, a, b };
  }).filter((s) => s.b - s.a >= MIN_ERA_DAYS);
  if (spans.filter((s) => s.era.from !== null || s.era.to !== null).length < 2) return [];
  return spans.map(({ era, first, a, b }) => {
    const metrics = results.map((r) => asStudyMetrics(windowMetrics(r, cal, a, b, win)));
    const shares = claimBoxShares(metrics, box);
    return {
      era: era.id,
      from: cal.dates[first],
      to: cal.dates[b],
      days: b - a,
      share_in_claim_box: shares.share_in_claim_box,
      share_per_claim: shares.share_per_claim.filter((c) => shares.box.claims.includes(c.id)),
      median_drawdown_reduction: medianOrNull(metrics.map((m) => m.drawdown_reduction)),
      median_hedge_cost: medianOrNull(metrics.map((m) => m.hedge_cost)),
    };
  });
}
