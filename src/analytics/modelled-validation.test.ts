import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { loadPanel } from '../market/load-panel.js';
import { DEFAULT_VALIDATION_WINDOWS, errorStats, validateModelledInputs } from './modelled-validation.js';

test('error statistics: mean absolute error, RMSE, bias and the 95th percentile of a known list', () => {
  const e = errorStats([1, -1, 2, -2, 0, 0, 0, 0, 0, 10]);
  assert.equal(e.meanAbs, 1.6);
  assert.equal(e.bias, 1);
  assert.ok(Math.abs(e.rmse - Math.sqrt(110 / 10)) < 1e-12);
  assert.equal(e.p95Abs, 10);
});

test('modelled inputs out of sample (fit 2004-2014, judged 2015-2026): the figures of docs/data.md', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const v = validateModelledInputs(panel, {
    ...DEFAULT_VALIDATION_WINDOWS,
    triggers: [
      { name: 'L2', expression: 'rsi14 < 35 and backwardation > 0.03' },
      { name: 'backwardation', expression: 'backwardation > 0' },
    ],
  });
  assert.equal(v.fit.futures.to, '2014-12-31');
  assert.equal(v.judged.from, '2015-01-02');
  assert.ok(v.judged.days > 2800);
  // The bar: the sign of M1/M2 - 1 agrees on at least 90% of the judged days.
  assert.ok(v.backwardationSign.share >= 0.9, `sign agreement ${v.backwardationSign.share}`);
  assert.ok(v.m1.meanAbs < 0.6 && v.m2.meanAbs < 0.9, `M1 ${v.m1.meanAbs}, M2 ${v.m2.meanAbs}`);
  assert.ok(v.vvix.meanAbs < 11, `VVIX ${v.vvix.meanAbs}`);
  // A second method for the sign count: the trigger 'backwardation > 0' counts the same real and modelled days.
  const sign = v.triggers.find((t) => t.name === 'backwardation')!;
  assert.equal(sign.realDays, v.backwardationSign.realBackwardationDays);
  const disagree = sign.realDays + sign.modelledDays - 2 * sign.bothDays;
  assert.equal(v.backwardationSign.days - disagree, v.backwardationSign.agree);
  const l2 = v.triggers.find((t) => t.name === 'L2')!;
  assert.ok(l2.bothDays <= Math.min(l2.realDays, l2.modelledDays) && l2.bothDays > 0.7 * l2.realDays);
});
