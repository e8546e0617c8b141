import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSpxSmile, defaultSmileParams, type SmileParams, type SpxMarketInputs } from './spx-smile.js';
import { smileDay as day } from './spx-smile.test-helper.js';
import { cboeVariance } from './vix-formula.js';

const T30 = 30 / 365;
const wing: SmileParams = { ...defaultSmileParams, form: 'wing' };
const tenorShaped: SmileParams = { ...wing, shapeTenorPower: 0.2, slopeTenorPower: 0.35 };

/** The Cboe formula on the smile's own out-of-the-money prices at tenor t, -9 to +6 level sd, 301 strikes. */
function stripVariance(params: SmileParams, inputs: SpxMarketInputs, t: number): number {
  const smile = buildSpxSmile(inputs, params);
  const f = smile.forward(t);
  const sd = smile.level(t) * Math.sqrt(t);
  const strikes: number[] = [];
  const prices: number[] = [];
  for (let i = 0; i <= 300; i++) strikes.push(f * Math.exp(sd * (-9 + (15 * i) / 300)));
  const k0 = strikes.filter((k) => k <= f).at(-1) as number;
  for (const k of strikes)
    prices.push(
      k < k0
        ? smile.price(false, k, t)
        : k > k0
          ? smile.price(true, k, t)
          : 0.5 * (smile.price(false, k, t) + smile.price(true, k, t)),
    );
  return cboeVariance(Float64Array.from(strikes), Float64Array.from(prices), f, inputs.rateAnnual, t);
}

test('property: the wing form reproduces the VIX close and is 1 at the money', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 9, max: 80, noNaN: true }),
      fc.double({ min: 105, max: 160, noNaN: true }),
      (vix, skew) => {
        for (const p of [wing, tenorShaped]) {
          const smile = buildSpxSmile(day(vix, skew), p);
          assert.ok(Math.abs(smile.modelVix() - vix) < 0.1, `model VIX ${smile.modelVix()} vs ${vix}`);
          for (const t of [7 / 365, T30, 60 / 365])
            assert.ok(Math.abs(smile.vol(smile.forward(t), t) / smile.level(t) - 1) < 1e-12);
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('the wing form: put wing linear far out in sd units, call wing turning up, C1 at the money', () => {
  const smile = buildSpxSmile(day(20, 130), wing);
  const t = T30;
  const f = smile.forward(t);
  const sd = smile.level(t) * Math.sqrt(t);
  const v = (x: number): number => smile.vol(f * Math.exp(x * sd), t) / smile.level(t);
  // f(x) = 1 - b x + g (sqrt(x^2 + c^2) - c): closed form at a few points.
  const closed = (x: number): number => {
    const g = x < 0 ? wing.wingPut : wing.wingCall;
    return 1 - wing.wingSlope * x + g * (Math.sqrt(x * x + wing.wingWidth ** 2) - wing.wingWidth);
  };
  for (const x of [-6, -3, -1, -0.2, 0.3, 1.5, 3]) assert.ok(Math.abs(v(x) - closed(x)) < 1e-12, `x ${x}`);
  // Far put wing: second differences vanish (slope tends to -(b + gamma_put)).
  const slopeFar = v(-9) - v(-8);
  assert.ok(Math.abs(slopeFar - (wing.wingSlope + wing.wingPut)) < 0.01, `far put slope ${slopeFar}`);
  // One-sided slopes at the money agree (C1).
  const h = 1e-6;
  const left = (v(0) - v(-h)) / h;
  const right = (v(h) - v(0)) / h;
  assert.ok(Math.abs(left - right) < 1e-5, `${left} vs ${right}`);
  assert.ok(v(4) > v(2), 'the call wing turns up');
});

test('tenor powers: the ATM slope in sd units scales as (T / 30 d)^slopeTenorPower; 30 days is the shape itself', () => {
  const inputs = day(20, 130);
  const shaped = buildSpxSmile(inputs, tenorShaped);
  const plain = buildSpxSmile(inputs, wing);
  const atmSlope = (smile: ReturnType<typeof buildSpxSmile>, t: number): number => {
    const f = smile.forward(t);
    const sd = smile.level(t) * Math.sqrt(t);
    const h = 1e-4;
    return (
      (smile.vol(f * Math.exp(h * sd), t) - smile.vol(f * Math.exp(-h * sd), t)) / (2 * h * smile.level(t))
    );
  };
  const s30 = atmSlope(plain, T30);
  for (const days of [5, 10, 60]) {
    const t = days / 365;
    const expected = s30 * (t / T30) ** tenorShaped.slopeTenorPower;
    assert.ok(Math.abs(atmSlope(shaped, t) / expected - 1) < 1e-4, `${days} days`);
  }
  for (const x of [-3, -1, 1, 2]) {
    const k = plain.forward(T30) * Math.exp(x * plain.level(T30) * Math.sqrt(T30));
    assert.ok(Math.abs(shaped.vol(k, T30) - plain.vol(k, T30)) < 1e-12, `x ${x} at 30 days`);
  }
});

test('tenor powers: the level at other tenors keeps the Cboe strip on the variance term structure', () => {
  // An independent check of the quadrature that sets the level: the Cboe formula on the smile's own prices
  // at 9 and 60 days against the VIX9D and the term structure's variance at 60 days.
  for (const [vix, skew] of [
    [13, 135],
    [25, 122],
  ]) {
    const inputs = day(vix, skew);
    const at9 = Math.sqrt(stripVariance(tenorShaped, inputs, 9 / 365)) * 100;
    assert.ok(Math.abs(at9 / inputs.vix9d - 1) < 0.015, `9 days: ${at9} vs VIX9D ${inputs.vix9d}`);
    const w30 = (vix / 100) ** 2 * 30;
    const w93 = (inputs.vix3m / 100) ** 2 * 93;
    const v60 = Math.sqrt((w30 + ((w93 - w30) * 30) / 63) / 60) * 100;
    const at60 = Math.sqrt(stripVariance(tenorShaped, inputs, 60 / 365)) * 100;
    assert.ok(Math.abs(at60 / v60 - 1) < 0.015, `60 days: ${at60} vs ${v60}`);
  }
});

test('strike for delta under the wing form and tenor powers: nearest delta on the grid', () => {
  const smile = buildSpxSmile(day(22, 128), tenorShaped);
  for (const days of [5, 45]) {
    const t = days / 365;
    for (const isCall of [true, false])
      for (const target of [0.05, 0.16, 0.3]) {
        const k = smile.strikeForDelta(isCall, target, t, 5);
        const d = Math.abs(Math.abs(smile.delta(isCall, k, t)) - target);
        for (const other of [k - 5, k + 5])
          assert.ok(
            d <= Math.abs(Math.abs(smile.delta(isCall, other, t)) - target) + 1e-12,
            `${days} d ${target}`,
          );
      }
  }
});
