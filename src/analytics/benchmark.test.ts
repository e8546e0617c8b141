import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithIndex } from './benchmark.js';

/** Daily dates (weekdays) from a start over n months, and month-end values from a list of monthly returns. */
function series(returns: number[], start = 100): { dates: string[]; values: number[] } {
  const dates: string[] = [];
  const values: number[] = [];
  let v = start;
  // Month m (0-based) of 2020+: two rows a month (the 10th and the 20th); the 20th carries the month-end value.
  for (let m = 0; m <= returns.length; m++) {
    const key = `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    dates.push(`${key}-10`, `${key}-20`);
    values.push(v * 1.5, v); // the mid-month value must not matter
    if (m < returns.length) v *= 1 + returns[m];
  }
  return { dates, values };
}

test('a book that is the index gives correlation 1, beta 1, zero tracking error', () => {
  const r = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02, 0.0, 0.015];
  const s = series(r);
  const c = compareWithIndex(s.dates, s.values, s);
  assert.equal(c.months.length, r.length);
  assert.ok(Math.abs(c.correlation - 1) < 1e-12);
  assert.ok(Math.abs(c.beta - 1) < 1e-12);
  assert.ok(c.trackingError < 1e-12);
  assert.equal(c.sameSign, 1, 'the 0.0 month has sign 0 on both sides: counted the same');
  // By hand: the compounded growth of the eight months, annualised over 8/12 of a year.
  const growth = 1.01 * 0.98 * 1.03 * 1.005 * 0.99 * 1.02 * 1.0 * 1.015;
  assert.ok(Math.abs(c.bookCagr - (growth ** (12 / 8) - 1)) < 1e-12);
});

test('a book with twice the index returns plus a constant has beta 2 and correlation 1', () => {
  const r = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02];
  const idx = series(r);
  const book = series(
    r.map((x) => 2 * x + 0.001),
    1e6,
  );
  const c = compareWithIndex(book.dates, book.values, idx);
  assert.ok(Math.abs(c.beta - 2) < 1e-9);
  assert.ok(Math.abs(c.correlation - 1) < 1e-9);
  // Tracking error = sd(x + 0.001) annualised = sd(x) sqrt(12): the index's own volatility.
  assert.ok(Math.abs(c.trackingError - c.indexVol) < 1e-9);
  assert.deepEqual(
    c.years.map((y) => [y.year, y.months]),
    [['2020', 6]],
  );
});

test('months missing from either side are skipped, never filled', () => {
  const r = [0.01, 0.02, 0.03, 0.04, 0.05];
  const idx = series(r);
  const book = series(r);
  // Drop March 2020 from the index: neither March (no value) nor April (no previous value) can be compared.
  const keep = idx.dates.map((d) => !d.startsWith('2020-03'));
  const c = compareWithIndex(book.dates, book.values, {
    dates: idx.dates.filter((_, k) => keep[k]),
    values: idx.values.filter((_, k) => keep[k]),
  });
  assert.deepEqual(c.months, ['2020-02', '2020-05', '2020-06']);
});
