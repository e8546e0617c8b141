import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBook, makeRun } from './fixture-book.js';
import { STRESS_WINDOWS, stressWindows } from './stress.js';

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
  return makeRun([book], [2800, 2820, 2810, 2650, 2580, 2700, 2680].slice(k));
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
