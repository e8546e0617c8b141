// The accounting identities checked on every day: over a real-data run of all books, and over random
// strategy variants on small random markets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { Rng } from '../core/random.js';
import { loadPanel } from '../market/load-panel.js';
import { loadStrategy } from '../strategy/load.js';
import { TICK } from './book.js';
import { bookInvariantViolations } from './book-invariants.js';
import { MarketContext } from './market-context.js';
import { runBacktest } from './run-backtest.js';
import { runScenario, type ScenarioSpec } from './scenario-panel.js';

test('real data: every book of a full run keeps its accounting identities on every day', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const market = new MarketContext(panel);
  const runs = [
    runBacktest(
      panel,
      loadStrategy('alvh'),
      ['vxth', 'put-spread', 'size-cut', 'condor'].map((name) => loadStrategy(name)),
    ),
    runBacktest(panel, loadStrategy('cndr'), []),
  ];
  let days = 0;
  for (const { run } of runs) {
    const start = panel.dates.indexOf(run.from);
    for (const book of run.books) {
      assert.deepEqual(bookInvariantViolations(book, { market, capital: 1_000_000, start, tick: TICK }), []);
      days += book.dates.length;
    }
  }
  assert.ok(days > 6 * 4900, `${days} book-days checked`);
});

test('the checker catches a broken book: a fill without cash, a mark off the model, a layer off the sleeve', () => {
  const text = stringify({
    version: 1,
    name: 'probe',
    title: 'probe',
    layers: [layerChoices.L1],
  });
  const fresh = () => runScenario(text, randomMarket(7));
  const check = (r: ReturnType<typeof fresh>): string[] =>
    bookInvariantViolations(r.book, { market: r.market, capital: 1_000_000, start: 0, tick: TICK });
  assert.deepEqual(check(fresh()), []);
  const free = fresh();
  const buy = free.book.ledger.find((t) => t.sleeve === 'L1' && t.quantity > 0)!;
  buy.price = 0;
  buy.cash = -buy.cost;
  assert.ok(check(free).some((v) => /premium paid did not leave cash/.test(v)));
  const marked = fresh();
  marked.book.equity[100] += 50;
  assert.ok(check(marked).some((v) => /cash .* \+ marks .* != equity/.test(v)));
  const layer = fresh();
  layer.book.layers.L1.mtmPnl[120] += 10;
  assert.ok(check(layer).some((v) => /the layers' P&L .* != the sleeve's P&L/.test(v)));
});

/** A random but plausible market: SPX with jumps, a mean-reverting VIX that spikes with them, a curve in
 * contango when VIX is low and backwardation when it is high, and opens that gap from the previous close. */
function randomMarket(seed: number): ScenarioSpec {
  const rng = new Rng(seed);
  const n = 400; // more than the trading days from 2023-01-03 to 2024-04-30
  const spx: { open: number; close: number }[] = [];
  const vix: number[] = [];
  const vixOpen: number[] = [];
  let s = 4000;
  let v = 12 + 10 * rng.uniform();
  for (let k = 0; k < n; k++) {
    const jump = rng.uniform() < 0.03 ? -0.04 - 0.06 * rng.uniform() : 0;
    const gap = 0.004 * rng.normal();
    const open = s * Math.exp(gap + jump / 2);
    s = open * Math.exp((v / 100 / Math.sqrt(252)) * rng.normal() + jump / 2);
    const vOpen = v * Math.exp(0.05 * rng.normal() - 3 * jump);
    v = Math.min(80, Math.max(9, vOpen + 0.08 * (18 - vOpen) + 1.2 * rng.normal() - 40 * jump));
    spx.push({ open, close: s });
    vix.push(v);
    vixOpen.push(vOpen);
  }
  return {
    from: '2023-01-03',
    to: '2024-04-30',
    spx: (k) => spx[k],
    vix: (k) => vix[k],
    vixOpen: (k) => vixOpen[k],
    future: (k, spot, dte) => spot + (spot < 20 ? 1 : -1.5) * Math.sqrt(dte / 30) * (1 + (k % 7) / 10),
    vvix: 80 + 40 * rng.uniform(),
    rateAnnual: 0.01 + 0.04 * rng.uniform(),
    breadth: (k) => ({ advances: 1500 + ((k * 37) % 400), declines: 1400 + ((k * 53) % 500) }),
  };
}

const layerChoices = {
  L1: {
    name: 'L1',
    entry_on: 'condor_entry',
    trigger: 'always',
    max_open: 12,
    use: [
      {
        instrument: {
          type: 'vix_call',
          expiry: { target_dte: 75, min_dte: 50, max_dte: 110 },
          delta: 0.2,
          calendar: { when: 'contango > 0.05', short_expiry: { nth: 1 } },
        },
        sizing: { basis: 'condor_credit', fraction: 0.1, of: 'entering' },
      },
    ],
    scale: [{ when: 'fomc_days <= 5', factor: 1.5 }],
    exits: { profit_multiple: 3, roll_at_dte: 21, with_condor: true },
  },
  L2: {
    name: 'L2',
    entry_on: 'daily',
    trigger: 'rsi14 < 45',
    use: [
      {
        when: 'condor_days_left <= 10',
        instrument: { type: 'spx_put', expiry: 'condor', strike: 'condor_short_put' },
        sizing: { basis: 'condor_short_puts', fraction: 0.5 },
      },
      {
        instrument: { type: 'vix_call', expiry: { nth: 1, min_dte: 7 }, delta: 0.5 },
        sizing: { basis: 'condor_credit', fraction: 0.1, of: 'open' },
      },
    ],
    exits: { trigger_off_days: 3, with_condor: true },
  },
  L3: {
    name: 'L3',
    entry_on: 'daily',
    trigger: 'vix_macd_cross_up_age <= 2',
    use: [
      {
        instrument: { type: 'vix_call_spread', expiry: { nth: 2 }, long_delta: 0.4, short_strike_offset: 10 },
        sizing: { basis: 'equity', fraction: 0.005 },
      },
    ],
    exits: { spread_value_fraction: 0.8, trigger_off_days: 5 },
    block_new_condors: true,
  },
  financing: {
    name: 'financing',
    entry_on: 'daily',
    trigger: 'vix < 18',
    use: [
      {
        instrument: {
          type: 'spx_call_credit_spread',
          expiry: { expirations: 'weekly', min_dte: 5, max_dte: 9 },
          short_delta: 0.05,
          width_percent: 0.01,
        },
        sizing: { basis: 'layer_month_spend', layer: 'L1', fraction: 1 },
      },
    ],
    max_loss_fraction: 0.02,
  },
  vxth: {
    name: 'vxth',
    entry_on: 'vix_expiration',
    trigger: 'always',
    use: [
      {
        instrument: { type: 'vix_call', expiry: { nth: 1 }, delta: 0.3 },
        sizing: {
          basis: 'front_future_bands',
          bands: [
            { up_to: 15, weight: 0 },
            { up_to: 30, weight: 0.01 },
            { up_to: null, weight: 0.005 },
          ],
        },
      },
    ],
  },
  puts: {
    name: 'puts',
    entry_on: 'condor_entry',
    trigger: 'always',
    max_open: 12,
    use: [
      {
        instrument: { type: 'spx_put_spread', expiry: 'condor', long_delta: 0.2, short_delta: 0.05 },
        sizing: { basis: 'condor_credit', fraction: 0.2, of: 'entering' },
      },
    ],
  },
};

const variant = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  condor: fc.record({
    expirations: fc.constantFrom('monthly', 'weekly'),
    entry: fc.oneof(
      fc.constant({ rule: 'roll_at_expiration' }),
      fc.constant({ rule: 'dte_window', min: 20, max: 35, target: 28 }),
      fc.constant({ rule: 'dte_window', min: 40, max: 50, target: 45 }),
    ),
    short_delta: fc.double({ min: 0.08, max: 0.3, noNaN: true }),
    wings: fc.oneof(
      fc.constant({ rule: 'percent_of_spot', percent: 0.01 }),
      fc.constant({ rule: 'points', points: 100 }),
      fc.constant({ rule: 'delta', delta: 0.03 }),
    ),
    risk_fraction: fc.constantFrom(0.05, 0.1, 0.5, 1),
    profit_take: fc.constantFrom(null, 0.3, 0.5, 0.8),
    stop_loss_multiple: fc.constantFrom(null, 1, 2),
    time_exit_dte: fc.constantFrom(null, 3, 21),
    reenter_after_exit: fc.boolean(),
  }),
  spreadPaid: fc.constantFrom(0, 0.5, 1),
  layers: fc.subarray(Object.keys(layerChoices) as (keyof typeof layerChoices)[]),
  l1Enabled: fc.boolean(),
});

test('property: random strategy variants on random markets keep the identities on every day', () => {
  fc.assert(
    fc.property(variant, (v) => {
      const layers = v.layers.map((name) => ({
        ...layerChoices[name],
        ...(name === 'L1' ? { enabled: v.l1Enabled } : {}),
      }));
      // A financing layer needs L1 to exist in the file (it may be disabled).
      if (v.layers.includes('financing') && !v.layers.includes('L1'))
        layers.push({ ...layerChoices.L1, enabled: false });
      const text = stringify({
        version: 1,
        name: 'variant',
        title: 'random variant',
        costs: { spread_paid: v.spreadPaid },
        condor: v.condor,
        layers,
      });
      const { book, market } = runScenario(text, randomMarket(v.seed));
      const violations = bookInvariantViolations(book, { market, capital: 1_000_000, start: 0, tick: TICK });
      assert.deepEqual(violations, [], `${violations.join('\n')}\n${text}`);
    }),
    { numRuns: 40, seed: 20260724 },
  );
});
