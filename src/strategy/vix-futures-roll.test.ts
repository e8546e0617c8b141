// The short-term index's roll weights checked by hand against S&P's methodology (CRW1 = 100 x dr / dt),
// business days counted on the calendar by hand for each date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayToIso, isoToDay } from '../core/dates.js';
import { shortTermRollWeights } from './vix-futures-roll.js';

function at(iso: string): { front: string; second: string; dr: number; dt: number; w: number } {
  const r = shortTermRollWeights(isoToDay(iso));
  return {
    front: dayToIso(r.front),
    second: dayToIso(r.second),
    dr: r.daysLeft,
    dt: r.periodDays,
    w: r.frontWeight,
  };
}

test('roll weights by hand: mid-period, the Tuesday before a settlement, the settlement day itself', () => {
  // Roll period 2008-09-17 (Sep settlement) .. 2008-10-22: Sep 17-19 (3), then four full weeks (20), Oct 20-21
  // (2) = 25 business days. After the close of Wed 2008-10-01: Oct 2-3, 6-10, 13-17, 20-21 = 14 left.
  assert.deepEqual(at('2008-10-01'), {
    front: '2008-10-22',
    second: '2008-11-19',
    dr: 14,
    dt: 25,
    w: 14 / 25,
  });
  // The Tuesday before the settlement: nothing left, everything in the second month.
  assert.deepEqual(at('2008-10-21'), { front: '2008-10-22', second: '2008-11-19', dr: 0, dt: 25, w: 0 });
  // The settlement day starts the next period: Oct 22-24 (3), Oct 27-31, Nov 3-7, Nov 10-14 (15), Nov 17-18
  // (2) = 20 days; 19 remain after the close.
  assert.deepEqual(at('2008-10-22'), {
    front: '2008-11-19',
    second: '2008-12-17',
    dr: 19,
    dt: 20,
    w: 19 / 20,
  });
});

test('roll weights by hand across holidays: the February 2008 contract, settled on Tuesday 2008-02-19', () => {
  // Good Friday 2008-03-21 moved the settlement to Tuesday 2008-02-19. Period 2008-01-16 .. 02-19: Jan 16-18
  // (3), Jan 22-25 (4, MLK day Jan 21 closed), Jan 28-Feb 1, Feb 4-8, Feb 11-15 (15); Feb 18 Presidents' Day
  // is closed: 22 days.
  assert.deepEqual(at('2008-02-14'), { front: '2008-02-19', second: '2008-03-19', dr: 1, dt: 22, w: 1 / 22 });
  // After Friday 2008-02-15 the next business day is the settlement itself: the weight is already 0.
  assert.deepEqual(at('2008-02-15'), { front: '2008-02-19', second: '2008-03-19', dr: 0, dt: 22, w: 0 });
});
