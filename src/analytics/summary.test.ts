import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRun } from './fixture-book.test-helper.js';
import { summarizeRun } from './summary.js';

test('the summary is plain JSON: serialising and parsing gives it back; two runs give the same bytes', () => {
  const s = summarizeRun(fixtureRun());
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  assert.equal(JSON.stringify(summarizeRun(fixtureRun())), JSON.stringify(s));
  assert.deepEqual(Object.keys(s), [
    'run',
    'settings',
    'books',
    'claims',
    'attribution',
    'stress',
    'yearly',
    'trades',
  ]);
  // The named stress windows apply to real data (a synthetic run gets its own worst stretches instead).
  assert.equal(summarizeRun({ ...fixtureRun(), source: 'real' }).stress.length, 8);
});

test('summary numbers are rounded: fractions to 6 decimals, dollars to cents', () => {
  const s = summarizeRun(fixtureRun());
  const h = s.books.find((b) => b.name === 'alvh')!;
  for (const x of [h.cagr, h.volatility, h.maxDrawdown.depth, h.ulcer])
    assert.equal(x, Number(x!.toFixed(6)));
  assert.equal(s.attribution[0].sleeveMtmPnl, 2500);
  assert.equal(s.books.find((b) => b.name === 'condor')!.drawdownReduction, 0);
  assert.ok(h.drawdownReduction! > 0);
  assert.deepEqual(h.monthsCredited!.mtm, { credited: 1, considered: 2, idle: 1, share: 0.5 });
});
