import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayToIso, isoToDay } from '../../core/dates.js';
import type { ConfigResult, StudyMetrics } from '../types.js';
import { DEFAULT_CLAIM_BOX_OPTIONS } from './claim-box.js';
import { eraShares } from './eras.js';
import { studyCalendar } from './window.js';

/** Weekdays from `from` to `to` (ISO), as a study's closes. */
function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = isoToDay(from); d <= isoToDay(to); d++) {
    const iso = dayToIso(d);
    const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(iso);
  }
  return out;
}

/** Flat returns with a one-day fall of `depth` on `day`, recovered in full the next day. */
function withFall(dates: string[], falls: [string, number][]): Float64Array {
  const r = new Float64Array(dates.length - 1);
  for (const [day, depth] of falls) {
    const t = dates.indexOf(day) - 1;
    r[t] = -depth;
    r[t + 1] = 1 / (1 - depth) - 1;
  }
  return r;
}

function config(
  id: string,
  dates: string[],
  hedged: [string, number][],
  core: [string, number][],
): ConfigResult {
  return {
    id,
    settings: {},
    metrics: {} as StudyMetrics,
    returns: withFall(dates, hedged),
    unhedgedReturns: withFall(dates, core),
    sleeveReturns: new Float64Array(dates.length - 1),
  };
}

test('eraShares: a hedge that acts only after 2007 cuts the drawdown in that era and the whole span, not before', () => {
  const dates = weekdays('2004-01-02', '2009-12-31');
  const core: [string, number][] = [
    ['2005-05-02', 0.2],
    ['2008-10-01', 0.4],
  ];
  // The first configuration's 2008 fall is 25% against its core's 40%: a 37.5% cut, inside 35-40%.
  const acts = config(
    'acts',
    dates,
    [
      ['2005-05-02', 0.2],
      ['2008-10-01', 0.25],
    ],
    core,
  );
  const idle = config('idle', dates, core, core);
  const eras = eraShares([acts, idle], studyCalendar(dates), DEFAULT_CLAIM_BOX_OPTIONS, {
    periodsPerYear: 252,
  });
  assert.deepEqual(
    eras.map((e) => [e.era, e.from, e.to]),
    [
      ['1990-2006', '2004-01-02', '2006-12-29'],
      ['2007-2026', '2007-01-01', '2009-12-31'],
      ['whole span', '2004-01-02', '2009-12-31'],
    ],
  );
  const cut = (k: number): number => eras[k].share_per_claim.find((c) => c.id === 'drawdown-cut')!.all.count;
  assert.deepEqual([cut(0), cut(1), cut(2)], [0, 1, 1]);
  assert.equal(eras[0].median_drawdown_reduction, 0);
  assert.ok(Math.abs(eras[1].median_drawdown_reduction! - 0.375 / 2) < 1e-12);
  // The sleeve never moved, so months credited is not measurable and nothing is inside the box.
  assert.ok(eras.every((e) => e.share_in_claim_box.all.count === 0));
});

test('eraShares: a study inside one era reports no eras; a sliver of an era under a year is left out', () => {
  const after = weekdays('2007-01-02', '2009-12-31');
  const one = config('x', after, [], []);
  assert.deepEqual(
    eraShares([one], studyCalendar(after), DEFAULT_CLAIM_BOX_OPTIONS, { periodsPerYear: 252 }),
    [],
  );
  const sliver = weekdays('2006-10-02', '2009-12-31');
  const s = eraShares([config('y', sliver, [], [])], studyCalendar(sliver), DEFAULT_CLAIM_BOX_OPTIONS, {
    periodsPerYear: 252,
  });
  assert.deepEqual(s, []);
});
