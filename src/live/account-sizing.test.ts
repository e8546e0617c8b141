import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Trade } from '../engine/result.js';
import { sizeForAccount } from './account-sizing.js';

const trade = (quantity: number): Trade => ({
  date: '2024-01-02',
  sleeve: 'core',
  instrument: 'SPX 2024-02-16 P 4500',
  quantity,
  price: 1,
  modelPrice: 1,
  cost: 0,
  cash: 0,
  reason: 'open',
});

test('orders scale by account equity over book equity, rounded to whole contracts, signs kept', () => {
  const s = sizeForAccount([trade(-12), trade(12), trade(3)], 1_200_000, 250_000);
  assert.equal(s.factor, 0.208333);
  // 12 x 0.2083 = 2.5 -> 3 (half away from zero); 3 x 0.2083 = 0.625 -> 1.
  assert.deepEqual(
    s.orders.map((o) => o.quantity),
    [-3, 3, 1],
  );
  assert.deepEqual(
    sizeForAccount([trade(-2)], 1_000_000, 100_000).orders.map((o) => o.quantity),
    [0],
  );
});
