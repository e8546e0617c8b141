import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPanel } from '../market/load-panel.js';
import { expectedAverageVariance, simulateMarket } from './simulate.js';
import { marketStats } from './stats.js';
import { writePanelFiles } from './write-files.js';

test('deterministic for a seed; different seeds give different markets', () => {
  const a = simulateMarket({ years: 3, seed: 9 });
  const b = simulateMarket({ years: 3, seed: 9 });
  const c = simulateMarket({ years: 3, seed: 10 });
  assert.deepEqual(a.series.spxClose, b.series.spxClose);
  assert.deepEqual(a.futures.settle, b.futures.settle);
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notDeepEqual(a.series.spxClose, c.series.spxClose);
  assert.notEqual(a.fingerprint, c.fingerprint);
});

test('expected average variance: the closed form equals a numerical solution of its ODE', () => {
  // dE[v]/ds = kappa (theta(s) - E[v]), theta(s) = thetaInf + (theta0 - thetaInf) e^{-gamma s}; averaged over (t, t + tau).
  const [v0, theta0, thetaInf, kappa, gamma, t, tau] = [0.09, 0.05, 0.03, 4, 1.5, 0.2, 30 / 365];
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
  const numeric = integral / tau;
  assert.ok(
    Math.abs(expectedAverageVariance(v0, theta0, thetaInf, kappa, gamma, t, tau) - numeric) < 1e-5 * numeric,
  );
});

test('a coherent market: no NaN or negative prices, futures converge to VIX at expiration', () => {
  const p = simulateMarket({ years: 5, seed: 4 });
  for (const name of ['spxClose', 'vixClose', 'vvixClose', 'skewClose', 'vix3mClose'] as const) {
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
    }
  }
  assert.ok(checked > 20);
});

test('written files load back into the same panel (within the files\u2019 precision)', () => {
  const p = simulateMarket({ years: 2, seed: 21 });
  const dir = mkdtempSync(join(tmpdir(), 'alvh-sim-'));
  try {
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
    // The wide file drops the contract expiring that day (it has left M1); every other contract is kept.
    const f = p.futures;
    const g = back.futures;
    for (let i = 0; i < p.n; i++) {
      const kept = [];
      for (let k = f.start[i]; k < f.start[i + 1]; k++) if (f.expiry[k] > p.days[i]) kept.push(f.settle[k]);
      assert.deepEqual(Array.from(g.settle.slice(g.start[i], g.start[i + 1])), kept.slice(0, 8));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('calibration, loosely: five 20-year paths land near the real history', () => {
  const stats = [1, 2, 3, 4, 5].map((seed) => marketStats(simulateMarket({ years: 20, seed })));
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[2];
  const vixMedian = median(stats.map((s) => s.vixQuantiles.q50));
  const vol = median(stats.map((s) => s.spxVolAnnual));
  const lev = median(stats.map((s) => s.leverageCorrelation));
  assert.ok(vixMedian > 14 && vixMedian < 22, `median VIX ${vixMedian} (real 17.6)`);
  assert.ok(vol > 0.14 && vol < 0.24, `SPX vol ${vol} (real 0.18)`);
  assert.ok(lev < -0.6, `leverage correlation ${lev} (real -0.79)`);
});
