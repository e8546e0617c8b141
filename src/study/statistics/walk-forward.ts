// Walk-forward selection: each test period (calendar years), pick the best configuration by the objective on
// the training window of years before it, trade that configuration through the test period, and chain the
// test periods into one out-of-sample record, reported beside the hindsight pick over the same days.
import { UserError } from '../../core/errors.js';
import type { Claim } from '../../analytics/claims.js';
import type { ConfigResult } from '../types.js';
import { windowObjective, type StudyObjective } from './objective.js';
import { windowMetrics, type StudyCalendar, type WindowMetrics, type WindowOptions } from './window.js';

export interface WalkForwardOptions {
  /** Calendar years of the training window before each test period. */
  trainYears: number;
  /** Calendar years in each test period (and the step between folds). */
  testYears: number;
  /**
   * A fold runs only when the data cover at least this share of its training window (a run starting on
   * 3 January still trains on "five years"; one starting in June of the first year does not).
   */
  minTrainCoverage: number;
}

export const DEFAULT_WALK_FORWARD_OPTIONS: WalkForwardOptions = {
  trainYears: 5,
  testYears: 1,
  minTrainCoverage: 0.95,
};

export interface WalkForwardFold {
  train: { from: string; to: string };
  test: { from: string; to: string };
  chosen: string;
  train_objective: number | null;
  test_objective: number | null;
  /** The chosen configuration over its training window and over the test period. */
  in_sample: WindowMetrics;
  out_of_sample: WindowMetrics;
}

export interface WalkForwardResult {
  objective: StudyObjective;
  train_years: number;
  test_years: number;
  folds: WalkForwardFold[];
  /** The test periods chained: each period traded with the configuration chosen before it. */
  out_of_sample: WindowMetrics | null;
  /** The configuration best by the objective over the whole chained span, in hindsight, over the same days. */
  hindsight_best: string | null;
  in_sample: WindowMetrics | null;
  /** Distinct configurations chosen over the folds. */
  distinct_choices: number;
  note: string;
}

/** Index of the last close before the first close dated in `year` or later; null when no close is before it. */
function baseBefore(cal: StudyCalendar, year: number): number | null {
  let k = -1;
  for (let t = 0; t < cal.year.length && cal.year[t] < year; t++) k = t;
  return k < 0 ? null : k;
}

function lastCloseOf(cal: StudyCalendar, yearTo: number): number {
  let k = -1;
  for (let t = 0; t < cal.year.length && cal.year[t] <= yearTo; t++) k = t;
  return k;
}

function argBest(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function walkForward(
  results: readonly ConfigResult[],
  cal: StudyCalendar,
  objective: StudyObjective,
  box: readonly Claim[],
  opts: WalkForwardOptions,
  win: WindowOptions,
): WalkForwardResult {
  for (const [key, v] of [
    ['trainYears', opts.trainYears],
    ['testYears', opts.testYears],
  ] as const)
    if (!Number.isInteger(v) || v < 1)
      throw new UserError(`statistics.walkForward.${key}: expected a whole number of years >= 1, found ${v}`);
  const empty: WalkForwardResult = {
    objective,
    train_years: opts.trainYears,
    test_years: opts.testYears,
    folds: [],
    out_of_sample: null,
    hindsight_best: null,
    in_sample: null,
    distinct_choices: 0,
    note: '',
  };
  const n = cal.dates.length;
  if (results.length === 0 || n < 2) return { ...empty, note: 'no configurations or no days' };
  const firstYear = cal.year[0];
  const lastYear = cal.year[n - 1];
  const folds: WalkForwardFold[] = [];
  const chosenIds = new Set<string>();
  const chained = {
    returns: new Float64Array(n - 1),
    unhedgedReturns: new Float64Array(n - 1),
    sleeveReturns: new Float64Array(n - 1),
  };
  let span: [number, number] | null = null;
  const values = new Float64Array(results.length);
  // Years step by one until the first fold has a full training window, then by the test period.
  for (let y = firstYear + 1; y <= lastYear; y += span === null ? 1 : opts.testYears) {
    const a = baseBefore(cal, y);
    const b = lastCloseOf(cal, y + opts.testYears - 1);
    if (a === null || b <= a) continue;
    const trainBase = baseBefore(cal, y - opts.trainYears) ?? 0;
    const nominal = opts.trainYears * 365.25;
    if (cal.day[a] - cal.day[trainBase] < opts.minTrainCoverage * nominal) continue;
    results.forEach(
      (r, k) => (values[k] = windowObjective(objective, windowMetrics(r, cal, trainBase, a, win), box)),
    );
    const pick = argBest(values);
    const chosen = results[pick];
    chosenIds.add(chosen.id);
    const oos = windowMetrics(chosen, cal, a, b, win);
    folds.push({
      train: { from: cal.dates[trainBase], to: cal.dates[a] },
      test: { from: cal.dates[a], to: cal.dates[b] },
      chosen: chosen.id,
      train_objective: finite(values[pick]),
      test_objective: finite(windowObjective(objective, oos, box)),
      in_sample: windowMetrics(chosen, cal, trainBase, a, win),
      out_of_sample: oos,
    });
    chained.returns.set(chosen.returns.subarray(a, b), a);
    chained.unhedgedReturns.set(chosen.unhedgedReturns.subarray(a, b), a);
    chained.sleeveReturns.set(chosen.sleeveReturns.subarray(a, b), a);
    span = span === null ? [a, b] : [span[0], b];
  }
  if (span === null)
    return {
      ...empty,
      note: `the data (${cal.dates[0]} .. ${cal.dates[n - 1]}) hold no test year after ${opts.trainYears} training years`,
    };
  const [from, to] = span;
  results.forEach(
    (r, k) => (values[k] = windowObjective(objective, windowMetrics(r, cal, from, to, win), box)),
  );
  const hindsight = results[argBest(values)];
  return {
    ...empty,
    folds,
    out_of_sample: windowMetrics(chained, cal, from, to, win),
    hindsight_best: hindsight.id,
    in_sample: windowMetrics(hindsight, cal, from, to, win),
    distinct_choices: chosenIds.size,
  };
}
