// The modelled VIX complex: a VIX futures curve and a VVIX for days the data lack them, from what the day has
// (VIX, its recent path, SKEW, realised SPX vol), by least-squares fits on the days that have both.
import { isoToDay, type DayNumber } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import { vixExpirationsBetween } from './expirations.js';
import { NormalEquations } from './least-squares.js';
import type { Panel } from './panel.js';

/**
 * Names of the regressors of a day (docs/data.md explains each): the VIX level and its square (the curve
 * inverts faster than linearly as VIX rises), VIX against its means over the last 5, 20, 60 and 250 trading
 * days (its recent path: a spike inverts the front of the curve, a VIX above its year's mean pulls the whole
 * curve toward that mean), SKEW, SPX realised vol against VIX, and the realised vol of VIX itself.
 */
export const MODEL_FEATURES = [
  'one',
  'log(vix/20)',
  'log(vix/20)^2',
  'log(vix/mean5)',
  'log(vix/mean20)',
  'log(vix/mean60)',
  'log(vix/mean250)',
  '(skew-120)/10',
  'log(rv20/vix)',
  'log(vvol20)',
] as const;
const F = MODEL_FEATURES.length;
const SKEW_FEATURE = MODEL_FEATURES.indexOf('(skew-120)/10');
/**
 * The futures model leaves SKEW out: fitted on 2004-2014 it made the 2015-2026 curve worse (M2 error 0.87
 * against 0.82 points without it, docs/data.md), while it helps VVIX (mean error 10.1 against 12.5).
 */
const FUTURES_USES = MODEL_FEATURES.map((_, f) => f !== SKEW_FEATURE);

/**
 * Tenor knots (calendar days to expiry) of the futures model. The coefficients of log(F/VIX) are piecewise
 * linear in the tenor between knots and pinned to 0 at 0 days (a future converges to the index at expiry);
 * past the last knot they stay flat.
 */
export const TENOR_KNOTS = [0, 21, 42, 63, 105, 147, 210, 294] as const;
const K = TENOR_KNOTS.length - 1;
/** Contracts a modelled curve lists (the real curve lists 7 to 9), and the longest tenor fitted or made. */
export const MODELLED_CONTRACTS = 8;
const MAX_TENOR_DAYS = 300;
/**
 * The realised-vol window (trading days), and the fewest valid values a window needs: a longer window reads
 * what it has until it fills (the 250-day mean of VIX in 1990 is the mean since 1990-01-02), so the model can
 * start two weeks into the data.
 */
const LONG_WINDOW = 20;
const MIN_IN_WINDOW = 10;
/** How long a missing SKEW carries its last value (its 2000-10 gap is 13 days); beyond it the term is 0. */
const SKEW_CARRY_DAYS = 20;

/** The data hold too little of the real inputs to fit the models on. */
export class ModelFitError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFitError';
  }
}

/** Fewest days with the real input a fit needs (a year of trading). */
const MIN_FIT_DAYS = 250;

export interface FitWindow {
  /** ISO dates, inclusive; undefined = open end. */
  from?: string;
  to?: string;
}

export interface ModelledInputsModel {
  version: 'modelled-v1';
  /** Futures coefficients, knot-major: futuresBeta[(knot - 1) * F + feature]. */
  futuresBeta: Float64Array;
  vvixBeta: Float64Array;
  fit: {
    futures: { from: string; to: string; days: number; rows: number; rmseLog: number };
    vvix: { from: string; to: string; days: number; rmseLog: number };
  };
}

/** The regressors of every panel day, day-major (NaN where a day lacks VIX or enough history). */
export function modelFeatures(panel: Pick<Panel, 'n' | 'series'>): Float64Array {
  const { n } = panel;
  const { vixClose: vix, spxClose: spx, skewClose: skew } = panel.series;
  const out = new Float64Array(n * F).fill(NaN);
  let lastSkew = NaN;
  let lastSkewAt = -Infinity;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(skew[i])) {
      lastSkew = skew[i];
      lastSkewAt = i;
    }
    const v = vix[i];
    if (!(v > 0)) continue;
    const mean5 = windowMean(vix, i, 5, 4);
    const means = [20, 60, 250].map((w) => windowMean(vix, i, w));
    const rv = realisedVol(spx, i);
    const vvol = realisedVol(vix, i);
    if (!(mean5 > 0 && means.every((m) => m > 0) && rv > 0 && vvol > 0)) continue;
    const level = Math.log(v / 20);
    out.set(
      [
        1,
        level,
        level * level,
        Math.log(v / mean5),
        ...means.map((m) => Math.log(v / m)),
        i - lastSkewAt <= SKEW_CARRY_DAYS ? (lastSkew - 120) / 10 : 0,
        Math.log((100 * rv) / v),
        Math.log(vvol),
      ],
      i * F,
    );
  }
  return out;
}

/** Mean of the valid values among the last `window` days up to i (NaN with fewer than `min`). */
function windowMean(x: Float64Array, i: number, window: number, min = MIN_IN_WINDOW): number {
  let sum = 0;
  let count = 0;
  for (let j = Math.max(0, i - window + 1); j <= i; j++)
    if (Number.isFinite(x[j])) {
      sum += x[j];
      count++;
    }
  return count >= min ? sum / count : NaN;
}

/** Annualised root mean square of daily log changes over the last 20 days up to i (a fraction). */
function realisedVol(x: Float64Array, i: number): number {
  let sum = 0;
  let count = 0;
  for (let j = Math.max(1, i - LONG_WINDOW + 1); j <= i; j++) {
    if (!(x[j] > 0 && x[j - 1] > 0)) continue;
    const r = Math.log(x[j] / x[j - 1]);
    sum += r * r;
    count++;
  }
  return count >= MIN_IN_WINDOW ? Math.sqrt((252 * sum) / count) : NaN;
}

/** Writes the tenor basis of `tenorDays` (hat functions of the knots after 0) into `out`. */
function tenorBasis(tenorDays: number, out: Float64Array): void {
  out.fill(0);
  const t = Math.min(Math.max(tenorDays, 0), TENOR_KNOTS[K]);
  for (let k = 1; k <= K; k++) {
    const lo = TENOR_KNOTS[k - 1];
    const hi = TENOR_KNOTS[k];
    if (t >= lo && t <= hi) {
      const w = hi > lo ? (t - lo) / (hi - lo) : 1;
      out[k - 1] += w;
      if (k >= 2) out[k - 2] += 1 - w;
      return;
    }
  }
}

function inWindow(day: DayNumber, from: DayNumber, to: DayNumber): boolean {
  return day >= from && day <= to;
}

/**
 * Fits both models on the panel's days inside `window` that have the real input and the regressors: the
 * futures model on every listed contract expiring after the day and within 300 days (log(F/VIX) on the
 * regressors times the tenor basis), the VVIX model on log VVIX.
 */
export function fitModelledInputs(
  panel: Panel,
  window: FitWindow = {},
  features: Float64Array = modelFeatures(panel),
): ModelledInputsModel {
  const from = window.from === undefined ? -Infinity : isoToDay(window.from);
  const to = window.to === undefined ? Infinity : isoToDay(window.to);
  const { start, expiry, settle } = panel.futures;
  const fut = new NormalEquations(K * F);
  const vv = new NormalEquations(F);
  const basis = new Float64Array(K);
  const x = new Float64Array(K * F);
  const futDays: number[] = [];
  const vvDays: number[] = [];
  for (let i = 0; i < panel.n; i++) {
    const day = panel.days[i];
    if (!inWindow(day, from, to) || !Number.isFinite(features[i * F])) continue;
    const vix = panel.series.vixClose[i];
    let used = false;
    for (let c = start[i]; c < start[i + 1]; c++) {
      const tenor = expiry[c] - day;
      if (tenor <= 0 || tenor > MAX_TENOR_DAYS || !(settle[c] > 0)) continue;
      tenorBasis(tenor, basis);
      for (let k = 0; k < K; k++)
        for (let f = 0; f < F; f++) x[k * F + f] = FUTURES_USES[f] ? basis[k] * features[i * F + f] : 0;
      fut.add(x, Math.log(settle[c] / vix));
      used = true;
    }
    if (used) futDays.push(i);
    const vvix = panel.series.vvixClose[i];
    if (vvix > 0) {
      vv.add(features.subarray(i * F, i * F + F), Math.log(vvix));
      vvDays.push(i);
    }
  }
  if (futDays.length < MIN_FIT_DAYS || vvDays.length < MIN_FIT_DAYS)
    throw new ModelFitError(
      `cannot model VIX futures and VVIX: too few days to fit on (${futDays.length} with VIX futures, ${vvDays.length} with VVIX; at least ${MIN_FIT_DAYS} each)`,
    );
  const futuresBeta = fut.solve();
  const vvixBeta = vv.solve();
  const model: ModelledInputsModel = {
    version: 'modelled-v1',
    futuresBeta,
    vvixBeta,
    fit: {
      futures: { ...span(panel, futDays), rows: fut.rows, rmseLog: NaN },
      vvix: { ...span(panel, vvDays), rmseLog: NaN },
    },
  };
  model.fit.futures.rmseLog = futuresRmseLog(model, panel, features, futDays);
  model.fit.vvix.rmseLog = rms(
    vvDays.map((i) => Math.log(modelledVvix(model, features, i) / panel.series.vvixClose[i])),
  );
  return model;
}

function span(panel: Panel, idx: number[]): { from: string; to: string; days: number } {
  return { from: panel.dates[idx[0]], to: panel.dates[idx[idx.length - 1]], days: idx.length };
}

function rms(xs: number[]): number {
  return Math.sqrt(xs.reduce((a, b) => a + b * b, 0) / Math.max(xs.length, 1));
}

function futuresRmseLog(
  model: ModelledInputsModel,
  panel: Panel,
  features: Float64Array,
  days: number[],
): number {
  const { start, expiry, settle } = panel.futures;
  const errs: number[] = [];
  for (const i of days)
    for (let c = start[i]; c < start[i + 1]; c++) {
      const tenor = expiry[c] - panel.days[i];
      if (tenor <= 0 || tenor > MAX_TENOR_DAYS || !(settle[c] > 0)) continue;
      errs.push(Math.log(modelledFuture(model, features, i, tenor, panel.series.vixClose[i]) / settle[c]));
    }
  return rms(errs);
}

/** The modelled settlement of a VIX future `tenorDays` from day i (NaN without the day's regressors). */
export function modelledFuture(
  model: ModelledInputsModel,
  features: Float64Array,
  i: number,
  tenorDays: number,
  vix: number,
): number {
  if (!Number.isFinite(features[i * F])) return NaN;
  const basis = new Float64Array(K);
  tenorBasis(tenorDays, basis);
  let y = 0;
  for (let k = 0; k < K; k++) {
    if (basis[k] === 0) continue;
    let dot = 0;
    for (let f = 0; f < F; f++)
      if (FUTURES_USES[f]) dot += model.futuresBeta[k * F + f] * features[i * F + f];
    y += basis[k] * dot;
  }
  return vix * Math.exp(y);
}

/** The modelled curve of day i: the first contracts expiring after the day, by the VIX expiration rule. */
export function modelledCurve(
  model: ModelledInputsModel,
  features: Float64Array,
  i: number,
  day: DayNumber,
  vix: number,
): { expiry: number[]; settle: number[] } {
  const expiry = vixExpirationsBetween(day + 1, day + MAX_TENOR_DAYS).slice(0, MODELLED_CONTRACTS);
  const settle = expiry.map((e) => roundCents(modelledFuture(model, features, i, e - day, vix)));
  return { expiry, settle };
}

/** The modelled VVIX of day i (NaN without the day's regressors). */
export function modelledVvix(model: ModelledInputsModel, features: Float64Array, i: number): number {
  if (!Number.isFinite(features[i * F])) return NaN;
  let y = 0;
  for (let f = 0; f < F; f++) y += model.vvixBeta[f] * features[i * F + f];
  return roundCents(Math.exp(y));
}

/** Cents, as the index and the settlements print; keeps modelled values byte-stable across platforms' last bits. */
function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}
