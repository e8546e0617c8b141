import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../core/random.js';
import { makeBook, makeRun, weekdays } from './fixture-book.test-helper.js';
import { resampleRun, resampleStudy, stationaryBootstrap } from './resample.js';

/** A two-book run whose books follow the given daily returns (the second book a copy of the first). */
function runOf(returns: readonly number[]) {
  const dates = weekdays('2010-01-04', returns.length + 1);
  const equity = [1e6];
  for (const r of returns) equity.push(equity[equity.length - 1] * (1 + r));
  const hedged = makeBook({ name: 'alvh', dates, equity });
  const unhedged = makeBook({ name: 'condor', dates, equity });
  return makeRun([hedged, unhedged], equity);
}

test('stationary bootstrap: geometric blocks of the mean length, every day drawn uniformly', () => {
  const n = 501;
  const idx = new Int32Array(n);
  const rng = new Rng(7);
  const hits = new Float64Array(n);
  let blocks = 0;
  const samples = 4000;
  for (let r = 0; r < samples; r++) {
    blocks += stationaryBootstrap(n, 10, rng, idx);
    for (let t = 1; t < n; t++) {
      assert.ok(idx[t] >= 1 && idx[t] <= n - 1);
      // Inside a block the source days run on, wrapping from the last day to the first.
      hits[idx[t]]++;
    }
  }
  // Blocks start on day 1 and then with probability 1/10 on each later day: 1 + 499/10 expected per path.
  const expected = 1 + (n - 2) / 10;
  assert.ok(Math.abs(blocks / samples - expected) < 0.3, `${blocks / samples} blocks vs ${expected}`);
  // Uniform marginal: each of the 500 days drawn 4000 times on average; the block structure widens the spread.
  for (let t = 1; t < n; t++) assert.ok(Math.abs(hits[t] / samples - 1) < 0.25, `day ${t}: ${hits[t]}`);
});

test('constant returns: every resample is the history itself', () => {
  const run = runOf(new Array(600).fill(0.0003));
  const res = resampleStudy(run, { samples: 50, meanBlockDays: 20, seed: 1, drawdownThreshold: 0.1 });
  const b = res.books[0];
  assert.equal(b.maxDrawdown.p95, 0);
  assert.equal(b.cagr.p5, b.cagr.actual);
  assert.equal(b.cagr.p95, b.cagr.actual);
  assert.equal(b.drawdownPastThreshold, 0);
});

// One crash day of -50% among 99 flat days, drawn with blocks of one day (the iid bootstrap): a resample holds
// k crash days with k ~ Binomial(99, 1/99), its max drawdown is 1 - 0.5^k. So P(drawdown > 40%) = P(k >= 1)
// and P(drawdown > 60%) = P(k >= 2), known in closed form.
test('a known answer: the probability of a drawdown past the threshold is the binomial one', () => {
  const returns = new Array(99).fill(0);
  returns[40] = -0.5;
  const run = runOf(returns);
  const m = 99;
  const p0 = (1 - 1 / m) ** m;
  const p1 = m * (1 / m) * (1 - 1 / m) ** (m - 1);
  const samples = 6000;
  for (const [threshold, expected] of [
    [0.4, 1 - p0],
    [0.6, 1 - p0 - p1],
  ]) {
    const res = resampleStudy(run, { samples, meanBlockDays: 1, seed: 11, drawdownThreshold: threshold });
    const got = res.books[0].drawdownPastThreshold;
    const se = Math.sqrt((expected * (1 - expected)) / samples);
    assert.ok(Math.abs(got - expected) < 4 * se, `P(DD > ${threshold}) = ${got}, expected ${expected}`);
    assert.equal(res.books[0].actualPastThreshold, threshold < 0.5);
  }
});

// Compounded, not added: the log of a resample's growth is the sum of log(1 + r) over its draws, and with every
// day drawn uniformly its mean is m x mean(log(1 + r)), for any block length. Adding returns instead would give
// m x mean(r), far from it for these returns (+30% and -20% days, mean log about 0 but mean r +5%).
test('returns are compounded: the mean log growth of the resamples is that of the history', () => {
  const returns = Array.from({ length: 300 }, (_, t) => (t % 2 === 0 ? 0.3 : -0.2));
  returns[17] = 0.3; // break the alternation so blocks matter
  const run = runOf(returns);
  const m = returns.length;
  const meanLog = returns.reduce((s, r) => s + Math.log(1 + r), 0) / m;
  const rng = new Rng(5);
  const idx = new Int32Array(m + 1);
  const samples = 3000;
  const logs: number[] = [];
  for (let r = 0; r < samples; r++) {
    stationaryBootstrap(m + 1, 15, rng, idx);
    const res = resampleRun(run, idx);
    const e = res.books[0].equity;
    logs.push(Math.log(e[m] / e[0]));
    // SPX is drawn on the same days: here it is the same path as the book.
    assert.ok(Math.abs(res.spxClose[m] / e[m] - 1) < 1e-9);
  }
  const mean = logs.reduce((s, x) => s + x, 0) / samples;
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (samples - 1));
  assert.ok(Math.abs(mean - m * meanLog) < 4 * (sd / Math.sqrt(samples)), `${mean} vs ${m * meanLog}`);
});

test('seeded and deterministic; claims measured on each resample (an identical twin never cuts drawdown)', () => {
  const returns = Array.from({ length: 400 }, (_, t) => 0.01 * Math.sin(t * 0.37) - 0.0004);
  const run = runOf(returns);
  const opts = { samples: 40, meanBlockDays: 10, seed: 3, drawdownThreshold: 0.05 };
  const a = resampleStudy(run, opts);
  assert.deepEqual(resampleStudy(run, opts), a);
  assert.notDeepEqual(resampleStudy(run, { ...opts, seed: 4 }).books[0].cagr.values, a.books[0].cagr.values);
  const cut = a.claims.find((c) => c.id === 'drawdown-cut')!;
  assert.equal(cut.worse, 1);
  assert.equal(cut.holds, 0);
  assert.equal(cut.actual, 'worse than claimed');
  // No hedge layers: the cost claims cannot be measured on any resample.
  assert.equal(a.claims.find((c) => c.id === 'cost-per-year')!.holds, null);
  assert.ok(Math.abs(a.drawnMeanBlock - 10) < 2, `${a.drawnMeanBlock}`);
});
