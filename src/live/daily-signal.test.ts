import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../engine/run-backtest.js';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { decideDay } from './daily-signal.js';

test('replaying days one by one gives exactly the backtest ledger and equity of each day', () => {
  const panel = simulateMarket({ years: 2, seed: 11 });
  const alvh = loadStrategy('alvh');
  const full = runBacktest(panel, alvh, []).run.books[0];
  // A stretch of 40 trading days in the second year, where condors, hedges and exits have all happened.
  const from = full.dates.length - 60;
  let ordersSeen = 0;
  for (let t = from; t < from + 40; t++) {
    const date = full.dates[t];
    const day = decideDay(panel, alvh, date);
    assert.equal(day.date, date);
    assert.deepEqual(
      day.orders,
      full.ledger.filter((x) => x.date === date),
      `orders of ${date}`,
    );
    assert.ok(Math.abs(day.equity - full.equity[t]) < 0.01, `equity of ${date}`);
    ordersSeen += day.orders.length;
  }
  assert.ok(ordersSeen > 0, 'the stretch had orders to compare');
});

test('the decision explains each layer trigger term by term', () => {
  const panel = simulateMarket({ years: 1, seed: 3 });
  const day = decideDay(panel, loadStrategy('alvh'));
  assert.equal(day.date, panel.dates[panel.n - 1]);
  const l2 = day.layers.find((l) => l.name === 'L2')!;
  assert.deepEqual(
    l2.terms.map((t) => t.text),
    ['rsi14 < 35', 'backwardation > 0.03'],
  );
  assert.equal(
    l2.triggerHolds,
    l2.terms.every((t) => t.holds),
  );
  const rsi = day.signals.find((s) => s.name === 'rsi14')!;
  assert.equal(l2.terms[0].holds, rsi.value !== null && rsi.value < 35);
});

test('a date that is not a trading day in the data is a clear error', () => {
  const panel = simulateMarket({ years: 1, seed: 3 });
  assert.throws(() => decideDay(panel, loadStrategy('alvh'), '2000-01-01'), /not a trading day in the data/);
});
