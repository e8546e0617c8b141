import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blackForwardPrice } from './black-scholes.js';
import { cboeVariance } from './vix-formula.js';

test('the Cboe formula on a three-strike strip, computed by hand', () => {
  // F = 100, K0 = 100, r = 0, T = 1; dK = 10 at every strike; Q = 1, 5, 1.
  // sigma^2 = 2 (10/90^2 x 1 + 10/100^2 x 5 + 10/110^2 x 1) - (100/100 - 1)^2 = 0.01412202836...
  const v = cboeVariance([90, 100, 110], [1, 5, 1], 100, 0, 1);
  assert.ok(Math.abs(v - 2 * (10 / 8100 + 50 / 10000 + 10 / 12100)) < 1e-15);
  assert.ok(Math.abs(v - 0.0141220283645) < 1e-12);
  // The K0 correction: F above K0 subtracts (F/K0 - 1)^2 / T.
  const shifted = cboeVariance([90, 100, 110], [1, 5, 1], 102, 0, 1);
  assert.ok(Math.abs(v - shifted - 0.02 * 0.02) < 1e-15);
});

test('on a flat-vol strip the formula returns that variance (the variance swap of a flat smile)', () => {
  const F = 4000;
  const T = 30 / 365;
  const vol = 0.2;
  const strikes: number[] = [];
  const prices: number[] = [];
  for (let k = 1500; k <= 7000; k += 5) {
    strikes.push(k);
    prices.push(
      k < F
        ? blackForwardPrice(false, F, k, T, vol)
        : k > F
          ? blackForwardPrice(true, F, k, T, vol)
          : blackForwardPrice(true, F, k, T, vol),
    );
  }
  const v = cboeVariance(strikes, prices, F, 0, T);
  assert.ok(Math.abs(Math.sqrt(v) - vol) < 2e-4, `vol from the strip ${Math.sqrt(v)}`);
});
