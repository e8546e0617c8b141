import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weekdaysBetween } from './fixture-book.test-helper.js';
import { monthlyReturnTable } from './monthly-returns.js';

test('monthly returns compound to the year: the product of the months is the year return', () => {
  const dates = weekdaysBetween('2019-11-04', '2021-03-31');
  const equity = Float64Array.from(dates, (_, t) => 1e6 * (1 + 0.1 * Math.sin(t / 17)) * (1 + t / 2000));
  const rows = monthlyReturnTable(equity, dates);
  assert.deepEqual(
    rows.map((r) => r.year),
    ['2019', '2020', '2021'],
  );
  assert.deepEqual(
    rows[0].months.map((m) => m !== null),
    [...new Array(10).fill(false), true, true],
  );
  assert.equal(rows[2].months.filter((m) => m !== null).length, 3);
  for (const r of rows) {
    const compounded = r.months.reduce<number>((p, m) => p * (1 + (m ?? 0)), 1) - 1;
    assert.ok(Math.abs(compounded - r.yearReturn) < 1e-12, `${r.year}: ${compounded} vs ${r.yearReturn}`);
  }
});
