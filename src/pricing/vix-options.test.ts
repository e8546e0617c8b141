import { test } from 'node:test';
import assert from 'node:assert/strict';
import { black76Price } from './black-scholes.js';
import { vixFutureForExpiry } from './vix-futures-curve.js';
import { priceVixOption, vixOptionVol, vixStrikeForDelta, vixOptionDelta } from './vix-options.js';

test('VIX options are Black-76 on the future of the same expiration, with an upward call skew', () => {
  const vol = vixOptionVol(90, 30 / 365, 25, 20);
  assert.equal(
    priceVixOption(true, 20, 25, 30 / 365, 0.03, 90),
    black76Price(true, 20, 25, 30 / 365, 0.03, vol),
  );
  assert.ok(
    vixOptionVol(90, 30 / 365, 30, 20) > vixOptionVol(90, 30 / 365, 20, 20),
    'calls further out carry more vol',
  );
  assert.ok(
    vixOptionVol(90, 7 / 365, 20, 20) > vixOptionVol(90, 90 / 365, 20, 20),
    'short tenors are more volatile',
  );
  const k = vixStrikeForDelta(true, 0.2, 20, 75 / 365, 0.03, 90, 1);
  assert.ok(k > 20 && Number.isInteger(k));
  assert.ok(Math.abs(vixOptionDelta(true, 20, k, 75 / 365, 0.03, 90) - 0.2) < 0.05);
});

test('the futures curve: exact on listed contracts, linear between, anchored on spot before the front', () => {
  const expiries = [100, 130, 160];
  const settles = [18, 20, 21];
  assert.equal(vixFutureForExpiry(expiries, settles, 0, 3, 90, 130, 16), 20);
  assert.equal(vixFutureForExpiry(expiries, settles, 0, 3, 90, 115, 16), 19);
  assert.equal(
    vixFutureForExpiry(expiries, settles, 0, 3, 90, 95, 16),
    17,
    'halfway from spot (day 90) to the front (day 100)',
  );
  assert.equal(vixFutureForExpiry(expiries, settles, 0, 3, 90, 200, 16), 21, 'flat past the last contract');
});
