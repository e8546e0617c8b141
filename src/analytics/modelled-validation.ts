// Out-of-sample check of the modelled VIX complex: fit on the early years, replace the later years' real curve
// and VVIX with modelled ones, and compare M1, M2, the backwardation sign, trigger days and VVIX with the real.
import { isoToDay } from '../core/dates.js';
import { applyModel } from '../market/modelled-history.js';
import { fitModelledInputs, modelFeatures, type ModelledInputsModel } from '../market/modelled-inputs.js';
import type { Panel } from '../market/panel.js';
import { computeSignals } from '../signals/signal-table.js';
import { compileTrigger, parseTrigger } from '../signals/trigger.js';

export interface ValidationOptions {
  /** Last day of the fit (ISO); the fit starts where the data have futures (2004) and VVIX (2007). */
  fitTo: string;
  /** First judged day (ISO); judged to the end of the data. */
  judgeFrom: string;
  /** Trigger expressions to compare (the preset's L2 and L3), by name. */
  triggers: readonly { name: string; expression: string }[];
}

export const DEFAULT_VALIDATION_WINDOWS = { fitTo: '2014-12-31', judgeFrom: '2015-01-01' } as const;

export interface ErrorStats {
  days: number;
  /** Modelled minus real, in index points. */
  meanAbs: number;
  rmse: number;
  bias: number;
  p95Abs: number;
}

export interface TriggerComparison {
  name: string;
  expression: string;
  /** Judged days the trigger holds on real inputs, on modelled inputs, and on both. */
  realDays: number;
  modelledDays: number;
  bothDays: number;
}

export interface ModelledValidation {
  fit: ModelledInputsModel['fit'];
  judged: { from: string; to: string; days: number };
  m1: ErrorStats;
  m2: ErrorStats;
  /** Days where the sign of M1/M2 - 1 (backwardation > 0, or not) agrees. */
  backwardationSign: { agree: number; days: number; share: number; realBackwardationDays: number };
  triggers: TriggerComparison[];
  vvix: ErrorStats;
}

export function errorStats(errors: readonly number[]): ErrorStats {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const n = errors.length;
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  return {
    days: n,
    meanAbs: n > 0 ? sum(abs) / n : NaN,
    rmse: n > 0 ? Math.sqrt(sum(errors.map((e) => e * e)) / n) : NaN,
    bias: n > 0 ? sum(errors) / n : NaN,
    p95Abs: n > 0 ? abs[Math.min(n - 1, Math.ceil(0.95 * n) - 1)] : NaN,
  };
}

export function validateModelledInputs(panel: Panel, opts: ValidationOptions): ModelledValidation {
  const features = modelFeatures(panel);
  const model = fitModelledInputs(panel, { to: opts.fitTo }, features);
  const judgeDay = isoToDay(opts.judgeFrom);
  const judged = (i: number): boolean => panel.days[i] >= judgeDay;
  const applied = applyModel(panel, model, features, { futures: judged, vvix: judged });
  const modelled: Panel = {
    ...panel,
    futures: applied.futures,
    series: { ...panel.series, vvixClose: applied.vvixClose },
  };
  const real = computeSignals(panel);
  const est = computeSignals(modelled);
  const [rm1, rm2, em1, em2] = [real.get('m1'), real.get('m2'), est.get('m1'), est.get('m2')];
  const e1: number[] = [];
  const e2: number[] = [];
  const ev: number[] = [];
  let agree = 0;
  let realBack = 0;
  const days: number[] = [];
  const modelledDays = new Set(applied.futuresDays);
  const modelledVvixDays = new Set(applied.vvixDays);
  for (let i = 0; i < panel.n; i++) {
    if (!judged(i)) continue;
    const vv = panel.series.vvixClose[i];
    if (modelledVvixDays.has(i) && vv > 0) ev.push(applied.vvixClose[i] - vv);
    if (!modelledDays.has(i) || !(rm1[i] > 0 && rm2[i] > 0 && em1[i] > 0 && em2[i] > 0)) continue;
    days.push(i);
    e1.push(em1[i] - rm1[i]);
    e2.push(em2[i] - rm2[i]);
    const rb = rm1[i] / rm2[i] - 1 > 0;
    if (rb) realBack++;
    if (rb === em1[i] / em2[i] - 1 > 0) agree++;
  }
  const triggers = opts.triggers.map(({ name, expression }) => {
    const onReal = compileTrigger(parseTrigger(expression, real.names), real);
    const onEst = compileTrigger(parseTrigger(expression, est.names), est);
    let r = 0;
    let m = 0;
    let both = 0;
    for (const i of days) {
      const a = onReal(i);
      const b = onEst(i);
      if (a) r++;
      if (b) m++;
      if (a && b) both++;
    }
    return { name, expression, realDays: r, modelledDays: m, bothDays: both };
  });
  return {
    fit: model.fit,
    judged: {
      from: days.length > 0 ? panel.dates[days[0]] : opts.judgeFrom,
      to: days.length > 0 ? panel.dates[days[days.length - 1]] : opts.judgeFrom,
      days: days.length,
    },
    m1: errorStats(e1),
    m2: errorStats(e2),
    backwardationSign: {
      agree,
      days: days.length,
      share: days.length > 0 ? agree / days.length : NaN,
      realBackwardationDays: realBack,
    },
    triggers,
    vvix: errorStats(ev),
  };
}
