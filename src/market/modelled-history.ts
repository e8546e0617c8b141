// `--history modelled`: a real panel whose days without a VIX futures curve or a VVIX get modelled ones
// (src/market/modelled-inputs.ts, fitted on every day that has both), each modelled day named in the panel.
import { fingerprintOf } from '../core/hash.js';
import {
  fitModelledInputs,
  modelFeatures,
  modelledCurve,
  modelledVvix,
  type FitWindow,
  type ModelledInputsModel,
} from './modelled-inputs.js';
import { SPXW_LISTING_START } from './expirations.js';
import type { ModelledSpan, Panel } from './panel.js';

export const HISTORY_MODES = ['real', 'modelled'] as const;
export type HistoryMode = (typeof HISTORY_MODES)[number];

/** A day's real curve is used when it lists at least this many contracts expiring after the day (M1 and M2). */
const MIN_REAL_CONTRACTS = 2;

export interface ModelledPanel {
  panel: Panel;
  model: ModelledInputsModel;
  /** What was modelled, for the run's notes (also in `panel.modelled`). */
  notes: string[];
}

/** Contracts of day i expiring after it. */
function contractsAfter(panel: Panel, i: number): number {
  let count = 0;
  for (let c = panel.futures.start[i]; c < panel.futures.start[i + 1]; c++)
    if (panel.futures.expiry[c] > panel.days[i]) count++;
  return count;
}

/**
 * Runs of the given ascending panel indices, as date ranges. A run goes on across days for which `bridge`
 * holds (days without a VIX close, where nothing is modelled or traded), so they do not split a range.
 */
export function dateRuns(
  panel: Pick<Panel, 'dates'>,
  idx: readonly number[],
  bridge: (i: number) => boolean = () => false,
): ModelledSpan['ranges'] {
  const out: { from: string; to: string; days: number }[] = [];
  const joins = (a: number, b: number): boolean => {
    for (let i = a + 1; i < b; i++) if (!bridge(i)) return false;
    return true;
  };
  let k = 0;
  while (k < idx.length) {
    let j = k;
    while (j + 1 < idx.length && joins(idx[j], idx[j + 1])) j++;
    out.push({ from: panel.dates[idx[k]], to: panel.dates[idx[j]], days: j - k + 1 });
    k = j + 1;
  }
  return out;
}

/** How a span reads in a note or a banner: its first ranges and a count of the rest. */
export function describeSpan(s: ModelledSpan): string {
  const shown = s.ranges.slice(0, 3).map((r) => (r.from === r.to ? r.from : `${r.from}..${r.to}`));
  const more = s.ranges.length > 3 ? ` and ${s.ranges.length - 3} more range(s)` : '';
  return `${s.input} modelled on ${s.days} day(s): ${shown.join(', ')}${more}`;
}

/** The panel's futures curves and VVIX with modelled ones on the chosen days, and the days that got them. */
export function applyModel(
  panel: Panel,
  model: ModelledInputsModel,
  features: Float64Array,
  choose: { futures: (i: number) => boolean; vvix: (i: number) => boolean },
): { futures: Panel['futures']; vvixClose: Float64Array; futuresDays: number[]; vvixDays: number[] } {
  const { n } = panel;
  const f = panel.futures;
  const start = new Int32Array(n + 1);
  const expiry: number[] = [];
  const settle: number[] = [];
  const vvix = Float64Array.from(panel.series.vvixClose);
  const futuresDays: number[] = [];
  const vvixDays: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = expiry.length;
    const vix = panel.series.vixClose[i];
    const curve =
      choose.futures(i) && Number.isFinite(vix)
        ? modelledCurve(model, features, i, panel.days[i], vix)
        : null;
    if (curve !== null && curve.expiry.length >= 2 && curve.settle.every(Number.isFinite)) {
      expiry.push(...curve.expiry);
      settle.push(...curve.settle);
      futuresDays.push(i);
    } else
      for (let c = f.start[i]; c < f.start[i + 1]; c++) {
        expiry.push(f.expiry[c]);
        settle.push(f.settle[c]);
      }
    if (choose.vvix(i)) {
      const v = modelledVvix(model, features, i);
      if (Number.isFinite(v)) {
        vvix[i] = v;
        vvixDays.push(i);
      }
    }
  }
  start[n] = expiry.length;
  return {
    futures: { start, expiry: Int32Array.from(expiry), settle: Float64Array.from(settle) },
    vvixClose: vvix,
    futuresDays,
    vvixDays,
  };
}

/**
 * The panel with modelled inputs on the days that lack them: a VIX futures curve where fewer than two
 * contracts expiring after the day are listed, a VVIX where it is missing. Real values are never replaced.
 * `window` limits the fit (default: every day with the real input, the "fit on all years" of docs/data.md).
 */
export function withModelledInputs(panel: Panel, window: FitWindow = {}): ModelledPanel {
  const features = modelFeatures(panel);
  const model = fitModelledInputs(panel, window, features);
  const applied = applyModel(panel, model, features, {
    futures: (i) => contractsAfter(panel, i) < MIN_REAL_CONTRACTS,
    vvix: (i) => !Number.isFinite(panel.series.vvixClose[i]),
  });
  const futDays = applied.futuresDays;
  const noVix = (i: number): boolean => !Number.isFinite(panel.series.vixClose[i]);
  const vvDays = applied.vvixDays;
  const modelled: ModelledSpan[] = [];
  const name = (
    input: ModelledSpan['input'],
    days: number[],
    what: string,
    fit: typeof model.fit.vvix,
  ): void => {
    if (days.length === 0) return;
    modelled.push({
      input,
      days: days.length,
      ranges: dateRuns(panel, days, noVix),
      note: `${what} fitted on ${fit.days} day(s) ${fit.from}..${fit.to} with both; log error ${fit.rmseLog.toFixed(4)} in sample`,
    });
  };
  name(
    'vix-futures',
    futDays,
    'VIX futures curve (8 contracts by the VIX expiration rule)',
    model.fit.futures,
  );
  name('vvix', vvDays, 'VVIX', model.fit.vvix);
  const notes = modelled.map((s) => `${describeSpan(s)} (${s.note})`);
  if (modelled.length > 0)
    notes.push(
      'modelled inputs are estimates, not history: VIX futures before 2004-03-26 and VIX options before 2006-02-24 were not listed, so any trade in them on modelled days is a hypothetical instrument (docs/data.md)',
    );
  const fridays = SPXW_LISTING_START[5];
  if (modelled.length > 0 && panel.dates[0] < fridays)
    notes.push(
      `SPXW weeklies were first listed for ${fridays} (Fridays; docs/calendar.md): weekly rules (the financing layer) follow the listing history, so before it they cannot act, and those days are counted among the days a rule could not act`,
    );
  const coefficients = [...model.futuresBeta, ...model.vvixBeta].map((x) => x.toPrecision(12)).join(',');
  return {
    panel: {
      ...panel,
      series: { ...panel.series, vvixClose: applied.vvixClose },
      futures: applied.futures,
      description:
        modelled.length === 0
          ? panel.description
          : `${panel.description}; MODELLED ${modelled.map(describeSpan).join('; ')}`,
      fingerprint:
        modelled.length === 0
          ? panel.fingerprint
          : fingerprintOf([
              ['panel', panel.fingerprint],
              ['model', `${model.version}:${coefficients}`],
            ]),
      modelled,
    },
    model,
    notes,
  };
}
