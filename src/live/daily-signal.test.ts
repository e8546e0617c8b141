import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../engine/run-backtest.js';
import { simulateMarket } from '../sim/simulate.js';
import type { Panel } from '../market/panel.js';
import { loadStrategy, parseStrategyText, type LoadedStrategy } from '../strategy/load.js';
import { decideDay } from './daily-signal.js';

/** Replays `days` days of the backtest's run from its index `from` (negative: from the end), day by day. */
function assertReplayMatches(panel: Panel, strategy: LoadedStrategy, from: number, days: number): void {
  const full = runBacktest(panel, strategy, []).run.books[0];
  const first = from < 0 ? full.dates.length + from : from;
  let ordersSeen = 0;
  for (let t = first; t < first + days; t++) {
    const date = full.dates[t];
    const day = decideDay(panel, strategy, date);
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
}

test('replaying days one by one gives exactly the backtest ledger and equity of each day', () => {
  // A stretch of 40 trading days in the second year, where condors, hedges and exits have all happened.
  assertReplayMatches(simulateMarket({ years: 2, seed: 11 }), loadStrategy('alvh'), -60, 40);
});

test('with dates.from in the strategy file, the daily decision starts its book where the backtest does', () => {
  const panel = simulateMarket({ years: 2, seed: 11 });
  const alvh = loadStrategy('alvh');
  const from = panel.dates[Math.floor(panel.n / 2)];
  const late = parseStrategyText(`${alvh.text}\ndates: { from: '${from}' }\n`, 'alvh-from-mid');
  // From the first day of the run: the first condor and the first hedges are the backtest's, and so is equity.
  assertReplayMatches(panel, late, 0, 30);
  assert.throws(() => decideDay(panel, late, panel.dates[Math.floor(panel.n / 2) - 1]), /outside the days/);
  // With dates.to, the default day is the run's last day, not the data's.
  const to = panel.dates[panel.n - 10];
  const early = parseStrategyText(`${alvh.text}\ndates: { to: '${to}' }\n`, 'alvh-to');
  assert.equal(decideDay(panel, early).date, to);
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
  // Each signal carries the thresholds the triggers test it against, from either side of a comparison.
  const thresholds = (name: string): string[] => day.signals.find((s) => s.name === name)!.thresholds;
  assert.deepEqual(thresholds('rsi14'), ['L2: < 35']);
  assert.deepEqual(thresholds('spx'), ['L3: < spx_sma']);
  assert.deepEqual(thresholds('spx_sma'), ['L3: > spx']);
  assert.deepEqual(thresholds('ad_divergence'), ['L3: set']);
  assert.deepEqual(thresholds('vvix'), []);
});

test('a date that is not a trading day in the data is a clear error', () => {
  const panel = simulateMarket({ years: 1, seed: 3 });
  assert.throws(() => decideDay(panel, loadStrategy('alvh'), '2000-01-01'), /not a trading day in the data/);
});

test('an input that stopped: listed stale with its last day, and a term reading it is unknown, never "no"', () => {
  const panel = simulateMarket({ years: 2, seed: 11 });
  const stopped = 50;
  for (let i = panel.n - stopped; i < panel.n; i++) {
    panel.series.advances[i] = NaN;
    panel.series.declines[i] = NaN;
  }
  const day = decideDay(panel, loadStrategy('alvh'));
  const lastBreadth = panel.dates[panel.n - stopped - 1];
  assert.deepEqual(
    day.stale_inputs.find((s) => s.input === 'breadth'),
    { input: 'breadth', last_date: lastBreadth, trading_days_stale: stopped },
  );
  assert.equal(day.inputs[0].status === 'fresh', false, 'stale and missing inputs come first');
  const l3 = day.layers.find((l) => l.name === 'L3')!;
  assert.equal(l3.terms.find((t) => t.text === 'ad_divergence')!.holds, null);
  // Kleene logic: with one term unknown, the trigger is false only if another conjunct is false.
  const others = l3.terms.filter((t) => t.text !== 'ad_divergence');
  const firstTwo = others.slice(0, 2).every((t) => t.holds === true);
  const backwardation = others[2].holds;
  assert.equal(l3.triggerHolds, !firstTwo ? false : backwardation === true ? true : null);
  // The same day with fresh breadth: the term is known again.
  const fresh = decideDay(simulateMarket({ years: 2, seed: 11 }), loadStrategy('alvh'));
  assert.equal(
    fresh.stale_inputs.find((s) => s.input === 'breadth'),
    undefined,
  );
  assert.notEqual(
    fresh.layers.find((l) => l.name === 'L3')!.terms.find((t) => t.text === 'ad_divergence')!.holds,
    null,
  );
});
