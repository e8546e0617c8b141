import { test } from 'node:test';
import assert from 'node:assert/strict';
import { condorCredit, type Fill } from './condor-credit.js';

const leg = (quantity: number, price: number, reason = 'open', sleeve = 'core'): Fill => ({
  sleeve,
  quantity,
  price,
  modelPrice: price - 0.1 * Math.sign(quantity), // the fill pays 0.1 of spread on each leg
  cash: -quantity * price * 100 - Math.abs(quantity),
  reason,
});

test('the net credit of the condors opened today: per condor at fills and at model, and in dollars', () => {
  const c = condorCredit([
    leg(22, 20.4),
    leg(-22, 24.3),
    leg(-22, 14.8),
    leg(22, 7.8),
    leg(5, 1.2, 'open', 'L1'),
    leg(10, 3, 'profit-take'),
  ])!;
  assert.equal(c.condors, 22);
  assert.ok(Math.abs(c.perCondor - (24.3 + 14.8 - 20.4 - 7.8)) < 1e-9);
  assert.ok(Math.abs(c.perCondorModel - (c.perCondor + 0.4)) < 1e-9, 'four legs, 0.1 of spread each');
  assert.ok(Math.abs(c.netCash - (c.perCondor * 22 * 100 - 88)) < 1e-6);
});

test('no condor opened: no credit line', () => {
  assert.equal(condorCredit([leg(-22, 1, 'profit-take'), leg(5, 1.2, 'open', 'L1')]), null);
});
