import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxClaims } from './claim-box.js';
import { result, studyDays } from './fixture-results.test-helper.js';
import { walkForward, DEFAULT_WALK_FORWARD_OPTIONS } from './walk-forward.js';
import { studyCalendar, windowMetrics } from './window.js';

const BOX = boxClaims();
const WIN = { periodsPerYear: 252 };

/** Daily returns: a mean per calendar year plus a small alternating wiggle (so every Sharpe ratio is defined). */
function regime(dates: readonly string[], mean: (year: number) => number): Float64Array {
  return Float64Array.from({ length: dates.length - 1 }, (_, i) => {
    const year = Number(dates[i + 1].slice(0, 4));
    return mean(year) + (i % 2 === 0 ? 0.004 : -0.004);
  });
}

test('a regime switch: the pick follows the training window, one year late, and the chain trades what was picked', () => {
  const days = studyDays(2600, '2007-01-03'); // to early 2016
  const cal = studyCalendar(days.dates);
  const e = 0.001;
  const a = result({ id: 'A', returns: regime(days.dates, (y) => (y <= 2011 ? e : -e)) });
  const b = result({ id: 'B', returns: regime(days.dates, (y) => (y <= 2011 ? 0 : e)) });
  const flat = result({ id: 'C', returns: regime(days.dates, () => 0) });
  const wf = walkForward([flat, a, b], cal, 'sharpe', BOX, DEFAULT_WALK_FORWARD_OPTIONS, WIN);
  // Test 2012: A +e vs B 0 over 2007-11. 2013: A (4e - e) / 5 vs B e / 5. 2014: A (3e - 2e) / 5 vs B 2e / 5.
  assert.deepEqual(
    wf.folds.map((f) => [f.test.to.slice(0, 4), f.chosen]),
    [
      ['2012', 'A'],
      ['2013', 'A'],
      ['2014', 'B'],
      ['2015', 'B'],
      ['2016', 'B'],
    ],
  );
  assert.equal(wf.folds[0].train.from, '2007-01-03');
  assert.equal(wf.folds[0].train.to, wf.folds[0].test.from);
  assert.equal(wf.folds[1].train.from.slice(0, 4), '2007', 'the base close of 2008 is the last of 2007');
  assert.equal(wf.distinct_choices, 2);
  // The chained record is A's 2012-2013 and B's 2014 on, compounded.
  const [from, to] = [wf.folds[0].test.from, wf.folds[4].test.to];
  const start = days.dates.indexOf(from);
  const end = days.dates.indexOf(to);
  const split = days.dates.indexOf(wf.folds[2].test.from);
  let growth = 1;
  for (let i = start; i < end; i++) growth *= 1 + (i < split ? a.returns[i] : b.returns[i]);
  const years = (Date.parse(to) - Date.parse(from)) / 864e5 / 365.25;
  assert.ok(Math.abs(wf.out_of_sample!.cagr - (Math.pow(growth, 1 / years) - 1)) < 1e-12);
  // In hindsight B is best over 2012-2016, and beats the walk-forward record.
  assert.equal(wf.hindsight_best, 'B');
  assert.deepEqual(wf.in_sample, windowMetrics(b, cal, start, end, WIN));
  assert.ok(wf.in_sample!.cagr > wf.out_of_sample!.cagr);
  // Out of sample, the 2012 pick lost (A fell from 2012): its test objective is below its training one.
  assert.ok(wf.folds[0].test_objective! < 0 && wf.folds[0].train_objective! > 0);
});

test('no fold without a full training window; a run starting in June trains from the next full five years', () => {
  const short = studyDays(900, '2007-01-03');
  const wf = walkForward(
    [result({ id: 'x', returns: regime(short.dates, () => 0.0005) })],
    studyCalendar(short.dates),
    'cagr',
    BOX,
    DEFAULT_WALK_FORWARD_OPTIONS,
    WIN,
  );
  assert.equal(wf.folds.length, 0);
  assert.match(wf.note, /no test year after 5 training years/);
  const june = studyDays(2000, '2007-06-01');
  const wf2 = walkForward(
    [result({ id: 'x', returns: regime(june.dates, () => 0.0005) })],
    studyCalendar(june.dates),
    'cagr',
    BOX,
    { ...DEFAULT_WALK_FORWARD_OPTIONS, testYears: 2 },
    WIN,
  );
  // 2007-06 .. 2011-12 is 4.6 years: the first test period is 2013-2014, trained on 2008-2012.
  assert.equal(wf2.folds[0].test.to.slice(0, 4), '2014');
  assert.equal(wf2.folds[0].train.from.slice(0, 7), '2007-12');
});

test('the claim-distance objective picks the configuration inside the box over a window', () => {
  const days = studyDays(2000, '2007-01-03');
  const cal = studyCalendar(days.dates);
  const core = regime(days.dates, () => 0);
  // A sleeve that costs 1.5% a year and pays in 2 of 3 months: inside the cost and months claims.
  const sleeve = (cost: number) =>
    Float64Array.from(core, (_, i) => {
      const m = Number(days.dates[i + 1].slice(5, 7));
      return m % 3 === 0 ? -cost / 252 - 0.0004 : -cost / 252 + 0.0002;
    });
  const box = result({
    id: 'box',
    // Zero-mean wiggle: the drift of the path scales with the variance, so the drawdown with its square.
    returns: Float64Array.from(core, (x) => 0.77 * x),
    unhedgedReturns: core,
    sleeveReturns: sleeve(0.015),
  });
  const costly = result({ id: 'costly', returns: core, unhedgedReturns: core, sleeveReturns: sleeve(0.05) });
  const w = windowMetrics(box, cal, 0, 1999, WIN);
  assert.ok(w.drawdown_reduction! > 0.35 && w.drawdown_reduction! < 0.4, `${w.drawdown_reduction}`);
  const wf = walkForward([costly, box], cal, 'claim-distance', BOX, DEFAULT_WALK_FORWARD_OPTIONS, WIN);
  assert.ok(wf.folds.length > 0);
  for (const f of wf.folds) assert.equal(f.chosen, 'box');
});
