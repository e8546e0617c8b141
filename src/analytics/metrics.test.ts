import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../core/errors.js';
import { dayToIso, isoToDay } from '../core/dates.js';
import { makeBook, makeRun, weekdays, weekdaysBetween } from './fixture-book.test-helper.js';
import {
  bookHedgeCost,
  bookMetrics,
  compareToUnhedged,
  DEFAULT_METRICS_OPTIONS,
  spxYears,
  type MetricsOptions,
} from './metrics.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const opts = (o: Partial<MetricsOptions>): MetricsOptions => ({ ...DEFAULT_METRICS_OPTIONS, ...o });

function calendarDays(from: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => dayToIso(isoToDay(from) + i));
}

/** Equity compounding the given daily returns from 100. */
function compound(returns: number[]): number[] {
  const eq = [100];
  for (const r of returns) eq.push(eq[eq.length - 1] * (1 + r));
  return eq;
}

test('CAGR over exactly four calendar years (1461 days = 4 x 365.25): 100 -> 146.41 is 10%', () => {
  const book = makeBook({ name: 'a', dates: ['2016-01-01', '2020-01-01'], equity: [100, 146.41] });
  close(bookMetrics(book, makeRun([book], [1, 1])).cagr, 0.1);
});

test('CAGR on a trading-day basis: 504 daily returns are exactly 2 years; 100 -> 121 is 10%', () => {
  const dates = weekdays('2020-01-01', 505);
  const eq = dates.map((_, i) => 100 * Math.pow(1.21, i / 504));
  const book = makeBook({ name: 'a', dates, equity: eq });
  close(bookMetrics(book, makeRun([book], eq), opts({ yearBasis: 'trading' })).cagr, 0.1);
});

test('Sharpe, Sortino and volatility of an alternating +1% / -0.5% series against the closed form', () => {
  const n = 10;
  const rets = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.01 : -0.005));
  const book = makeBook({ name: 'a', dates: calendarDays('2021-03-01', n + 1), equity: compound(rets) });
  const m = bookMetrics(book, makeRun([book], compound(rets)));
  // mean 0.0025; deviations +-0.0075, sample sd = 0.0075 sqrt(n / (n - 1)); downside dev = sqrt(0.005^2 / 2).
  const sd = 0.0075 * Math.sqrt(n / (n - 1));
  close(m.volatility, sd * Math.sqrt(252), 1e-12);
  close(m.sharpe!, (0.0025 / sd) * Math.sqrt(252), 1e-9);
  close(m.sortino!, (0.0025 / (0.005 / Math.SQRT2)) * Math.sqrt(252), 1e-9);
});

test('a constant-return series with a constant rate every calendar day has no defined Sharpe or Sortino', () => {
  const rets = Array.from({ length: 30 }, () => 0.001);
  const book = makeBook({ name: 'a', dates: calendarDays('2021-03-01', 31), equity: compound(rets) });
  const m = bookMetrics(book, makeRun([book], compound(rets), 0.05));
  assert.equal(m.sharpe, null);
  assert.equal(m.sortino, null);
  assert.ok(m.volatility < 1e-12);
});

test('Sharpe of a constant-return series over weekdays: weekends earn 3 days of interest, closed form', () => {
  const dates = weekdays('2021-03-01', 41); // Monday start: 40 returns, 8 of them over a weekend
  const r = 0.001;
  const rate = 0.05;
  const eq = compound(Array.from({ length: 40 }, () => r));
  const book = makeBook({ name: 'a', dates, equity: eq });
  const m = bookMetrics(book, makeRun([book], eq, rate));
  const a = r - Math.expm1((3 * rate) / 365); // Friday -> Monday
  const b = r - Math.expm1(rate / 365);
  const n = 40;
  const k = 8;
  const mean = (k * a + (n - k) * b) / n;
  const sd = Math.sqrt(((k * (n - k)) / (n * (n - 1))) * (a - b) * (a - b));
  close(m.sharpe!, (mean / sd) * Math.sqrt(252), 1e-6);
  assert.equal(m.sortino, null, 'no excess return is negative');
});

test('Calmar is CAGR over max drawdown; worst month is the lowest month-end to month-end return', () => {
  const dates = ['2021-01-29', '2021-02-15', '2021-02-26', '2021-03-31', '2021-04-30'];
  const eq = [100, 120, 96, 90, 99];
  const book = makeBook({ name: 'a', dates, equity: eq });
  const m = bookMetrics(book, makeRun([book], eq));
  close(m.maxDrawdown.depth, 0.25);
  close(m.calmar!, m.cagr / 0.25);
  // Jan: 0 (first close is the base); Feb: 96/100 - 1 = -4%; Mar: 90/96 - 1 = -6.25%; Apr: +10%.
  assert.equal(m.worstMonth!.month, '2021-03');
  close(m.worstMonth!.ret, -0.0625);
});

test('months credited: cash and mark-to-market terms, idle months excluded or counted', () => {
  const dates = [
    '2021-01-05',
    '2021-01-20',
    '2021-02-05',
    '2021-02-20',
    '2021-03-05',
    '2021-03-20',
    '2021-04-05',
    '2021-04-20',
    '2021-05-05',
  ];
  const mtm = [40, -10, -5, -5, 0, 0, -20, 50, 0];
  const cash = [-100, 0, 0, 0, 0, 0, 0, 300, 0];
  const active = [1, 1, 1, 1, 0, 0, 1, 0, 1];
  const book = makeBook({
    name: 'alvh',
    dates,
    equity: dates.map(() => 1e6),
    layers: { L1: { mtm, cash, active } },
  });
  const run = makeRun(
    [book],
    dates.map(() => 100),
  );
  // Jan +30, Feb -10, Mar idle, Apr +30, May active but flat (not idle, not credited).
  const m = bookMetrics(book, run);
  assert.deepEqual(m.monthsCredited!.mtm, { credited: 2, considered: 4, idle: 1, share: 0.5 });
  assert.deepEqual(m.monthsCredited!.cash, { credited: 1, considered: 4, idle: 1, share: 0.25 });
  const counted = bookMetrics(book, run, opts({ idleMonths: 'not-credited' }));
  assert.deepEqual(counted.monthsCredited!.mtm, { credited: 2, considered: 5, idle: 1, share: 0.4 });
});

test('a book without layers has no hedge cost and no month credit', () => {
  const dates = weekdays('2021-01-04', 5);
  const book = makeBook({ name: 'condor', dates, equity: [1, 2, 3, 4, 5] });
  const m = bookMetrics(book, makeRun([book], [1, 1, 1, 1, 1]));
  assert.equal(m.hedgeCost, null);
  assert.equal(m.monthsCredited, null);
});

function twoYearBook(): { dates: string[]; spx: number[]; mtm: number[] } {
  const dates = weekdaysBetween('2021-01-04', '2022-12-30');
  const mtm = dates.map(() => 0);
  const spx = dates.map(() => 100);
  // 2021: the sleeve loses 15,000 (1.5% of 1,000,000); 2022: it gains 5,000; SPX falls 25% inside 2022.
  mtm[dates.indexOf('2021-06-01')] = -15000;
  mtm[dates.indexOf('2022-03-01')] = 5000;
  for (let t = dates.indexOf('2022-06-01'); t < dates.length; t++) spx[t] = 75;
  return { dates, spx, mtm };
}

test('hedge cost per year: all years and calm years, equal weights and partial-year weights', () => {
  const { dates, spx, mtm } = twoYearBook();
  const book = makeBook({ name: 'alvh', dates, equity: dates.map(() => 1e6), layers: { L1: { mtm } } });
  const run = makeRun([book], spx);
  const eq = bookMetrics(book, run, opts({ partialYears: 'equal' })).hedgeCost!;
  close(eq.allYears!, (0.015 - 0.005) / 2);
  close(eq.calmYears!, 0.015);
  assert.deepEqual(
    eq.years.map((y) => [y.year, y.severe]),
    [
      ['2021', false],
      ['2022', true],
    ],
  );
  // The first year runs 2021-01-04 -> 12-31 (361 of 365 days); the last from 2021-12-31 to 2022-12-30 (364).
  const w = bookMetrics(book, run).hedgeCost!;
  close(w.allYears!, (0.015 - 0.005) / (361 / 365 + 364 / 365));
  close(w.calmYears!, 0.015 / (361 / 365));
});

test('bookHedgeCost: the hedge cost bookMetrics reports, alone (what baselines are matched on)', () => {
  const { dates, spx, mtm } = twoYearBook();
  const book = makeBook({ name: 'alvh', dates, equity: dates.map(() => 1e6), layers: { L1: { mtm } } });
  const run = makeRun([book], spx);
  for (const o of [undefined, opts({ partialYears: 'equal' })])
    assert.deepEqual(bookHedgeCost(book, run, o), bookMetrics(book, run, o).hedgeCost);
  const bare = makeBook({ name: 'condor', dates, equity: dates.map(() => 1e6) });
  assert.equal(bookHedgeCost(bare, makeRun([bare], spx)), null);
  assert.throws(() => bookHedgeCost(book, makeRun([book], spx.slice(1))), UserError);
});

test('SPX drawdown years: within the year vs from the running peak', () => {
  const dates = ['2021-06-01', '2021-12-31', '2022-01-03', '2022-06-01', '2022-12-30'];
  const spx = [100, 85, 85, 78, 80];
  const book = makeBook({ name: 'a', dates, equity: [1, 1, 1, 1, 1] });
  const run = makeRun([book], spx);
  const within = spxYears(run, dates, opts({ spxDrawdownMode: 'within-year' }));
  close(within[0].spxDrawdown, 0.15);
  close(within[1].spxDrawdown, 1 - 78 / 85);
  assert.deepEqual(
    within.map((y) => y.severe),
    [false, false],
  );
  const running = spxYears(run, dates, opts({ spxDrawdownMode: 'running-peak' }));
  close(running[1].spxDrawdown, 0.22);
  assert.deepEqual(
    running.map((y) => y.severe),
    [false, true],
  );
  close(within[1].spxReturn, 80 / 85 - 1);
});

test('attribution per layer and year, and the comparison with the unhedged book', () => {
  const dates = ['2021-12-30', '2021-12-31', '2022-01-03', '2022-01-04'];
  const hedged = makeBook({
    name: 'alvh',
    dates,
    equity: [100, 90, 80, 95],
    layers: { L1: { mtm: [0, 5, -2, 1], cash: [-3, 0, 0, 4] }, L2: { mtm: [0, 0, 7, 0] } },
  });
  const unhedged = makeBook({ name: 'condor', dates, equity: [100, 80, 68, 90] });
  const run = makeRun([hedged, unhedged], [1, 1, 1, 1]);
  const h = bookMetrics(hedged, run);
  const u = bookMetrics(unhedged, run);
  assert.equal(h.attribution.sleeveMtmPnl, 11);
  assert.deepEqual(
    h.attribution.layers.map((l) => [l.layer, l.mtmPnl, l.cashFlow, l.activeDays]),
    [
      ['L1', 4, 1, 3],
      ['L2', 7, 0, 1],
    ],
  );
  assert.deepEqual(h.attribution.layers[0].byYear, [
    { year: '2021', mtmPnl: 5, cashFlow: -3 },
    { year: '2022', mtmPnl: -1, cashFlow: 4 },
  ]);
  const c = compareToUnhedged(h, u);
  close(c.drawdownReduction!, 1 - 0.2 / 0.32);
  close(c.cagrDifference, h.cagr - u.cagr);
});

test('misaligned inputs are user errors naming the field', () => {
  const book = makeBook({ name: 'a', dates: ['2021-01-04', '2021-01-05'], equity: [1, 2] });
  assert.throws(
    () => bookMetrics(book, makeRun([book], [1])),
    (e: Error) => e instanceof UserError && /spxClose/.test(e.message),
  );
  const bad = makeBook({ name: 'b', dates: ['2021-01-05', '2021-01-04'], equity: [1, 2] });
  assert.throws(
    () => bookMetrics(bad, makeRun([bad], [1, 1])),
    (e: Error) => e instanceof UserError && /ascending/.test(e.message),
  );
});
