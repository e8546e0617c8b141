import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkClaims, claimVerdict, publishedClaims } from './claims.js';
import { makeBook, makeRun } from './fixture-book.test-helper.js';
import { bookMetrics } from './metrics.js';

const DD = { range: [0.35, 0.4] as [number, number], tolerance: 0, better: 'higher' as const };
const COST = { range: [0.01, 0.02] as [number, number], tolerance: 0, better: 'lower' as const };
const MONTHS = { range: [0.65, 0.65] as [number, number], tolerance: 0.05, better: 'higher' as const };

test('verdicts: inside the range (ends included) holds; outside, the good side is better, the other worse', () => {
  const cases: [number | null, typeof DD | typeof COST | typeof MONTHS, string][] = [
    [0.36, DD, 'holds'],
    [0.35, DD, 'holds'],
    [0.4, DD, 'holds'],
    [0.5, DD, 'better than claimed'],
    [0.2, DD, 'worse than claimed'],
    [-0.1, DD, 'worse than claimed'],
    [0.015, COST, 'holds'],
    [0.005, COST, 'better than claimed'],
    [-0.01, COST, 'better than claimed'],
    [0.03, COST, 'worse than claimed'],
    [0.61, MONTHS, 'holds'],
    [0.7, MONTHS, 'holds'],
    [0.6, MONTHS, 'holds'],
    [0.5999, MONTHS, 'worse than claimed'],
    [0.7001, MONTHS, 'better than claimed'],
    [null, DD, 'not measurable'],
    [NaN, COST, 'not measurable'],
  ];
  for (const [v, claim, expected] of cases) assert.equal(claimVerdict(v, claim), expected, `${v}`);
});

test('the months claim is 65% with a stated tolerance that is a parameter', () => {
  const tight = publishedClaims({ drawdown: 0, cost: 0, months: 0.01 }).find(
    (c) => c.id === 'months-credited',
  )!;
  assert.equal(claimVerdict(0.61, tight), 'worse than claimed');
  assert.equal(claimVerdict(0.655, tight), 'holds');
});

function run(hedgedEq: number[], unhedgedEq: number[], mtm: number[]) {
  const dates = ['2021-01-04', '2021-02-04', '2021-03-04', '2021-04-05'];
  const hedged = makeBook({ name: 'alvh', dates, equity: hedgedEq, layers: { L1: { mtm } } });
  const unhedged = makeBook({ name: 'condor', dates, equity: unhedgedEq });
  return makeRun([hedged, unhedged], [1, 1, 1, 1]);
}

test('checkClaims measures each claim on the run and computes its verdict', () => {
  // DD 24% vs 40%: reduction 40% (holds); months: Feb and Apr credited of 3 active (66.7%, holds).
  const r = run([100, 76, 90, 100], [100, 60, 80, 100], [0, 5, -2, 1]);
  const checks = checkClaims(
    r,
    r.books.map((b) => bookMetrics(b, r)),
  );
  const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
  assert.equal(byId['drawdown-cut'].measured, 0.4);
  assert.equal(byId['drawdown-cut'].verdict, 'holds');
  assert.equal(byId['months-credited'].measured, 0.6667);
  assert.equal(byId['months-credited'].verdict, 'holds');
  assert.deepEqual(byId['months-credited'].accepted, [0.6, 0.7]);
  // No cash moved in any active month: 0 of 3 credited in cash terms.
  assert.equal(byId['months-credited-cash'].measured, 0);
  assert.equal(byId['months-credited-cash'].verdict, 'worse than claimed');
});

test('a measured value is rounded to 0.01% before the verdict, so the shown value and the verdict agree', () => {
  // reduction = 1 - 0.26 / 0.4 = 0.35 up to float error
  const r = run([100, 74, 90, 100], [100, 60, 80, 100], [0, 0, 0, 1]);
  const c = checkClaims(
    r,
    r.books.map((b) => bookMetrics(b, r)),
  ).find((x) => x.id === 'drawdown-cut')!;
  assert.equal(c.measured, 0.35);
  assert.equal(c.verdict, 'holds');
});

test('claims without a measurable value say why', () => {
  const r = run([100, 90, 95, 100], [100, 101, 102, 103], [0, 0, 0, 0]);
  const checks = checkClaims(
    r,
    r.books.map((b) => bookMetrics(b, r)),
  );
  const dd = checks.find((c) => c.id === 'drawdown-cut')!;
  assert.equal(dd.verdict, 'not measurable');
  assert.match(dd.note, /never fell/);
  const months = checks.find((c) => c.id === 'months-credited')!;
  assert.equal(months.verdict, 'not measurable');
  const missing = checkClaims({ ...r, hedged: 'nope' }, []);
  assert.ok(missing.every((c) => c.verdict === 'not measurable' && /nope/.test(c.note)));
});
