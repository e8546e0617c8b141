// Leave-one-day-out validation of the smile fit: refit on every full chain but one, measure the engine's
// structures on the day left out and the quotes of the partial chains, and summarise against the targets.
import type { OptionChain } from '../market/option-chain.js';
import type { Panel } from '../market/panel.js';
import {
  measureStructures,
  type StructureMeasure,
  type StructureSpecs,
  type WingSlope,
} from '../engine/chain-structures.js';
import { MarketContext } from '../view/market-context.js';
import { median } from '../pricing/fidelity.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import { fitSample, fitSmile, sampleErrors, type FitSample, type FitWindow } from '../pricing/smile-fit.js';
import type { SmileParams } from '../pricing/spx-smile.js';

/** The targets: |model / real - 1| for structures, vol points for the put-wing slope. */
export const FIT_TARGETS = {
  condorMedian: 0.05,
  condorWorst: 0.12,
  callSpread: 0.2,
  marks: 0.15,
  slopePoints: 0.2,
} as const;

/** Every quote of a partial chain counts: they are near the money (2023) or long-dated (2025). */
const PARTIAL_WINDOW: FitWindow = { minDelta: 0.01, maxDelta: 0.5, minDays: 4, maxDays: 1000 };

export interface ChainDay {
  chain: OptionChain;
  sample: FitSample;
}

/** The fit sample of a chain on its panel day (the engine's carried rate, the smile's dividend fallback). */
export function chainDay(
  panel: Panel,
  chain: OptionChain,
  params: SmileParams,
  window?: FitWindow,
): ChainDay {
  const i = panel.dates.indexOf(chain.quoteDate);
  if (i < 0) throw new RangeError(`${chain.quoteDate} is not a day of the panel`);
  const inputs = smileInputsAt(panel, i, new MarketContext(panel).rate(i));
  const q = Number.isFinite(inputs.dividendYieldAnnual)
    ? inputs.dividendYieldAnnual
    : params.fallbackDividendYield;
  return { chain, sample: fitSample(chain, inputs, q, window) };
}

export interface StructureSummary {
  /** Over condor_spec and condor_cndr. */
  condorMedian: number;
  condorWorst: number;
  callSpreadWorst: number;
  marksWorst: number;
  /** |model - real| of the put-wing slope at the spec condor's own tenor. */
  slopeWorstPoints: number;
}

export function summarise(
  structures: readonly StructureMeasure[],
  slopes: readonly WingSlope[],
  specDays: ReadonlyMap<string, number>,
): StructureSummary {
  const abs = (names: readonly string[]): number[] =>
    structures.filter((s) => names.includes(s.structure)).map((s) => Math.abs(s.error));
  const worst = (xs: number[]): number => (xs.length > 0 ? Math.max(...xs) : NaN);
  const condor = abs(['condor_spec', 'condor_cndr']);
  return {
    condorMedian: median(condor),
    condorWorst: worst(condor),
    callSpreadWorst: worst(abs(['call_spread_5d_weekly'])),
    marksWorst: worst(abs(['condor_marks_21dte', 'condor_marks_10dte'])),
    slopeWorstPoints: worst(
      slopes.filter((s) => specDays.get(s.day) === s.dte).map((s) => Math.abs(s.error_points)),
    ),
  };
}

export function meetsTargets(s: StructureSummary): boolean {
  const t = FIT_TARGETS;
  return (
    s.condorMedian <= t.condorMedian &&
    s.condorWorst <= t.condorWorst &&
    s.callSpreadWorst <= t.callSpread &&
    s.marksWorst <= t.marks &&
    s.slopeWorstPoints <= t.slopePoints
  );
}

export interface Fold {
  heldOut: string;
  params: SmileParams;
  structures: StructureMeasure[];
  slopes: WingSlope[];
  /** Median |vol error| (vol points) on each partial chain's quotes, by date. */
  partial: { date: string; quotes: number; medianAbsVolPoints: number }[];
}

export interface Validation {
  folds: Fold[];
  /** Over every held-out day. */
  summary: StructureSummary;
}

function partialErrors(partial: readonly ChainDay[], params: SmileParams): Fold['partial'] {
  const byDate = new Map<string, number[]>();
  for (const d of partial) {
    const list = byDate.get(d.sample.date) ?? [];
    for (const e of sampleErrors(d.sample, params)) list.push(Math.abs(e));
    byDate.set(d.sample.date, list);
  }
  return [...byDate].map(([date, errs]) => ({ date, quotes: errs.length, medianAbsVolPoints: median(errs) }));
}

/** The spec condor's tenor on each day (where the put-wing slope is judged). */
function specTenors(structures: readonly StructureMeasure[]): Map<string, number> {
  return new Map(structures.filter((s) => s.structure === 'condor_spec').map((s) => [s.day, s.dte]));
}

/** Structures and partial-chain errors of one parameter set on the given days (no fit). */
export function judge(
  panel: Panel,
  days: readonly ChainDay[],
  partial: readonly ChainDay[],
  specs: StructureSpecs,
  params: SmileParams,
): {
  structures: StructureMeasure[];
  slopes: WingSlope[];
  partial: Fold['partial'];
  summary: StructureSummary;
} {
  const structures: StructureMeasure[] = [];
  const slopes: WingSlope[] = [];
  for (const d of days) {
    const r = measureStructures(panel, d.chain, specs, params);
    structures.push(...r.structures);
    slopes.push(...r.put_wing_slope);
  }
  return {
    structures,
    slopes,
    partial: partialErrors(partial, params),
    summary: summarise(structures, slopes, specTenors(structures)),
  };
}

/**
 * Leave one full chain out at a time: fit on the others (from `base`), judge on the one left out and on
 * every partial chain. Deterministic. `onFold(done, total)` is called after each fold (a progress bar).
 */
export function leaveOneDayOut(
  panel: Panel,
  full: readonly ChainDay[],
  partial: readonly ChainDay[],
  specs: StructureSpecs,
  base: SmileParams,
  onFold: (done: number, total: number) => void = () => {},
  keys?: readonly (keyof SmileParams)[],
): Validation {
  const folds: Fold[] = full.map((out, k) => {
    const params = fitSmile(
      full.filter((d) => d !== out).map((d) => d.sample),
      base,
      undefined,
      undefined,
      keys,
    ).params;
    const j = judge(panel, [out], partial, specs, params);
    onFold(k + 1, full.length);
    return {
      heldOut: out.chain.quoteDate,
      params,
      structures: j.structures,
      slopes: j.slopes,
      partial: j.partial,
    };
  });
  const structures = folds.flatMap((f) => f.structures);
  const slopes = folds.flatMap((f) => f.slopes);
  return { folds, summary: summarise(structures, slopes, specTenors(structures)) };
}

export { PARTIAL_WINDOW };
