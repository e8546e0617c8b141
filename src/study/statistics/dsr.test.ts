import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../core/random.js';
import { normCdf, normPdf } from '../../pricing/normal.js';
import { deflatedSharpe, effectiveTrials, expectedMaxSharpe, probabilisticSharpe } from './dsr.js';
import { noiseMatrix } from './fixture-results.test-helper.js';

test("the paper's numerical example: N = 100 trials, V[SR] = 1/2 a year, SR 2.5 over 1250 days, skew -3, kurtosis 10", () => {
  // Bailey & Lopez de Prado (2014), section "A numerical example": SR0 = 0.1132 per day, DSR = 0.9004.
  const sr0 = expectedMaxSharpe(100, 0.5 / 250);
  assert.equal(sr0.toFixed(4), '0.1132');
  assert.equal(probabilisticSharpe(2.5 / Math.sqrt(250), sr0, 1250, -3, 10).toFixed(4), '0.9004');
});

/** E[max of N standard normals] by quadrature of x N phi(x) Phi(x)^(N-1) on a fine grid. */
function exactExpectedMax(n: number): number {
  let s = 0;
  const h = 1e-3;
  for (let x = -10; x <= 10; x += h) s += x * n * normPdf(x) * Math.pow(normCdf(x), n - 1) * h;
  return s;
}

test('the expected maximum Sharpe of N trials against a simulation and against quadrature', () => {
  const rng = new Rng(11);
  // The approximation is asymptotic in N: within 2.5% at 10 trials, 1% at 100 and 1000.
  for (const [n, tol] of [
    [10, 0.025],
    [100, 0.01],
    [1000, 0.01],
  ]) {
    const reps = 3000;
    let sum = 0;
    for (let r = 0; r < reps; r++) {
      let best = -Infinity;
      for (let k = 0; k < n; k++) best = Math.max(best, rng.normal());
      sum += best;
    }
    const simulated = sum / reps;
    const exact = exactExpectedMax(n);
    assert.ok(Math.abs(simulated - exact) < 0.03, `simulation ${simulated} vs quadrature ${exact}`);
    const formula = expectedMaxSharpe(n, 1);
    assert.ok(
      Math.abs(formula / simulated - 1) < tol + 0.01,
      `N=${n}: formula ${formula} vs simulated ${simulated}`,
    );
    assert.ok(Math.abs(formula / exact - 1) < tol, `N=${n}: formula ${formula} vs exact ${exact}`);
    // Scales with the standard deviation of the trials' Sharpe ratios and shifts with their mean.
    assert.ok(Math.abs(expectedMaxSharpe(n, 0.04, 0.1) - (0.1 + 0.2 * formula)) < 1e-12);
  }
  assert.equal(expectedMaxSharpe(1, 1), 0, 'one trial: no selection');
  assert.equal(expectedMaxSharpe(1.1, 1), 0, 'fewer than ~1.3 effective trials: no negative gain');
});

test("the PSR of normal returns is the Sharpe t-statistic with Lo's standard error; at the benchmark it is 1/2", () => {
  const sr = 0.08;
  const t = 1000;
  const se = Math.sqrt((1 + 0.5 * sr * sr) / (t - 1));
  assert.ok(Math.abs(probabilisticSharpe(sr, 0.02, t, 0, 3) - normCdf((sr - 0.02) / se)) < 1e-14);
  assert.equal(probabilisticSharpe(0.05, 0.05, 500, -1, 8), 0.5);
  // Negative skew and fat tails widen the error: lower PSR for the same Sharpe ratio.
  assert.ok(probabilisticSharpe(sr, 0, t, -2, 9) < probabilisticSharpe(sr, 0, t, 0, 3));
});

test('effective trials: the fast mean correlation equals the pairwise one; identical series are one trial', () => {
  const rng = new Rng(5);
  const common = Float64Array.from({ length: 400 }, () => rng.normal());
  const series = Array.from({ length: 8 }, (_, k) =>
    Float64Array.from(common, (c) => (k / 10) * c + rng.normal() * (1 - k / 10)),
  );
  let pairs = 0;
  let sum = 0;
  const corr = (x: Float64Array, y: Float64Array): number => {
    const mx = x.reduce((a, b) => a + b) / x.length;
    const my = y.reduce((a, b) => a + b) / y.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  };
  for (let i = 0; i < series.length; i++)
    for (let j = i + 1; j < series.length; j++) {
      sum += corr(series[i], series[j]);
      pairs++;
    }
  const e = effectiveTrials(series);
  assert.ok(Math.abs(e.meanCorrelation! - sum / pairs) < 1e-12, `${e.meanCorrelation} vs ${sum / pairs}`);
  assert.ok(Math.abs(e.effective - (e.meanCorrelation! + (1 - e.meanCorrelation!) * 8)) < 1e-12);
  const same = effectiveTrials([common, common, common]);
  assert.ok(Math.abs(same.meanCorrelation! - 1) < 1e-12);
  assert.ok(Math.abs(same.effective - 1) < 1e-12);
  assert.equal(effectiveTrials([common, new Float64Array(400)]).used, 1, 'a flat series is left out');
});

test('pure noise: the best of 50 looks significant alone (PSR) but not once deflated; a planted edge stays significant', () => {
  let deflatedAbove = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const d = deflatedSharpe(noiseMatrix(50, 1250, seed), 252)!;
    assert.ok(d.psr! > d.dsr!, 'deflation lowers the probability');
    if (d.dsr! > 0.95) deflatedAbove++;
    assert.ok(d.effective_trials > 45, `independent noise: ${d.effective_trials} effective trials`);
  }
  assert.ok(deflatedAbove <= 1, `${deflatedAbove} of 5 noise studies significant after deflation`);
  // An edge of 0.1 daily Sharpe (1.6 a year) on one of 50 over five years.
  const edge = deflatedSharpe(noiseMatrix(50, 1250, 3, 0.01, [0, 0, 0, 0.001]), 252)!;
  assert.equal(edge.best, 3);
  assert.ok(edge.dsr! > 0.95, `planted edge DSR ${edge.dsr}`);
  // Five years estimate a Sharpe ratio to about +-0.45 a year: the true 1.6 shows within two errors.
  assert.ok(Math.abs(edge.sharpe_annual - 1.6) < 0.9, `${edge.sharpe_annual}`);
});
