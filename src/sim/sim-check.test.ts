import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../core/errors.js';
import { loadStrategy } from '../strategy/load.js';
import { checkRows } from './hedge-stats.js';
import { defaultSimParams } from './params.js';
import { bandRows, nextDayFutureGaps, simCheck, simParamsWith } from './sim-check.js';
import { simulateMarket } from './simulate.js';

test('band rows: median and 5-95% range of the finite synthetic values (type 7), and the real value against them', () => {
  const real: [string, number][] = [
    ['a', 2.5],
    ['b', 0],
  ];
  // Row a takes 1..21 (and one NaN, ignored): its quantiles are 2, 11 and 20. Row b takes 1..21 too.
  const synthetic = Array.from({ length: 22 }, (_, k): [string, number][] => [
    ['a', k === 21 ? NaN : k + 1],
    ['b', k === 21 ? 21 : k + 1],
  ]);
  const [a, b] = bandRows(real, synthetic);
  assert.deepEqual(a, { name: 'a', real: 2.5, median: 11, p5: 2, p95: 20, inside: true });
  // 22 values 1..21 with 21 twice: the 5% quantile is 1 + 0.05 x 21 = 2.05.
  assert.equal(b.name, 'b');
  assert.ok(Math.abs(b.p5 - 2.05) < 1e-12, `${b.p5}`);
  assert.equal(b.inside, false);
});

test('a parameter override replaces the named parameters only; unknown names and non-numbers are errors', () => {
  const p = simParamsWith({ fearKappaQ: 4, thetaQ: 0.04 });
  assert.equal(p.fearKappaQ, 4);
  assert.equal(p.thetaQ, 0.04);
  assert.deepEqual(
    { ...p, fearKappaQ: defaultSimParams.fearKappaQ, thetaQ: defaultSimParams.thetaQ },
    defaultSimParams,
  );
  assert.equal(defaultSimParams.thetaQ, 0.032);
  assert.deepEqual(simParamsWith({}), defaultSimParams);
  assert.throws(() => simParamsWith({ thetaq: 0.04 }), ArgumentError);
  assert.throws(() => simParamsWith({ thetaQ: '0.04' }), /finite number/);
  assert.throws(() => simParamsWith({ thetaQ: null }), /finite number/);
  assert.throws(() => simParamsWith([1]), ArgumentError);
  assert.throws(() => simParamsWith({ toString: 1 }), /unknown model parameter 'toString'/);
});

test('sim check of a seed set: each path is the simulated market of its seed, judged by checkRows', () => {
  const alvh = loadStrategy('alvh');
  const real = simulateMarket({ years: 4, seed: 77 });
  const realRows = checkRows(real, alvh);
  const params = simParamsWith({ fearKappaQ: 5 });
  const got = simCheck(real, realRows, alvh, { seed: 5, paths: 2, years: 4, params });
  const by = [5, 6].map((seed) =>
    checkRows(simulateMarket({ years: 4, seed, startDate: real.dates[0], params }), alvh),
  );
  assert.deepEqual(got, bandRows(realRows, by));
  assert.equal(got.length, 49);
});

test('next-day futures gaps: |future / VIX - 1| of the futures expiring the next calendar day, within 5% on model paths', () => {
  const p = simulateMarket({ years: 6, seed: 4 });
  const gaps = nextDayFutureGaps(p);
  assert.ok(gaps.length > 20);
  let expected = 0;
  const f = p.futures;
  for (let i = 0; i < p.n; i++)
    for (let k = f.start[i]; k < f.start[i + 1]; k++) if (f.expiry[k] - p.days[i] === 1) expected++;
  assert.equal(gaps.length, expected);
  for (let j = 1; j < gaps.length; j++) assert.ok(gaps[j] >= gaps[j - 1]);
  assert.ok(gaps[gaps.length - 1] < 0.05);
});
