import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../engine/run-backtest.js';
import { loadStrategy } from '../strategy/load.js';
import { runMonteCarlo, pathSeed } from './montecarlo.js';
import { monteCarloCsv, summarizeMonteCarlo, quantile } from './montecarlo-summary.js';
import { pathMetrics } from './path-metrics.js';
import { simulateMarket } from './simulate.js';

test('paths on worker threads equal the same paths run in this thread, whatever the number of workers', async () => {
  const one = await runMonteCarlo({ paths: 3, years: 2, seed: 5, strategy: 'alvh', workers: 1 });
  const two = await runMonteCarlo({ paths: 3, years: 2, seed: 5, strategy: 'alvh', workers: 2 });
  assert.equal(one.completed, 3);
  assert.deepEqual(one.values, two.values);
  const direct = pathMetrics(
    runBacktest(simulateMarket({ years: 2, seed: pathSeed(5, 1) }), loadStrategy('alvh'), []).run,
  );
  assert.equal(one.values.drawdownReduction[1], direct.drawdownReduction);
  assert.equal(one.values.hedgeCostAllYears[1], direct.hedgeCostAllYears);
  const s = summarizeMonteCarlo(one);
  assert.equal(s.metrics.find((m) => m.name === 'drawdownReduction')!.paths, 3);
  for (const c of s.claims)
    if (c.paths > 0) assert.ok(Math.abs((c.holds ?? 0) + (c.better ?? 0) + (c.worse ?? 0) - 1) < 1e-5); // shares are rounded to 6 decimals
});

test('an aborted run stops and keeps the paths that finished', async () => {
  const abort = new AbortController();
  const result = await runMonteCarlo({
    paths: 40,
    years: 2,
    seed: 1,
    strategy: 'alvh',
    workers: 2,
    signal: abort.signal,
    onProgress: (done) => done >= 2 && abort.abort(),
  });
  assert.equal(result.interrupted, true);
  assert.ok(result.completed >= 2 && result.completed < 40);
  const finished = Array.from(result.values.cagrDifference).filter(Number.isFinite).length;
  assert.equal(finished, result.completed);
  assert.equal(
    result.finished.reduce((n, f) => n + f, 0),
    result.completed,
  );
  // The CSV lists the finished paths only, by their index: no blank row for a path that never ran.
  const csv = monteCarloCsv(result);
  const rows = csv.text.trimEnd().split('\n').slice(1);
  assert.equal(csv.rows, result.completed);
  assert.equal(rows.length, result.completed);
  for (const row of rows) assert.equal(result.finished[Number(row.split(',')[0])], 1, row);
});

test('quantiles interpolate between order statistics (numpy type 7)', () => {
  const x = Float64Array.from([1, 2, 3, 4]);
  assert.equal(quantile(x, 0.5), 2.5);
  assert.equal(quantile(x, 0), 1);
  assert.ok(Math.abs(quantile(x, 0.05) - 1.15) < 1e-12);
});
