import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBook, makeRun } from './fixture-book.test-helper.js';
import { yearByYear } from './yearly.js';

test('year by year: returns from the previous year-end close, drawdowns inside the year, sleeve % of average equity', () => {
  const dates = ['2020-06-01', '2020-12-31', '2021-03-01', '2021-06-01', '2021-12-31'];
  const hedged = makeBook({
    name: 'alvh',
    dates,
    equity: [100, 110, 88, 100, 121],
    layers: { L1: { mtm: [0, 2, 0, -3, 0] } },
  });
  const unhedged = makeBook({ name: 'condor', dates, equity: [100, 120, 90, 100, 108] });
  const rows = yearByYear(makeRun([hedged, unhedged], [3000, 3750, 3000, 3500, 4500]));
  assert.deepEqual(
    rows.map((r) => [r.year, r.days, r.spxSevere]),
    [
      ['2020', 2, false],
      ['2021', 3, false],
    ],
  );
  // The 20% SPX fall runs from the 2020 close into 2021: inside 2021 alone SPX only rose.
  assert.equal(rows[1].spxDrawdown, 0);
  assert.ok(Math.abs(rows[0].spxReturn - 0.25) < 1e-15);
  assert.ok(Math.abs(rows[1].spxReturn - 0.2) < 1e-15);
  const h21 = rows[1].books[0];
  assert.ok(Math.abs(h21.ret - 0.1) < 1e-15);
  assert.ok(Math.abs(h21.maxDrawdown - 0.2) < 1e-15, '110 at the 2020 close -> 88');
  assert.ok(Math.abs(h21.sleevePnlPct - -3 / ((88 + 100 + 121) / 3)) < 1e-15);
  assert.equal(rows[1].books[1].sleevePnlPct, 0);
  assert.ok(Math.abs(rows[0].books[1].ret - 0.2) < 1e-15);
});
