import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimsByEra, sliceRun, spansEras } from './eras.js';
import { checkClaims } from './claims.js';
import { bookMetrics } from './metrics.js';
import { makeBook, makeRun, weekdaysBetween } from './fixture-book.test-helper.js';

/** Flat books 2005-2008 with one fall in June 2006 and one in October 2008, the hedged book falling less. */
function run() {
  const dates = weekdaysBetween('2005-01-03', '2008-12-31');
  const fall = (d: string, y2006: number, y2008: number): number =>
    d.startsWith('2006-06') ? y2006 : d.startsWith('2008-10') ? y2008 : 1e6;
  const unhedged = makeBook({ name: 'condor', dates, equity: dates.map((d) => fall(d, 0.8e6, 0.7e6)) });
  const hedged = makeBook({
    name: 'alvh',
    dates,
    equity: dates.map((d) => fall(d, 0.95e6, 0.85e6)),
    layers: { L1: { mtm: dates.map((d) => (d === '2006-06-01' ? 1000 : 0)) } },
  });
  return makeRun(
    [hedged, unhedged],
    dates.map(() => 1000),
  );
}

test('eras: drawdown reduction per era from each era own falls (1 - 5/20, 1 - 15/30) and over the whole span', () => {
  const eras = claimsByEra(run());
  assert.deepEqual(
    eras.map((e) => [e.era, e.from, e.to]),
    [
      ['1990-2006', '2005-01-03', '2006-12-29'],
      ['2007-2026', '2007-01-01', '2008-12-31'],
      ['whole span', '2005-01-03', '2008-12-31'],
    ],
  );
  const cut = (k: number): number | null => eras[k].claims.find((c) => c.id === 'drawdown-cut')!.measured;
  assert.equal(cut(0), 0.75);
  assert.equal(cut(1), 0.5);
  assert.equal(cut(2), 0.5);
  assert.ok(Math.abs(eras[0].books.find((b) => b.book === 'condor')!.maxDrawdown! - 0.2) < 1e-12);
  assert.ok(Math.abs(eras[1].books.find((b) => b.book === 'alvh')!.maxDrawdown! - 0.15) < 1e-12);
});

test('eras: the whole-span cut gives the claim check of the run itself; a run inside one era is not split', () => {
  const r = run();
  const whole = claimsByEra(r).find((e) => e.era === 'whole span')!;
  assert.deepEqual(
    whole.claims,
    checkClaims(
      r,
      r.books.map((b) => bookMetrics(b, r)),
    ),
  );
  assert.equal(spansEras(r), true);
  assert.equal(spansEras(sliceRun(r, '2007-01-01', null)!), false);
  assert.equal(sliceRun(r, '2010-01-01', null), null);
});
