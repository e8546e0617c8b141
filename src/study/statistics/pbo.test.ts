import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../core/errors.js';
import { noiseMatrix } from './fixture-results.test-helper.js';
import { periodSharpe } from './moments.js';
import { combinationsOf, probabilityOfOverfitting } from './pbo.js';

const OPTS = { blocks: 16, minConfigs: 10, histogramBins: 20 };

test('pure noise: the in-sample best is a coin flip out of sample, PBO near 0.5', () => {
  const pbos: number[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const r = probabilityOfOverfitting(noiseMatrix(20, 1600, seed), OPTS);
    assert.equal(r.combinations, combinationsOf(16, 8));
    assert.equal(r.combinations, 12870);
    assert.equal(
      r.logits.counts.reduce((a, b) => a + b),
      12870,
    );
    pbos.push(r.pbo!);
  }
  const mean = pbos.reduce((a, b) => a + b) / pbos.length;
  assert.ok(
    Math.abs(mean - 0.5) < 0.12,
    `mean PBO over six noise studies ${mean} (${pbos.map((p) => p.toFixed(2))})`,
  );
});

test('one planted edge: the in-sample best is the edge and stays on top, PBO near 0', () => {
  const r = probabilityOfOverfitting(noiseMatrix(20, 1600, 4, 0.01, [0, 0, 0, 0, 0, 0.0015]), OPTS);
  assert.ok(r.pbo! < 0.02, `PBO ${r.pbo}`);
  assert.ok(r.median_oos_rank! > 0.9);
  assert.ok(r.prob_oos_loss! < 0.05);
});

test('a small case by brute force: every split, every Sharpe ratio from the raw days', () => {
  const S = 6;
  const series = noiseMatrix(7, 61, 9);
  const r = probabilityOfOverfitting(series, { blocks: S, minConfigs: 10, histogramBins: 5 });
  const t = 61;
  const bounds = Array.from({ length: S + 1 }, (_, b) => Math.round((b * t) / S));
  let overfit = 0;
  let combos = 0;
  for (let mask = 0; mask < 1 << S; mask++) {
    let bits = 0;
    for (let b = 0; b < S; b++) bits += (mask >> b) & 1;
    if (bits !== S / 2) continue;
    combos++;
    const pick = (inTrain: boolean) =>
      series.map((x) => {
        const days: number[] = [];
        for (let b = 0; b < S; b++)
          if ((((mask >> b) & 1) === 1) === inTrain)
            for (let i = bounds[b]; i < bounds[b + 1]; i++) days.push(x[i]);
        return periodSharpe(days);
      });
    const train = pick(true);
    const testSr = pick(false);
    const best = train.indexOf(Math.max(...train));
    const rank = testSr.filter((v) => v < testSr[best]).length + 1;
    const w = rank / (series.length + 1);
    if (Math.log(w / (1 - w)) <= 0) overfit++;
  }
  assert.equal(r.combinations, combos);
  assert.equal(r.pbo, overfit / combos);
  assert.equal(r.meaningful, false);
  assert.match(r.note, /only 7 configurations: with fewer than 10/);
});

test('odd or missing blocks are user errors; too few days or configurations say so', () => {
  assert.throws(() => probabilityOfOverfitting(noiseMatrix(12, 100, 1), { ...OPTS, blocks: 7 }), UserError);
  assert.match(probabilityOfOverfitting(noiseMatrix(12, 20, 1), OPTS).note, /at least 32 days for 16 blocks/);
  assert.equal(probabilityOfOverfitting(noiseMatrix(1, 200, 1), OPTS).pbo, null);
});
