import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoToDay } from '../core/dates.js';
import { Rng } from '../core/random.js';
import { loadPanel } from '../market/load-panel.js';
import { defaultSimParams } from './params.js';
import { V2_SIM_PARAMS } from './v2-params.test-helper.js';
import {
  averageVariance,
  downShockMoments,
  expectedFear,
  factorModel,
  futuresPremiumTenor,
  horizon,
  simulateMarket,
  stepFactors,
  syntheticFomcSchedule,
  type FactorState,
} from './simulate.js';
import { marketStats } from './stats.js';
import { writePanelFiles } from './write-files.js';

/** Digest of every series and settlement of model v2 before the curve-shape parameters, seed 9, 3 years. */
const V2_DIGEST_SEED9_3Y = '1b9181b97b69f7bcb57bf83070b573f9601799180fa6ea9466d0d090ceb95b21';

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-sim-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('deterministic for a seed (byte-identical files); different seeds give different markets', () => {
  const a = simulateMarket({ years: 3, seed: 9 });
  const b = simulateMarket({ years: 3, seed: 9 });
  const c = simulateMarket({ years: 3, seed: 10 });
  assert.deepEqual(a.series, b.series);
  assert.deepEqual(a.futures, b.futures);
  assert.deepEqual(a.fomc, b.fomc);
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notDeepEqual(a.series.spxClose, c.series.spxClose);
  assert.notEqual(a.fingerprint, c.fingerprint);
  withTempDir((dirA) =>
    withTempDir((dirB) => {
      writePanelFiles(a, dirA);
      writePanelFiles(b, dirB);
      const files = readdirSync(dirA).sort();
      assert.deepEqual(files, readdirSync(dirB).sort());
      for (const f of files) assert.ok(readFileSync(join(dirA, f)).equals(readFileSync(join(dirB, f))), f);
    }),
  );
});

test('expected average variance: the closed form equals a numerical solution of its ODE', () => {
  // dE[v]/ds = kappa (theta(s) - E[v]), theta(s) = thetaInf + (theta0 - thetaInf) e^{-gamma s}; averaged over (t, t + tau).
  const numeric = (
    v0: number,
    theta0: number,
    thetaInf: number,
    kappa: number,
    gamma: number,
    t: number,
    tau: number,
  ) => {
    let ev = v0;
    let s = 0;
    const h = 1e-6; // Euler error ~ 3e-6 relative at this step, shrinking with it
    let integral = 0;
    while (s < t + tau - 1e-12) {
      const theta = thetaInf + (theta0 - thetaInf) * Math.exp(-gamma * s);
      if (s >= t) integral += ev * h;
      ev += kappa * (theta - ev) * h;
      s += h;
    }
    return integral / tau;
  };
  for (const [kappa, gamma] of [
    [4, 1.5],
    [13, 1.7],
    [2, 2], // equal speeds: the limit form
  ]) {
    const [v0, theta0, thetaInf, t, tau] = [0.09, 0.05, 0.03, 0.2, 30 / 365];
    const closed = averageVariance(v0, theta0, thetaInf, horizon(kappa, gamma, t, tau));
    const exact = numeric(v0, theta0, thetaInf, kappa, gamma, t, tau);
    assert.ok(
      Math.abs(closed - exact) < 1e-5 * exact,
      `kappa ${kappa}, gamma ${gamma}: ${closed} vs ${exact}`,
    );
  }
  // The limit form joins the general one continuously.
  const near = averageVariance(0.09, 0.05, 0.03, horizon(2, 2 + 1e-6, 0.1, 0.25));
  const equal = averageVariance(0.09, 0.05, 0.03, horizon(2, 2, 0.1, 0.25));
  assert.ok(Math.abs(near - equal) < 1e-8);
});

test('the daily factor step has the expectations the closed forms give (Monte Carlo, with co-jumps)', () => {
  const p = defaultSimParams;
  const m = factorModel(p);
  const start: FactorState = { v: 0.09, level: 0.05, fear: 0.4 };
  const paths = 40_000;
  const checkDays = [5, 21, 63];
  const sumV = new Float64Array(checkDays.length);
  const sumLevel = new Float64Array(checkDays.length);
  const sumFear = new Float64Array(checkDays.length);
  const rng = new Rng(3);
  const rhoFastOrth = Math.sqrt(1 - p.rhoFast ** 2);
  const rhoSlowOrth = Math.sqrt(1 - p.rhoSlow ** 2);
  for (let path = 0; path < paths; path++) {
    const st = { ...start };
    for (let day = 1, c = 0; day <= checkDays[checkDays.length - 1]; day++) {
      const lambda = p.jumpIntensityBase + p.jumpIntensityPerVariance * st.v;
      const z1 = rng.normal();
      const zFast = p.rhoFast * z1 + rhoFastOrth * rng.normal();
      const zSlow = p.rhoSlow * z1 + rhoSlowOrth * rng.normal();
      let jumpVar = 0;
      for (let k = rng.poisson(lambda / 252); k > 0; k--)
        jumpVar -= p.varianceJumpMean * Math.log(rng.uniform());
      stepFactors(m, st, z1, zFast, zSlow, jumpVar, lambda);
      if (day === checkDays[c]) {
        sumV[c] += st.v;
        sumLevel[c] += st.level;
        sumFear[c] += st.fear;
        c++;
      }
    }
  }
  checkDays.forEach((day, c) => {
    const t = day / 252;
    // A point expectation is the average over a vanishing window.
    const expectedV = averageVariance(
      start.v,
      start.level,
      p.theta,
      horizon(p.kappaFast, p.kappaSlow, t, 1e-7),
    );
    const expectedLevel = p.theta + (start.level - p.theta) * Math.exp(-p.kappaSlow * t);
    const fear = expectedFear(m, start.fear, Math.exp(-p.fearKappa * t));
    const check = (name: string, mc: number, closed: number, tolerance: number): void =>
      assert.ok(Math.abs(mc / closed - 1) < tolerance, `${name} after ${day} days: ${mc} vs ${closed}`);
    check('variance', sumV[c] / paths, expectedV, 0.02);
    check('level', sumLevel[c] / paths, expectedLevel, 0.02);
    check('fear', sumFear[c] / paths, fear, 0.015);
  });
});

test('down-shock moments: the closed forms equal a quadrature over the normal density', () => {
  for (const threshold of [0.5, 1, 1.5, 2]) {
    // Midpoint rule on z in (-12, 12): E[d], E[d^2] and E[d z] for d = max(0, -z - threshold).
    const steps = 240_000;
    const h = 24 / steps;
    let m1 = 0;
    let m2 = 0;
    let mz = 0;
    for (let k = 0; k < steps; k++) {
      const z = -12 + (k + 0.5) * h;
      const w = (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * h;
      const d = Math.max(0, -z - threshold);
      m1 += d * w;
      m2 += d * d * w;
      mz += d * z * w;
    }
    const sd = Math.sqrt(m2 - m1 * m1);
    const got = downShockMoments(threshold);
    assert.ok(Math.abs(got.mean - m1) < 1e-7, `mean at ${threshold}: ${got.mean} vs ${m1}`);
    assert.ok(Math.abs(got.sd - sd) < 1e-7, `sd at ${threshold}: ${got.sd} vs ${sd}`);
    assert.ok(Math.abs(got.rho - mz / sd) < 1e-6, `rho at ${threshold}: ${got.rho} vs ${mz / sd}`);
  }
});

test('a coherent market: no NaN or negative prices, futures converge to VIX at expiration', () => {
  const p = simulateMarket({ years: 5, seed: 4 });
  for (const name of [
    'spxClose',
    'vixClose',
    'vvixClose',
    'skewClose',
    'vix3mClose',
    'vix9dClose',
  ] as const) {
    assert.ok(
      p.series[name].every((x) => Number.isFinite(x) && x > 0),
      name,
    );
  }
  const f = p.futures;
  let checked = 0;
  for (let i = 0; i < p.n; i++) {
    for (let k = f.start[i]; k < f.start[i + 1]; k++) {
      if (f.expiry[k] - p.days[i] <= 1) {
        assert.ok(
          Math.abs(f.settle[k] - p.series.vixClose[i]) < 0.05 * p.series.vixClose[i],
          `future expiring next day near VIX on ${p.dates[i]}`,
        );
        checked++;
      }
      if (f.expiry[k] === p.days[i]) assert.ok(Math.abs(f.settle[k] - p.series.vixClose[i]) < 1e-3);
    }
  }
  assert.ok(checked > 20);
});

test('the FOMC schedule runs a year past the last day: the countdown is defined on every day', () => {
  const p = simulateMarket({ years: 4, seed: 2 });
  assert.ok(p.fomc.tradingDaysToNext.every((d) => d >= 0));
  const last = p.days[p.n - 1];
  const schedule = syntheticFomcSchedule(p.days[0], last);
  const ahead = schedule.filter((d) => d > last);
  assert.ok(ahead.length >= 7 && ahead.length <= 9, `${ahead.length} decisions in the year ahead`);
  assert.ok(ahead[ahead.length - 1] <= last + 366);
  // Decision days in the panel are exactly the schedule's, eight a year.
  const marked = p.days.filter((_, i) => p.fomc.isDecisionDay[i] === 1);
  assert.deepEqual(
    Array.from(marked),
    schedule.filter((d) => d <= last),
  );
  assert.ok(schedule.every((d) => d >= p.days[0]));
  assert.deepEqual(syntheticFomcSchedule(isoToDay('2024-01-02'), isoToDay('2024-12-31')).length, 16);
});

test('written files load back into the same panel (within the files\u2019 precision)', () => {
  const p = simulateMarket({ years: 2, seed: 21 });
  withTempDir((dir) => {
    writePanelFiles(p, dir);
    const back = loadPanel({ dataDir: dir });
    assert.equal(back.n, p.n);
    assert.deepEqual(back.dates, p.dates);
    for (const name of [
      'spxClose',
      'vixClose',
      'vvixClose',
      'skewClose',
      'vix9dClose',
      'advances',
    ] as const) {
      for (let i = 0; i < p.n; i++)
        assert.ok(Math.abs(back.series[name][i] - p.series[name][i]) < 1e-4, `${name} on ${p.dates[i]}`);
    }
    for (let i = 0; i < p.n; i++) {
      assert.ok(Math.abs(back.series.rateAnnual[i] - p.series.rateAnnual[i]) < 1e-8, `rate on ${p.dates[i]}`);
      assert.ok(Math.abs(back.series.dividendYieldAnnual[i] - p.series.dividendYieldAnnual[i]) < 1e-8);
    }
    assert.deepEqual(Array.from(back.fomc.isDecisionDay), Array.from(p.fomc.isDecisionDay));
    // fomc.csv lists the year ahead too, so the loaded countdown is the simulated one to the last day.
    assert.deepEqual(Array.from(back.fomc.tradingDaysToNext), Array.from(p.fomc.tradingDaysToNext));
    // The wide file drops the contract expiring that day (it has left M1); every other contract is kept.
    const f = p.futures;
    const g = back.futures;
    for (let i = 0; i < p.n; i++) {
      const kept = [];
      for (let k = f.start[i]; k < f.start[i + 1]; k++) if (f.expiry[k] > p.days[i]) kept.push(f.settle[k]);
      assert.deepEqual(Array.from(g.settle.slice(g.start[i], g.start[i + 1])), kept.slice(0, 8));
    }
  });
});

test('calibration, loosely: five 20-year paths land near the real history', () => {
  const stats = [1, 2, 3, 4, 5].map((seed) => marketStats(simulateMarket({ years: 20, seed })));
  const median = (pick: (s: (typeof stats)[number]) => number): number =>
    stats.map(pick).sort((a, b) => a - b)[2];
  const within = (name: string, x: number, lo: number, hi: number, real: number): void =>
    assert.ok(x > lo && x < hi, `${name} ${x} (real ${real})`);
  within(
    'median VIX',
    median((s) => s.vixQuantiles.q50),
    14,
    22,
    17.6,
  );
  within(
    'VIX 5% quantile',
    median((s) => s.vixQuantiles.q05),
    10,
    13,
    11.4,
  );
  within(
    'SPX vol',
    median((s) => s.spxVolAnnual),
    0.14,
    0.24,
    0.18,
  );
  within(
    'leverage correlation',
    median((s) => s.leverageCorrelation),
    -0.85,
    -0.7,
    -0.79,
  );
  within(
    'squared-return autocorrelation, lag 1',
    median((s) => s.squaredReturnAutocorr.lag1),
    0.15,
    0.45,
    0.31,
  );
  within(
    'contango share',
    median((s) => s.shareContango),
    0.65,
    0.92,
    0.84,
  );
  within(
    'VIX^2 over realised variance',
    median((s) => s.impliedOverRealizedVariance),
    1.15,
    1.6,
    1.35,
  );
  within(
    '21-day moves inside 1 VIX sd',
    median((s) => s.shareInsideImpliedMove),
    0.8,
    0.9,
    0.85,
  );
  within(
    '21-day variance ratio',
    median((s) => s.varianceRatio21),
    0.65,
    1,
    0.78,
  );
});

/** A digest of every series and futures settlement of a panel (bytes of the typed arrays). */
function panelDigest(p: ReturnType<typeof simulateMarket>): string {
  const h = createHash('sha256');
  for (const name of Object.keys(p.series).sort())
    h.update(Buffer.from(p.series[name as keyof typeof p.series].buffer));
  h.update(Buffer.from(p.futures.settle.buffer));
  return h.digest('hex');
}

test('the parameters before the fifth pass, with the futures gap decay, its fast share, the futures term premium and the short-lived VIX component at zero, and fear fading under the pricing measure as it does, give the paths of the model before them, bit for bit; the defaults do not', () => {
  // The digest of the model before these parameters existed (commit 867a082; its 37-year paths of seeds 1-3
  // hash the same as this code at zero), seed 9, 3 years.
  const p = simulateMarket({
    years: 3,
    seed: 9,
    params: {
      ...V2_SIM_PARAMS,
      futuresGapDecay: 0,
      futuresGapFastShare: 0,
      futuresTermPremium: 0,
      vixTransientSd: 0,
      fearKappaQ: V2_SIM_PARAMS.fearKappa,
    },
  });
  assert.equal(panelDigest(p), V2_DIGEST_SEED9_3Y);
  // The fifth pass moved the defaults on purpose (docs/simulation.md): their paths are new.
  assert.notEqual(panelDigest(simulateMarket({ years: 3, seed: 9 })), V2_DIGEST_SEED9_3Y);
});

test('futures gap decay and its fast share: the index quotes do not move, the futures still end at VIX, and M2 follows VIX less the faster the futures expect the gap to close', () => {
  const at = (futuresGapDecay: number) =>
    simulateMarket({ years: 12, seed: 5, params: { ...V2_SIM_PARAMS, futuresGapDecay } });
  const [slower, none, faster] = [-3, 0, 3].map(at);
  for (const p of [slower, faster]) {
    for (const name of ['vixClose', 'vix9dClose', 'vix3mClose', 'vix6mClose', 'spxClose'] as const)
      assert.deepEqual(p.series[name], none.series[name], name);
    assert.notDeepEqual(p.futures.settle, none.futures.settle);
    const f = p.futures;
    for (let i = 0; i < p.n; i++)
      for (let k = f.start[i]; k < f.start[i + 1]; k++)
        if (f.expiry[k] === p.days[i]) assert.ok(Math.abs(f.settle[k] - p.series.vixClose[i]) < 1e-3);
  }
  const beta = (p: ReturnType<typeof simulateMarket>) => marketStats(p).betaM2OnVix;
  assert.ok(beta(slower) > beta(none) + 0.03, `${beta(slower)} vs ${beta(none)}`);
  assert.ok(beta(faster) < beta(none) - 0.03, `${beta(faster)} vs ${beta(none)}`);
  // A fast share that closes at the same speed as the rest is no split at all.
  const split = simulateMarket({
    years: 12,
    seed: 5,
    params: { ...V2_SIM_PARAMS, futuresGapDecay: 3, futuresGapFastShare: 0.4, futuresGapFastDecay: 3 },
  });
  assert.equal(split.futures.settle.length, faster.futures.settle.length);
  for (let k = 0; k < split.futures.settle.length; k++)
    assert.ok(Math.abs(split.futures.settle[k] - faster.futures.settle[k]) <= 1.0001e-4);
  // A share that closes within days reaches M2 not at all: M2 answers VIX less.
  const fastShare = simulateMarket({
    years: 12,
    seed: 5,
    params: { ...V2_SIM_PARAMS, futuresGapFastShare: 0.5, futuresGapFastDecay: 1e4 },
  });
  assert.ok(beta(fastShare) < beta(none) - 0.05, `${beta(fastShare)} vs ${beta(none)}`);
});

test('the short-lived VIX component: an AR(1) factor on every index quote with its closed-form autocorrelation, which far futures do not carry', () => {
  const phi = 0.6;
  const sd = 0.05;
  const base = { ...V2_SIM_PARAMS, vixTransientPersistence: phi, vixTransientRho: -0.5 };
  const without = simulateMarket({ years: 40, seed: 11, params: { ...base, vixTransientSd: 0 } });
  const withIt = simulateMarket({ years: 40, seed: 11, params: { ...base, vixTransientSd: sd } });
  assert.deepEqual(withIt.series.spxClose, without.series.spxClose);
  const n = withIt.n;
  // log(VIX with / VIX without) = x - s^2 / 2, the same on VIX9D, VIX3M and VIX6M.
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.log(withIt.series.vixClose[i] / without.series.vixClose[i]);
    for (const name of ['vix9dClose', 'vix3mClose', 'vix6mClose'] as const)
      assert.ok(Math.abs(Math.log(withIt.series[name][i] / without.series[name][i]) - x[i]) < 1e-12, name);
  }
  const stationaryVar = (sd * sd) / (1 - phi * phi);
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean + stationaryVar / 2) < 0.004, `mean ${mean}`);
  assert.ok(Math.abs(variance / stationaryVar - 1) < 0.08, `variance ${variance} vs ${stationaryVar}`);
  // Daily changes of an AR(1): autocorrelation -(1 - phi) phi^(k-1) / 2 at lag k.
  const dx = Float64Array.from({ length: n - 1 }, (_, i) => x[i + 1] - x[i]);
  const dm = dx.reduce((a, b) => a + b, 0) / dx.length;
  const den = dx.reduce((a, b) => a + (b - dm) ** 2, 0);
  for (const lag of [1, 2, 3]) {
    let num = 0;
    for (let i = lag; i < dx.length; i++) num += (dx[i] - dm) * (dx[i - lag] - dm);
    const expected = (-(1 - phi) * phi ** (lag - 1)) / 2;
    assert.ok(Math.abs(num / den - expected) < 0.03, `lag ${lag}: ${num / den} vs ${expected}`);
  }
  // Falls raise it (rho < 0): its innovations move against the index.
  const dlogS = Float64Array.from({ length: n - 1 }, (_, i) =>
    Math.log(withIt.series.spxClose[i + 1] / withIt.series.spxClose[i]),
  );
  const innovation = Float64Array.from({ length: n - 1 }, (_, i) => x[i + 1] - phi * x[i]);
  let c = 0;
  for (let i = 0; i < n - 1; i++) c += innovation[i] * dlogS[i];
  assert.ok(c < 0);
  // A future two months or more from expiry carries phi^40 of it and less: nothing at the futures' precision.
  const fw = withIt.futures;
  const fo = without.futures;
  let far = 0;
  for (let i = 0; i < n; i++)
    for (let k = fw.start[i]; k < fw.start[i + 1]; k++)
      if (fw.expiry[k] - withIt.days[i] >= 60) {
        assert.ok(Math.abs(fw.settle[k] - fo.settle[k]) <= 1.0001e-4, `${withIt.dates[i]}`);
        far++;
      }
  assert.ok(far > 1000);
});

test('the futures premium tenor is the integral of its slope (1 - e^{-s / onset}) e^{-fade s}, by quadrature', () => {
  const simpson = (f: (s: number) => number, t: number): number => {
    const m = 2000;
    const h = t / m;
    let sum = f(0) + f(t);
    for (let j = 1; j < m; j++) sum += (j % 2 === 1 ? 4 : 2) * f(j * h);
    return (sum * h) / 3;
  };
  for (const [onset, fade] of [
    [0.04, 7],
    [0.04, 0],
    [0, 7],
    [0, 0],
    [0.2, 1.5],
  ])
    for (const t of [0.01, 0.08, 0.25, 0.6]) {
      const slope = (s: number) => (onset > 0 ? 1 - Math.exp(-s / onset) : 1) * Math.exp(-fade * s);
      const g = futuresPremiumTenor(t, onset, fade);
      assert.ok(Math.abs(g - simpson(slope, t)) < 1e-10, `onset ${onset} fade ${fade} t ${t}: ${g}`);
    }
  assert.equal(futuresPremiumTenor(0, 0.04, 7), 0);
  // The onset keeps the premium out of the front: its slope at expiry is 0.
  assert.ok(futuresPremiumTenor(1e-4, 0.04, 7) < 1e-6);
});

test('the futures term premium: index quotes unmoved, futures still end at VIX, each future lifted by e^{premium g(t)} whatever the state, so the curve is in contango more often', () => {
  const premium = 0.5;
  const onset = 0.04;
  const fade = 7;
  const without = simulateMarket({
    years: 12,
    seed: 5,
    params: { ...V2_SIM_PARAMS, futuresTermPremium: 0 },
  });
  const withIt = simulateMarket({
    years: 12,
    seed: 5,
    params: {
      ...V2_SIM_PARAMS,
      futuresTermPremium: premium,
      futuresTermPremiumOnset: onset,
      futuresTermPremiumFade: fade,
    },
  });
  for (const name of ['vixClose', 'vix9dClose', 'vix3mClose', 'vix6mClose', 'spxClose', 'vvixClose'] as const)
    assert.deepEqual(withIt.series[name], without.series[name], name);
  const fw = withIt.futures;
  const fo = without.futures;
  assert.deepEqual(fw.expiry, fo.expiry);
  for (let i = 0; i < withIt.n; i++)
    for (let k = fw.start[i]; k < fw.start[i + 1]; k++) {
      const t = (fw.expiry[k] - withIt.days[i]) / 365;
      const lift = Math.exp(premium * futuresPremiumTenor(t, onset, fade));
      assert.ok(lift >= 1);
      // Both settlements are rounded to 1e-4.
      assert.ok(Math.abs(fw.settle[k] - fo.settle[k] * lift) <= 0.5e-4 * (1 + lift) + 1e-9, withIt.dates[i]);
      if (fw.expiry[k] === withIt.days[i])
        assert.ok(Math.abs(fw.settle[k] - withIt.series.vixClose[i]) < 1e-3);
    }
  assert.ok(marketStats(withIt).shareContango > marketStats(without).shareContango + 0.03);
});

test('fear fading slower under the pricing measure: index quotes unmoved, and each future carries e^{-fearKappaQ t} of the same fear above its mean', () => {
  const fearKappaQ = 3;
  const base = simulateMarket({ years: 12, seed: 5, params: V2_SIM_PARAMS });
  const slow = simulateMarket({ years: 12, seed: 5, params: { ...V2_SIM_PARAMS, fearKappaQ } });
  for (const name of ['vixClose', 'vix9dClose', 'vix3mClose', 'vix6mClose', 'spxClose'] as const)
    assert.deepEqual(slow.series[name], base.series[name], name);
  // Futures^2 carry the premium's (1 + E[fear at t]), E[fear at t] = mean + (fear - mean) e^{-kappa t}, so the
  // ratio of a future's square with the slower fade to its square without is R(t) = (a + d e^{-fearKappaQ t}) /
  // (a + d e^{-fearKappa t}), a = 1 + the mean fear, d today's fear above its mean. The first future gives d;
  // every later one of the day must then follow.
  const a = 1 + factorModel(V2_SIM_PARAMS).fearMean;
  const kP = V2_SIM_PARAMS.fearKappa;
  const fb = base.futures;
  const fs = slow.futures;
  assert.deepEqual(fs.expiry, fb.expiry);
  let checked = 0;
  for (let i = 0; i < slow.n; i++) {
    const ks = [];
    for (let k = fs.start[i]; k < fs.start[i + 1]; k++) if (fs.expiry[k] > slow.days[i]) ks.push(k);
    if (ks.length < 3) continue;
    const t = (k: number) => (fs.expiry[k] - slow.days[i]) / 365;
    const ratio = (k: number) => (fs.settle[k] / fb.settle[k]) ** 2;
    const r1 = ratio(ks[0]);
    if (Math.abs(r1 - 1) < 0.01) continue;
    const d = (a * (r1 - 1)) / (Math.exp(-fearKappaQ * t(ks[0])) - r1 * Math.exp(-kP * t(ks[0])));
    for (const k of ks.slice(1)) {
      const predicted = (a + d * Math.exp(-fearKappaQ * t(k))) / (a + d * Math.exp(-kP * t(k)));
      assert.ok(Math.abs(ratio(k) / predicted - 1) < 2e-4, `${slow.dates[i]}: ${ratio(k)} vs ${predicted}`);
    }
    checked++;
  }
  assert.ok(checked > 100, `${checked}`);
  // After falls the whole curve lifts with VIX: M2 follows VIX more.
  assert.ok(marketStats(slow).betaM2OnVix > marketStats(base).betaM2OnVix + 0.03);
});
