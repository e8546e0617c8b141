import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { drawdownSeries, longestUnderwater, maxDrawdown, shareUnderwater, ulcerIndex } from './drawdown.js';

const DATES = ['2020-01-01', '2020-01-02', '2020-01-05', '2020-01-20', '2020-01-21', '2020-03-31'];
const EQUITY = Float64Array.from([100, 120, 90, 110, 130, 117]);

test('max drawdown of a hand-made curve: 120 -> 90 is -25%, recovered at 130', () => {
  const dd = maxDrawdown(EQUITY, DATES);
  assert.ok(Math.abs(dd.depth - 0.25) < 1e-15);
  assert.equal(dd.peakDate, '2020-01-02');
  assert.equal(dd.troughDate, '2020-01-05');
  assert.equal(dd.recoveryDate, '2020-01-21');
});

test('an unrecovered deepest fall has a null recovery date', () => {
  const dd = maxDrawdown(Float64Array.from([100, 110, 60, 100]), DATES.slice(0, 4));
  assert.ok(Math.abs(dd.depth - 50 / 110) < 1e-15);
  assert.equal(dd.recoveryDate, null);
});

test('a rising curve has no drawdown', () => {
  const dd = maxDrawdown(Float64Array.from([1, 2, 3]), DATES.slice(0, 3));
  assert.equal(dd.depth, 0);
  assert.equal(dd.recoveryDate, dd.troughDate);
  assert.equal(ulcerIndex(Float64Array.from([1, 2, 3])), 0);
});

test('drawdown series and Ulcer index by hand', () => {
  const expected = [0, 0, 0.25, 1 / 12, 0, 0.1];
  const dd = drawdownSeries(EQUITY);
  expected.forEach((x, i) => assert.ok(Math.abs(dd[i] - x) < 1e-15, `day ${i}`));
  // sqrt((0.25^2 + (1/12)^2 + 0.1^2) / 6) = sqrt(0.0794444 / 6) = 0.1150684
  assert.ok(Math.abs(ulcerIndex(EQUITY) - 0.1150684) < 1e-7);
  assert.equal(shareUnderwater(EQUITY), 3 / 6);
});

test('longest time under water counts calendar days; an open stretch at the end counts and has to = null', () => {
  // 120 on 01-02 regained on 01-21: 19 days; 130 on 01-21 still not regained on 03-31: 70 days.
  const u = longestUnderwater(EQUITY, DATES);
  assert.deepEqual(u, { days: 70, tradingDays: 1, from: '2020-01-21', to: null });
  const closed = longestUnderwater(EQUITY.subarray(0, 5), DATES.slice(0, 5));
  assert.deepEqual(closed, { days: 19, tradingDays: 3, from: '2020-01-02', to: '2020-01-21' });
});

test('property: max drawdown equals the brute-force max over all pairs i < j of 1 - e_j / e_i', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 31 }),
      (xs) => {
        const eq = Float64Array.from(xs);
        const dates = xs.map((_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
        let brute = 0;
        for (let i = 0; i < xs.length; i++)
          for (let j = i + 1; j < xs.length; j++) brute = Math.max(brute, 1 - xs[j] / xs[i]);
        const dd = maxDrawdown(eq, dates);
        assert.ok(Math.abs(dd.depth - brute) < 1e-12);
        assert.ok(Math.abs(Math.max(...drawdownSeries(eq)) - brute) < 1e-12);
        assert.ok(dd.peakDate <= dd.troughDate);
      },
    ),
  );
});
