import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { black76Delta, black76Greeks, black76Price, bsmGreeks, bsmPrice } from './black-scholes.js';
import { ArbitrageBoundsError, impliedVolBlack76, impliedVolBsm } from './implied-vol.js';
import { normCdf, normInv } from './normal.js';

const close = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('normal CDF and its inverse against tabulated values', () => {
  close(normCdf(0), 0.5, 1e-16, 'N(0)');
  close(normCdf(1.96), 0.9750021048517795, 1e-15, 'N(1.96)');
  close(normCdf(-3), 0.0013498980316301, 1e-16, 'N(-3)');
  // Accurate to double precision in absolute terms (1e-15); deep in the tail the relative error stays small.
  close(normCdf(-8), 6.22096057427178e-16, 1e-22, 'N(-8)');
  assert.ok(Math.abs(normCdf(-8) / 6.22096057427178e-16 - 1) < 1e-7, 'relative accuracy deep in the tail');
  close(normInv(0.975), 1.959963984540054, 1e-12, 'N^-1(0.975)');
  close(normInv(1e-10), -6.361340902404056, 1e-9, 'N^-1(1e-10)');
});

test("Black-Scholes matches Hull's textbook example (S=42, K=40, r=10%, vol=20%, T=0.5)", () => {
  close(bsmPrice(true, 42, 40, 0.5, 0.1, 0, 0.2), 4.759422392871532, 1e-12, 'call');
  close(bsmPrice(false, 42, 40, 0.5, 0.1, 0, 0.2), 0.8085993729000922, 1e-12, 'put');
});

test('property: put-call parity for BSM and Black-76', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 50, max: 200, noNaN: true }),
      fc.double({ min: 0.02, max: 3, noNaN: true }),
      fc.double({ min: -0.01, max: 0.1, noNaN: true }),
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.double({ min: 0.05, max: 2, noNaN: true }),
      (k, t, r, q, vol) => {
        const c = bsmPrice(true, 100, k, t, r, q, vol);
        const p = bsmPrice(false, 100, k, t, r, q, vol);
        close(c - p, 100 * Math.exp(-q * t) - k * Math.exp(-r * t), 1e-9 * Math.max(1, k), 'BSM parity');
        const c76 = black76Price(true, 20, k / 5, t, r, vol);
        const p76 = black76Price(false, 20, k / 5, t, r, vol);
        close(c76 - p76, Math.exp(-r * t) * (20 - k / 5), 1e-10 * Math.max(1, k), 'Black-76 parity');
      },
    ),
    { numRuns: 300 },
  );
});

test('greeks agree with finite differences', () => {
  const [S, K, T, r, q, v] = [100, 95, 0.4, 0.03, 0.01, 0.25];
  for (const isCall of [true, false]) {
    const g = bsmGreeks(isCall, S, K, T, r, q, v);
    const h = 1e-4;
    const f = (s: number, t: number, rr: number, vv: number): number => bsmPrice(isCall, s, K, t, rr, q, vv);
    close(g.price, f(S, T, r, v), 1e-12, 'price');
    close(g.delta, (f(S + h, T, r, v) - f(S - h, T, r, v)) / (2 * h), 1e-7, 'delta');
    close(g.gamma, (f(S + 0.01, T, r, v) - 2 * f(S, T, r, v) + f(S - 0.01, T, r, v)) / 1e-4, 1e-6, 'gamma');
    close(g.vega, (f(S, T, r, v + h) - f(S, T, r, v - h)) / (2 * h), 1e-5, 'vega');
    close(
      g.theta,
      -(f(S, T + h, r, v) - f(S, T - h, r, v)) / (2 * h),
      1e-5,
      'theta (per year, calendar decay)',
    );
    close(g.rho, (f(S, T, r + h, v) - f(S, T, r - h, v)) / (2 * h), 1e-5, 'rho');
    const b = black76Greeks(isCall, 20, 22, T, r, 0.9);
    const g76 = (F: number, vv: number): number => black76Price(isCall, F, 22, T, r, vv);
    close(b.delta, (g76(20 + h, 0.9) - g76(20 - h, 0.9)) / (2 * h), 1e-7, 'Black-76 delta');
    close(b.vega, (g76(20, 0.9 + h) - g76(20, 0.9 - h)) / (2 * h), 1e-5, 'Black-76 vega');
  }
});

test('Black-76 gamma, theta and rho agree with finite differences, and the lone delta with the greeks', () => {
  const [T, r] = [0.4, 0.03];
  for (const [F, K, vol] of [
    [20, 22, 0.9],
    [15, 12, 1.4],
    [100, 95, 0.25],
  ]) {
    for (const isCall of [true, false]) {
      const b = black76Greeks(isCall, F, K, T, r, vol);
      const p = (f: number, t: number, rr: number): number => black76Price(isCall, f, K, t, rr, vol);
      const h = 1e-4;
      const dF = F * 1e-3;
      close(b.price, p(F, T, r), 1e-12, 'price');
      // Gamma: second difference in the forward.
      close(b.gamma, (p(F + dF, T, r) - 2 * p(F, T, r) + p(F - dF, T, r)) / (dF * dF), 1e-5, 'gamma');
      // Theta: calendar decay per year with the forward held fixed (the discount factor decays too).
      close(b.theta, -(p(F, T + h, r) - p(F, T - h, r)) / (2 * h), 1e-5, 'theta');
      // Rho: the forward is held fixed, so only discounting moves: -T x price.
      close(b.rho, (p(F, T, r + h) - p(F, T, r - h)) / (2 * h), 1e-6, 'rho');
      close(black76Delta(isCall, F, K, T, r, vol), b.delta, 1e-15, 'lone delta');
    }
  }
});

test('property: implied vol round-trips, deep in and out of the money', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.3, max: 3, noNaN: true }),
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      fc.double({ min: 0.05, max: 1.5, noNaN: true }),
      fc.boolean(),
      (moneyness, t, vol, isCall) => {
        const k = 100 * moneyness;
        const price = bsmPrice(isCall, 100, k, t, 0.02, 0.01, vol);
        const iv = impliedVolBsm(isCall, price, 100, k, t, 0.02, 0.01);
        assert.ok(Number.isFinite(iv), 'never NaN for a valid price');
        // The vol is identifiable only where the time value is above double-precision noise.
        const otm =
          isCall === k >= 100 * Math.exp(0.01 * t) ? price : bsmPrice(!isCall, 100, k, t, 0.02, 0.01, vol);
        if (otm > 1e-10 * Math.max(100, k)) close(iv, vol, 1e-7, `vol at K=${k}, t=${t}`);
        close(bsmPrice(isCall, 100, k, t, 0.02, 0.01, iv), price, 1e-9 * Math.max(1, price), 'repricing');
      },
    ),
    { numRuns: 500 },
  );
  close(
    impliedVolBlack76(true, black76Price(true, 18, 30, 0.1, 0.03, 1.2), 18, 30, 0.1, 0.03),
    1.2,
    1e-9,
    'Black-76 VIX call',
  );
});

test('prices outside the arbitrage bounds are a clear error', () => {
  assert.throws(() => impliedVolBsm(true, 0.001, 100, 50, 1, 0, 0), ArbitrageBoundsError, 'below intrinsic');
  assert.throws(
    () => impliedVolBsm(true, 150, 100, 50, 1, 0, 0),
    /outside the arbitrage bounds/,
    'above the spot',
  );
});
