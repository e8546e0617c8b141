import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, dollars, fixed, num, pct } from './format.js';

test('one format: fixed decimals, locale-free thousands separators, no negative zero', () => {
  assert.equal(pct(-0.123456), '-12.3%');
  assert.equal(pct(-0.00001), '0.0%');
  assert.equal(pct(-0.0004, 2), '-0.04%');
  assert.equal(pct(12.3456), '1,234.6%');
  assert.equal(pct(null), 'n/a');
  assert.equal(pct(NaN, 1, '-'), '-');
  assert.equal(num(-0.004), '0.00');
  assert.equal(num(-12345.678), '-12,345.68');
  assert.equal(dollars(-1234567.4), '-1,234,567');
  assert.equal(dollars(-0.4), '0');
  assert.equal(dollars(999), '999');
  assert.equal(count(4919), '4,919');
  assert.equal(fixed(1e6, 1), '1,000,000.0');
});

test('grouping agrees with Intl en-US on many values (a second implementation)', () => {
  const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  for (let k = 0; k < 2000; k++) {
    const x = (Math.sin(k * 12.9898) * 43758.5453) % 1;
    const v = x * 10 ** (k % 10);
    const expected = intl.format(v).replace(/^-(0\.00)$/, '$1');
    assert.equal(fixed(v, 2), expected, String(v));
  }
});
