import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSpxSmile } from './spx-smile.js';
import { smileDay as day } from './spx-smile.test-helper.js';

test('property: the model 30-day strip reproduces the VIX close within 0.1 vol points', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 9, max: 80, noNaN: true }),
      fc.double({ min: 105, max: 160, noNaN: true }),
      (vix, skew) => {
        const smile = buildSpxSmile(day(vix, skew));
        assert.ok(Math.abs(smile.modelVix() - vix) < 0.1, `model VIX ${smile.modelVix()} vs ${vix}`);
      },
    ),
    { numRuns: 60 },
  );
});

test('smile prices satisfy put-call parity and a negative skew', () => {
  const smile = buildSpxSmile(day(18, 135));
  const t = 45 / 365;
  const f = smile.forward(t);
  for (const k of [3800, 4200, 4500, 4800, 5100]) {
    const parity = smile.price(true, k, t) - smile.price(false, k, t);
    assert.ok(Math.abs(parity - Math.exp(-0.04 * t) * (f - k)) < 1e-8, `parity at ${k}`);
  }
  assert.ok(
    smile.vol(4000, t) > smile.vol(4500, t) && smile.vol(4500, t) > smile.vol(4900, t),
    'downside vols above upside vols',
  );
});

test('strike for delta lands on the grid with the nearest delta', () => {
  const smile = buildSpxSmile(day(16, 130));
  const t = 45 / 365;
  for (const isCall of [true, false]) {
    const k = smile.strikeForDelta(isCall, 0.16, t, 5);
    assert.equal(k % 5, 0);
    const d = Math.abs(smile.delta(isCall, k, t));
    for (const other of [k - 5, k + 5])
      assert.ok(Math.abs(d - 0.16) <= Math.abs(Math.abs(smile.delta(isCall, other, t)) - 0.16) + 1e-12);
  }
});

test('missing indices fall back explicitly and say so', () => {
  const smile = buildSpxSmile({
    ...day(20, NaN),
    vix9d: NaN,
    vix3m: NaN,
    vix6m: NaN,
    dividendYieldAnnual: NaN,
  });
  assert.ok(smile.fallbacks.some((f) => f.startsWith('SKEW missing')));
  assert.ok(smile.fallbacks.some((f) => f.startsWith('VIX3M missing')));
  assert.ok(smile.fallbacks.some((f) => f.startsWith('dividend yield unknown')));
  assert.ok(Math.abs(smile.modelVix() - 20) < 0.1);
});

test('the smile of a day does not depend on which days were priced before', () => {
  const a = buildSpxSmile(day(22.3, 131.7)).price(false, 4200, 0.1);
  for (let k = 0; k < 20; k++) buildSpxSmile(day(10 + k * 3, 110 + k * 2));
  const b = buildSpxSmile(day(22.3, 131.7)).price(false, 4200, 0.1);
  assert.equal(a, b);
});
