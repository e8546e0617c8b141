// The statistics of a study (the `statistics` object of `alvh study --json`): the claim box and the share of
// configurations inside it and inside each claim, stress-window drawdown cuts, the cost / protection frontier,
// walk-forward selection, PBO (CSCV), the deflated Sharpe ratio and parameter stability. Pure: results in,
// numbers out. Options: StudyStatisticsOptions below (every field has a default); docs/studies-statistics.md.
import { eraShares, type EraShares } from './eras.js';
import type { ClaimTolerances } from '../../analytics/claims.js';
import { UserError } from '../../core/errors.js';
import type { ConfigResult, StudyDays } from '../types.js';
import {
  boxClaims,
  claimBoxShares,
  DEFAULT_CLAIM_BOX_OPTIONS,
  type ClaimShare,
  type TwoShares,
} from './claim-box.js';
import { deflatedSharpe, type DeflatedSharpe } from './dsr.js';
import { efficientFrontier } from './frontier.js';
import { OBJECTIVE_LABELS, runObjective, STUDY_OBJECTIVES, type StudyObjective } from './objective.js';
import { DEFAULT_PBO_OPTIONS, probabilityOfOverfitting, type PboOptions, type PboResult } from './pbo.js';
import {
  DEFAULT_STABILITY_OPTIONS,
  parameterStability,
  type StabilityOptions,
  type StabilityResult,
} from './stability.js';
import { stressShares, type StressShare } from './stress.js';
import {
  DEFAULT_WALK_FORWARD_OPTIONS,
  walkForward,
  type WalkForwardOptions,
  type WalkForwardResult,
} from './walk-forward.js';
import { studyCalendar } from './window.js';

export {
  inClaimBox,
  claimBoxShares,
  DEFAULT_BOX_CLAIMS,
  type ClaimBoxOptions,
  type Share,
  type TwoShares,
  type ClaimShare,
} from './claim-box.js';
export { STUDY_OBJECTIVES, OBJECTIVE_LABELS, type StudyObjective } from './objective.js';
export type { WindowMetrics } from './window.js';
export type { WalkForwardResult, WalkForwardFold, WalkForwardOptions } from './walk-forward.js';
export type { PboResult, PboOptions } from './pbo.js';
export type { DeflatedSharpe } from './dsr.js';
export type { StabilityResult, StabilityRow, StabilityOptions } from './stability.js';
export type { StressShare } from './stress.js';
export type { EraShares } from './eras.js';

export interface StudyStatisticsOptions {
  /** What "best" means for the walk-forward pick, parameter stability and the top list. PBO and DSR always rank by Sharpe ratio. */
  objective: StudyObjective;
  /** How loose "about" is in each claim (analytics/claims.ts). */
  claimTolerances: ClaimTolerances;
  /** Claim ids whose conjunction is the claim box. */
  boxClaims: readonly string[];
  /** Trading days per year, for annualising Sharpe ratios and volatility. */
  periodsPerYear: number;
  /**
   * Daily risk-free return on the same days as the returns (length = days - 1): Sharpe ratios (objective, PBO,
   * DSR) are then of excess returns. Null: of raw returns, which already hold the interest on cash.
   */
  riskFreeDaily: Float64Array | null;
  walkForward: WalkForwardOptions;
  pbo: PboOptions;
  stability: StabilityOptions;
  /** Configurations listed in `top`, best first by the objective. */
  top: number;
}

export const DEFAULT_STUDY_STATISTICS_OPTIONS: StudyStatisticsOptions = {
  objective: 'sharpe',
  claimTolerances: DEFAULT_CLAIM_BOX_OPTIONS.claimTolerances,
  boxClaims: DEFAULT_CLAIM_BOX_OPTIONS.boxClaims,
  periodsPerYear: 252,
  riskFreeDaily: null,
  walkForward: DEFAULT_WALK_FORWARD_OPTIONS,
  pbo: DEFAULT_PBO_OPTIONS,
  stability: DEFAULT_STABILITY_OPTIONS,
  top: 10,
};

/** Options as a caller passes them: any field left out takes its default (nested objects field by field). */
export type StudyStatisticsSettings = {
  [K in keyof StudyStatisticsOptions]?: StudyStatisticsOptions[K] extends
    Float64Array | null | readonly string[]
    ? StudyStatisticsOptions[K]
    : StudyStatisticsOptions[K] extends object
      ? Partial<StudyStatisticsOptions[K]>
      : StudyStatisticsOptions[K];
};

export interface StudyStatistics {
  trials: number;
  days: number;
  from: string;
  to: string;
  data_fingerprint: string;
  objective: StudyObjective;
  objective_label: string;
  claim_box: { claims: string[]; accepted: Record<string, [number, number]> };
  share_in_claim_box: TwoShares;
  share_per_claim: ClaimShare[];
  /** Drawdown reduction inside each named stress window, across configurations. */
  stress_drawdown_reduction: StressShare[];
  /** The box per era (1990-2006, 2007-2026, whole span) when the study spans more than one; else empty. */
  eras: EraShares[];
  /** Ids on the cost / protection frontier, by ascending hedge cost. */
  frontier: string[];
  walk_forward: WalkForwardResult;
  pbo: PboResult;
  /** With the best configuration's id; null without any configuration with a Sharpe ratio. */
  dsr: (DeflatedSharpe & { best_id: string }) | null;
  stability: StabilityResult;
  top: { id: string; objective: number }[];
  /** The options used (the risk-free series only as whether one was given). */
  settings: Omit<StudyStatisticsOptions, 'riskFreeDaily'> & { riskFreeDaily: boolean };
}

export function resolveStatisticsOptions(s: StudyStatisticsSettings = {}): StudyStatisticsOptions {
  const d = DEFAULT_STUDY_STATISTICS_OPTIONS;
  const o: StudyStatisticsOptions = {
    ...d,
    ...s,
    claimTolerances: { ...d.claimTolerances, ...s.claimTolerances },
    walkForward: { ...d.walkForward, ...s.walkForward },
    pbo: { ...d.pbo, ...s.pbo },
    stability: { ...d.stability, ...s.stability },
  };
  if (!STUDY_OBJECTIVES.includes(o.objective))
    throw new UserError(
      `statistics.objective: expected one of ${STUDY_OBJECTIVES.join(', ')}, found '${String(o.objective)}'`,
    );
  if (!(o.periodsPerYear > 0))
    throw new UserError(`statistics.periodsPerYear: expected > 0, found ${o.periodsPerYear}`);
  if (!Number.isInteger(o.top) || o.top < 0)
    throw new UserError(`statistics.top: expected a whole number >= 0, found ${o.top}`);
  if (!(o.walkForward.minTrainCoverage > 0 && o.walkForward.minTrainCoverage <= 1))
    throw new UserError(
      `statistics.walkForward.minTrainCoverage: expected a share in (0, 1], found ${o.walkForward.minTrainCoverage}`,
    );
  if (!['any', 'adjacent'].includes(o.stability.categorical))
    throw new UserError(
      `statistics.stability.categorical: expected 'any' or 'adjacent', found '${o.stability.categorical}'`,
    );
  return o;
}

/** Every result covers the study's days: its arrays one shorter than the dates; ids unique. */
function checkResults(
  results: readonly ConfigResult[],
  days: StudyDays,
  riskFree: Float64Array | null,
): void {
  const want = days.dates.length - 1;
  if (want < 1) throw new UserError(`study days: expected at least 2 dates, found ${days.dates.length}`);
  const ids = new Set<string>();
  results.forEach((r, k) => {
    if (ids.has(r.id)) throw new UserError(`results[${k}].id: configuration '${r.id}' appears twice`);
    ids.add(r.id);
    for (const field of ['returns', 'unhedgedReturns', 'sleeveReturns'] as const)
      if (r[field].length !== want)
        throw new UserError(
          `results[${k}] (${r.id}).${field}: expected ${want} daily values (one per date after the first), found ${r[field].length}`,
        );
  });
  if (riskFree !== null && riskFree.length !== want)
    throw new UserError(`statistics.riskFreeDaily: expected ${want} daily values, found ${riskFree.length}`);
}

export function computeStudyStatistics(
  results: readonly ConfigResult[],
  days: StudyDays,
  settings: StudyStatisticsSettings = {},
): StudyStatistics {
  const o = resolveStatisticsOptions(settings);
  checkResults(results, days, o.riskFreeDaily);
  const box = boxClaims(o);
  const metrics = results.map((r) => r.metrics);
  const shares = claimBoxShares(metrics, o);
  const cal = studyCalendar(days.dates);
  const win = { periodsPerYear: o.periodsPerYear, riskFree: o.riskFreeDaily ?? undefined };
  const returns = results.map((r) => r.returns);
  const excess = o.riskFreeDaily
    ? returns.map((x) => Float64Array.from(x, (v, i) => v - o.riskFreeDaily![i]))
    : returns;
  const objective = metrics.map((m) => runObjective(o.objective, m, box));
  const ranked = results.map((_, k) => k).sort((a, b) => objective[b] - objective[a] || a - b);
  const dsr = deflatedSharpe(returns, o.periodsPerYear, o.riskFreeDaily ?? undefined);
  const drawdownClaim =
    box.find((c) => c.id === 'drawdown-cut') ?? boxClaims({ ...o, boxClaims: ['drawdown-cut'] })[0];
  return {
    trials: results.length,
    days: days.dates.length,
    from: days.dates[0],
    to: days.dates[days.dates.length - 1],
    data_fingerprint: days.dataFingerprint,
    objective: o.objective,
    objective_label: OBJECTIVE_LABELS[o.objective],
    claim_box: shares.box,
    share_in_claim_box: shares.share_in_claim_box,
    share_per_claim: shares.share_per_claim,
    stress_drawdown_reduction: stressShares(metrics, drawdownClaim),
    eras: eraShares(results, cal, o, win),
    frontier: efficientFrontier(metrics).map((k) => results[k].id),
    walk_forward: walkForward(results, cal, o.objective, box, o.walkForward, win),
    pbo: probabilityOfOverfitting(excess, o.pbo),
    dsr: dsr === null ? null : { ...dsr, best_id: results[dsr.best].id },
    stability: parameterStability(results, objective, o.stability),
    top: ranked
      .slice(0, o.top)
      .filter((k) => Number.isFinite(objective[k]))
      .map((k) => ({ id: results[k].id, objective: objective[k] })),
    settings: { ...o, riskFreeDaily: o.riskFreeDaily !== null },
  };
}
