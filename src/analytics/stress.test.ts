import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBook, makeRun, weekdays } from './fixture-book.test-helper.js';
import { STRESS_WINDOWS, stressWindows, worstSpxWindows } from './stress.js';

const DATES = [
  '2018-01-30',
  '2018-01-31',
  '2018-02-01',
  '2018-02-05',
  '2018-02-08',
  '2018-02-28',
  '2018-03-01',
];

function run(dates: string[]) {
  const k = DATES.length - dates.length;
  const eq = [100, 100, 98, 90, 95, 99, 101].slice(k);
  const book = makeBook({
    name: 'alvh',
    dates,
    equity: eq,
    layers: { L2: { mtm: [0, 0, 1, 4, -1, 0, 0].slice(k) } },
  });
  return { ...makeRun([book], [2800, 2820, 2810, 2650, 2580, 2700, 2680].slice(k)), source: 'real' as const };
}

test('Feb 2018: return from the January close, drawdown inside the window, sleeve P&L', () => {
  const out = stressWindows(run(DATES));
  assert.equal(out.length, STRESS_WINDOWS.length, 'no window is dropped');
  const feb = out.find((w) => w.id === '2018-02')!;
  assert.equal(feb.coverage, 'full');
  assert.equal(feb.firstDate, '2018-02-01');
  assert.equal(feb.lastDate, '2018-02-28');
  assert.ok(Math.abs(feb.spxReturn! - (2700 / 2820 - 1)) < 1e-15);
  const b = feb.books[0];
  assert.ok(Math.abs(b.ret - -0.01) < 1e-15);
  assert.ok(Math.abs(b.maxDrawdown - 0.1) < 1e-15);
  assert.equal(b.sleevePnl, 4);
  assert.equal(b.sleevePnlPct, 0.04);
});

test('windows outside the run are reported as not in run; a window cut by the run start is partial', () => {
  const out = stressWindows(run(DATES));
  for (const id of ['2008-crisis', '2011-08', '2015-08', '2018-q4', '2020-covid', '2022', '2024-08']) {
    const w = out.find((x) => x.id === id)!;
    assert.equal(w.coverage, 'not in run', id);
    assert.deepEqual(w.books, []);
  }
  const cut = stressWindows(run(DATES.slice(3))).find((w) => w.id === '2018-02')!;
  assert.equal(cut.coverage, 'partial');
  // From the run's first close (90) to 99.
  assert.ok(Math.abs(cut.books[0].ret - 0.1) < 1e-15);
});

test('worst SPX stretches by hand: lowest return first, overlapping and rising stretches left out', () => {
  const dates = weekdays('2030-01-01', 11);
  const spx = Float64Array.from([100, 100, 90, 80, 85, 100, 100, 100, 95, 100, 100]);
  // Two-day stretches [s, s+1] from the close before: s=2 -20%, s=1 -10%, s=3 -5.6%, s=7 -5%, others >= 0.
  const out = worstSpxWindows(dates, spx, 2, 3);
  assert.deepEqual(out, [
    { id: 'synthetic-worst-1', name: 'Worst 2 trading days #1', from: dates[2], to: dates[3] },
    { id: 'synthetic-worst-2', name: 'Worst 2 trading days #2', from: dates[7], to: dates[8] },
  ]);
  assert.deepEqual(worstSpxWindows(dates.slice(0, 1), spx.slice(0, 1)), []);
  // A run shorter than the stretch: one stretch over every day after the first.
  assert.deepEqual(
    worstSpxWindows(dates.slice(0, 4), spx.slice(0, 4)).map((w) => [w.from, w.to]),
    [[dates[1], dates[3]]],
  );
});

test('a synthetic run gets no named historical windows, only its own worst 63-day stretches', () => {
  const dates = weekdays('2008-01-01', 400);
  const spx = dates.map((_, t) => 1000 * (1 + 0.2 * Math.sin(t / 20)) * (t >= 180 && t < 200 ? 0.7 : 1));
  const book = makeBook({ name: 'alvh', dates, equity: spx.map((x) => x * 1000) });
  const run = makeRun([book], spx);
  assert.equal(run.source, 'synthetic');
  const out = stressWindows(run);
  assert.ok(out.length > 0 && out.length <= 5);
  const named = new Set(STRESS_WINDOWS.map((w) => w.name));
  for (const w of out) {
    assert.ok(!named.has(w.name) && w.id.startsWith('synthetic-worst-'), w.name);
    assert.equal(w.coverage, 'full');
    assert.ok(w.spxReturn! < 0);
  }
  // Worst first, and the first is the lowest 63-day return anywhere on the path (brute force).
  for (let k = 1; k < out.length; k++) assert.ok(out[k].spxReturn! >= out[k - 1].spxReturn!);
  let worst = Infinity;
  for (let s = 1; s + 63 <= dates.length; s++) worst = Math.min(worst, spx[s + 62] / spx[s - 1] - 1);
  assert.equal(out[0].spxReturn, worst);
  // Stretches do not overlap.
  const spans = out.map((w) => [dates.indexOf(w.from), dates.indexOf(w.to)]).sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) assert.ok(spans[k][0] > spans[k - 1][1]);
  // The same path labelled real keeps the calendar windows (2008 lies inside it).
  const real = stressWindows({ ...run, source: 'real' });
  assert.deepEqual(
    real.map((w) => w.id),
    STRESS_WINDOWS.map((w) => w.id),
  );
  assert.equal(real.find((w) => w.id === '2008-crisis')!.coverage, 'full');
});
