import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../engine/run-backtest.js';
import { computeSignals } from '../signals/signal-table.js';
import { loadStrategy } from '../strategy/load.js';
import { checkRows, hedgeStats, rollYield } from './hedge-stats.js';
import { simulateMarket } from './simulate.js';

const alvh = loadStrategy('alvh');
const panel = simulateMarket({ years: 6, seed: 3 });
const stats = hedgeStats(panel, alvh);

test('roll yield: a contract that loses 0.2% a day while it is the n-th future rolls down 0.002 x 252 a year', () => {
  const n = 40;
  const days = Int32Array.from({ length: n }, (_, i) => 20000 + i);
  const start = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
  const expiry = new Int32Array(2 * n);
  const settle = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    expiry[2 * i] = 20100;
    expiry[2 * i + 1] = 20130;
    settle[2 * i] = 20 * Math.exp(-0.002 * i);
    settle[2 * i + 1] = 22 * Math.exp(-0.001 * i);
  }
  const p = { ...panel, n, days, futures: { start, expiry, settle } };
  assert.ok(Math.abs(rollYield(p, 0) + 0.002 * 252) < 1e-12);
  assert.ok(Math.abs(rollYield(p, 1) + 0.001 * 252) < 1e-12);
  assert.ok(Number.isNaN(rollYield(p, 2)));
});

test('trigger days a year: the financing trigger counted again by hand from the signals', () => {
  const sig = computeSignals(panel);
  const vix = sig.get('vix');
  const contango = sig.get('contango');
  const first = sig.get('vix_macd_signal').findIndex(Number.isFinite);
  let count = 0;
  let from = -1;
  for (let i = 0; i < panel.n; i++) {
    const ready = i >= Math.max(first, 49) && Number.isFinite(sig.get('rsi14')[i]);
    if (ready && from < 0) from = i;
    if (from >= 0 && vix[i] < 16 && contango[i] > 0.03) count++;
  }
  assert.ok(Math.abs(stats.triggerDaysPerYear.financing - count / ((panel.n - from) / 252)) < 1e-9);
  assert.ok(stats.triggerDaysPerYear.L2 >= 0 && stats.triggerDaysPerYear.L3 >= 0);
});

test('hedge spend over credit agrees with the share the backtest prints in its notes', () => {
  const note = runBacktest(panel, alvh, []).notes.find((n) => n.startsWith('main book: hedge spend'))!;
  const printed = Number(/\(net opening premium; ([\d.]+)% of its condor credit\)/.exec(note)![1]) / 100;
  assert.ok(
    Math.abs(stats.hedgeSpendShareOfCredit - printed) < 5e-5,
    `${stats.hedgeSpendShareOfCredit} vs ${note}`,
  );
  assert.ok(stats.l1PremiumRetained > 0.2 && stats.l1PremiumRetained < 2, `${stats.l1PremiumRetained}`);
  assert.ok(stats.shareBackwardation > 0 && stats.shareBackwardation < 0.6);
});

test('check rows: the 39 market statistics, then the 10 hedge ones, with unique names', () => {
  const rows = checkRows(panel, alvh);
  assert.equal(rows.length, 49);
  assert.equal(new Set(rows.map(([name]) => name)).size, 49);
  assert.equal(rows[39][0], 'L2 trigger days a year');
  assert.equal(rows[48][0], 'ALVH hedge spend / condor credit');
});
