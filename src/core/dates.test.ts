import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  civilFromDay,
  dayFromCivil,
  dayToIso,
  isoToDay,
  tryParseDay,
  weekday,
  nthWeekdayOfMonth,
} from './dates.js';

test('known day numbers and weekdays', () => {
  assert.equal(isoToDay('1970-01-01'), 0);
  assert.equal(isoToDay('2000-03-01'), 11017);
  assert.equal(weekday(isoToDay('2024-01-05')), 5); // a Friday
  assert.equal(weekday(isoToDay('1990-01-02')), 2); // a Tuesday
  assert.equal(dayToIso(nthWeekdayOfMonth(2024, 1, 5, 3)), '2024-01-19');
});

test('civil <-> day number round trip, and agreement with Date.UTC', () => {
  fc.assert(
    fc.property(fc.integer({ min: -50000, max: 80000 }), (d) => {
      const c = civilFromDay(d);
      assert.equal(dayFromCivil(c.year, c.month, c.day), d);
      assert.equal(Date.UTC(c.year, c.month - 1, c.day) / 86400000, d);
    }),
  );
});

test('parses US and ISO dates, rejects impossible ones', () => {
  assert.equal(tryParseDay('01/05/2024'), isoToDay('2024-01-05'));
  assert.equal(tryParseDay('1/5/2024'), isoToDay('2024-01-05'));
  assert.ok(Number.isNaN(tryParseDay('2023-02-29')));
  assert.ok(Number.isNaN(tryParseDay('13/01/2024')));
  assert.throws(() => isoToDay('2024/01/05'), /not an ISO date/);
});
