import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { loadPanel } from './load-panel.js';
import { withModelledInputs } from './modelled-history.js';
import {
  fitModelledInputs,
  MODEL_FEATURES,
  modelFeatures,
  modelledCurve,
  modelledFuture,
  ModelFitError,
} from './modelled-inputs.js';
import type { Panel } from './panel.js';
import { vixExpirationsBetween } from './expirations.js';

const real = loadPanel({ dataDir: sharedDataDir() });

/**
 * A panel whose futures are an exact function of the day's regressors, log(F/VIX) = a * tenor/294 +
 * b * log(vix/20) * min(tenor, 63)/63: the fit must give them back (the model can represent both terms).
 */
function exactPanel(): Panel {
  const features = modelFeatures(real);
  const F = MODEL_FEATURES.length;
  const a = 0.12;
  const b = -0.3;
  const start = new Int32Array(real.n + 1);
  const expiry: number[] = [];
  const settle: number[] = [];
  for (let i = 0; i < real.n; i++) {
    start[i] = expiry.length;
    const vix = real.series.vixClose[i];
    if (!Number.isFinite(features[i * F]) || !(vix > 0) || real.dates[i] < '2004-01-01') continue;
    for (const e of vixExpirationsBetween(real.days[i] + 1, real.days[i] + 294).slice(0, 7)) {
      const t = e - real.days[i];
      expiry.push(e);
      settle.push(vix * Math.exp((a * t) / 294 + b * features[i * F + 1] * (Math.min(t, 63) / 63)));
    }
  }
  start[real.n] = expiry.length;
  return { ...real, futures: { start, expiry: Int32Array.from(expiry), settle: Float64Array.from(settle) } };
}

test('modelled futures: a curve that is an exact function of the regressors is recovered to a thousandth', () => {
  const panel = exactPanel();
  const features = modelFeatures(panel);
  const model = fitModelledInputs(panel, { to: '2014-12-31' }, features);
  let worst = 0;
  for (let i = 0; i < panel.n; i += 37) {
    if (panel.dates[i] < '2015-01-01') continue;
    const vix = panel.series.vixClose[i];
    for (let c = panel.futures.start[i]; c < panel.futures.start[i + 1]; c++) {
      const t = panel.futures.expiry[c] - panel.days[i];
      const got = modelledFuture(model, features, i, t, vix);
      worst = Math.max(worst, Math.abs(Math.log(got / panel.futures.settle[c])));
    }
  }
  assert.ok(worst < 1e-3, `worst log error ${worst}`);
});

test('modelled futures converge to VIX at expiry and list the VIX expirations after the day', () => {
  const features = modelFeatures(real);
  const model = fitModelledInputs(real, {}, features);
  const i = real.dates.indexOf('1995-06-01');
  const vix = real.series.vixClose[i];
  assert.equal(modelledFuture(model, features, i, 0, vix), vix);
  const curve = modelledCurve(model, features, i, real.days[i], vix);
  assert.deepEqual(curve.expiry, vixExpirationsBetween(real.days[i] + 1, real.days[i] + 300).slice(0, 8));
  assert.ok(curve.settle.every((s) => s > 5 && s < 80));
});

test('a fit on too few days is a user error that says how many it had', () => {
  const short: Panel = { ...real, n: 300, days: real.days.slice(0, 300), dates: real.dates.slice(0, 300) };
  assert.throws(
    () => fitModelledInputs(short),
    (e: unknown) => e instanceof ModelFitError && /0 with VIX futures/.test(e.message),
  );
});

test('--history modelled: real values kept, gaps filled from the first days with regressors, each day named', () => {
  const m = withModelledInputs(real);
  const p = m.panel;
  const fut = p.modelled!.find((s) => s.input === 'vix-futures')!;
  const vv = p.modelled!.find((s) => s.input === 'vvix')!;
  assert.equal(fut.ranges[0].from, '1990-01-16');
  assert.equal(fut.ranges[fut.ranges.length - 1].to, '2004-03-25');
  assert.equal(vv.ranges[0].to, '2006-12-29');
  // Real VVIX and real curves untouched where they exist.
  for (let i = 0; i < real.n; i++) {
    if (Number.isFinite(real.series.vvixClose[i]))
      assert.equal(p.series.vvixClose[i], real.series.vvixClose[i]);
  }
  const k = real.dates.indexOf('2010-06-01');
  assert.deepEqual(
    Array.from(p.futures.settle.subarray(p.futures.start[k], p.futures.start[k + 1])),
    Array.from(real.futures.settle.subarray(real.futures.start[k], real.futures.start[k + 1])),
  );
  assert.notEqual(p.fingerprint, real.fingerprint);
  assert.match(p.description, /MODELLED vix-futures modelled on \d+ day\(s\): 1990-01-16\.\.2004-03-25/);
  assert.equal(real.modelled, undefined);
  // Deterministic: a second application gives the same curve and fingerprint.
  const again = withModelledInputs(real).panel;
  assert.equal(again.fingerprint, p.fingerprint);
  assert.deepEqual(
    Array.from(again.futures.settle.subarray(0, 400)),
    Array.from(p.futures.settle.subarray(0, 400)),
  );
});
