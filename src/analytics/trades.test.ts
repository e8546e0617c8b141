import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { sharedDataDir } from '../core/paths.js';
import type { Trade } from '../engine/result.js';
import { runBacktest } from '../engine/run-backtest.js';
import { loadPanel } from '../market/load-panel.js';
import { loadStrategy } from '../strategy/load.js';
import { makeBook, weekdays } from './fixture-book.test-helper.js';
import { bookTradeStats, exitReason, roundTrips, tradeStats } from './trades.js';

const fill = (position: number, date: string, quantity: number, cash: number, reason: string): Trade => ({
  date,
  position,
  sleeve: position === 3 ? 'L1' : 'core',
  instrument: `SPX 2024-02-16 P ${4000 + quantity}`,
  quantity,
  price: 1,
  modelPrice: 1,
  cost: 1,
  cash,
  reason,
});

test('round trips by hand: legs, credit or debit, exit, P&L, days held, and the statistics', () => {
  const dates = weekdays('2024-01-02', 40);
  const book = makeBook({ name: 'b', dates, equity: dates.map(() => 1e6) });
  book.ledger.push(
    fill(1, '2024-01-02', -2, 900, 'open'),
    fill(1, '2024-01-02', 2, -400, 'open'),
    fill(2, '2024-01-03', -1, 300, 'open'),
    fill(2, '2024-01-03', 1, -100, 'open'),
    fill(1, '2024-01-12', 2, -200, 'profit-take'),
    fill(1, '2024-01-12', -2, 0, 'profit-take: no bid (model 0.01 below one tick), left to expire worthless'),
    fill(2, '2024-02-16', 1, -1500, 'expiry-settle at 3998.5'),
    fill(2, '2024-02-16', -1, 0, 'expiry-settle at 3998.5'),
    fill(3, '2024-02-20', 1, -50, 'open'),
  );
  book.openAtEnd = [{ position: 3, sleeve: 'L1', instrument: 'x', quantity: 1, mark: 0.2, value: 20 }];
  const trips = roundTrips(book);
  assert.deepEqual(
    trips.map((t) => [t.position, t.legCount, t.kind, t.exit, t.pnl, t.daysHeld, t.closeDate]),
    [
      [1, 2, 'credit', 'profit-take', 300, 10, '2024-01-12'],
      [2, 2, 'credit', 'expiry-settle', -1300, 44, '2024-02-16'],
      [3, 1, 'debit', 'open at end', -30, isoToDay(dates[dates.length - 1]) - isoToDay('2024-02-20'), null],
    ],
  );
  assert.equal(trips[0].openCash, 500);
  assert.equal(trips[0].legs, '-2 SPX 2024-02-16 P 3998; +2 SPX 2024-02-16 P 4002');
  const s = tradeStats(trips);
  assert.deepEqual(s, {
    count: 2,
    wins: 1,
    winRate: 0.5,
    avgWin: 300,
    avgLoss: -1300,
    largestLoss: -1300,
    totalPnl: -1000,
    avgDaysHeld: 27,
  });
  const b = bookTradeStats('b', trips);
  assert.deepEqual(b.openAtEnd, { count: 1, pnl: -30 });
  assert.deepEqual(
    b.byExit.map((e) => [e.sleeve, e.exit, e.count]),
    [
      ['core', 'expiry-settle', 1],
      ['core', 'profit-take', 1],
    ],
  );
  assert.deepEqual(
    b.byYear.map((y) => [y.year, y.count]),
    [['2024', 2]],
  );
  assert.equal(exitReason('stop'), 'stop');
});

// The engine keeps two accounts of each sleeve: the ledger's fills and the daily mark-to-market P&L. Round
// trips are built from the first; their P&L per sleeve must add up to the second, on every book of a real run.
test('real data: every trade P&L sums to its sleeve mark-to-market P&L and to the ledger cash, every book', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const { run } = runBacktest(
    panel,
    loadStrategy('alvh'),
    ['vxth', 'put-spread', 'size-cut'].map((b) => loadStrategy(b)),
    { from: '2018-01-02', to: '2021-12-31' },
  );
  for (const book of run.books) {
    const trips = roundTrips(book);
    assert.ok(trips.length > 20, `${book.name}: ${trips.length} trades`);
    const ledgerCash = book.ledger.reduce((s, t) => s + t.cash, 0);
    const tripCash = trips.reduce((s, t) => s + t.cash, 0);
    assert.ok(Math.abs(ledgerCash - tripCash) < 1e-6, `${book.name}: ${tripCash} vs ${ledgerCash}`);
    const sleeves: Record<string, Float64Array> = { core: book.coreMtmPnl };
    for (const [name, layer] of Object.entries(book.layers)) sleeves[name] = layer.mtmPnl;
    for (const [sleeve, mtm] of Object.entries(sleeves)) {
      const engine = mtm.reduce((s, x) => s + x, 0);
      const fromTrips = trips.filter((t) => t.sleeve === sleeve).reduce((s, t) => s + t.pnl, 0);
      // Ledger prices are rounded to 1e-6 a unit: a few cents over thousands of fills.
      assert.ok(
        Math.abs(engine - fromTrips) < 0.05 + 1e-7 * Math.abs(engine),
        `${book.name} ${sleeve}: trades ${fromTrips.toFixed(2)} vs mark-to-market ${engine.toFixed(2)}`,
      );
    }
    assert.ok(
      trips.every((t) => t.sleeve in sleeves),
      `${book.name}: a trade outside the book's sleeves`,
    );
    const stats = bookTradeStats(book.name, trips);
    const closed = trips.filter((t) => t.closeDate !== null);
    assert.equal(stats.all.count, closed.length);
    assert.equal(
      stats.byYear.reduce((s, y) => s + y.count, 0),
      closed.length,
    );
    assert.ok(
      Math.abs(stats.byExit.reduce((s, e) => s + e.totalPnl, 0) - stats.all.totalPnl) < 1e-6,
      `${book.name}: exit groups add up`,
    );
  }
});
