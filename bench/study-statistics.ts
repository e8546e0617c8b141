// Wall time of the study statistics (claim box, walk-forward, PBO with 16 blocks, DSR, stability) on a
// constructed study of the real-data run's size: 4,900 trading days, configurations on a grid, on one core.
import { computeStudyStatistics } from '../src/study/statistics/index.js';
import { Rng } from '../src/core/random.js';
import type { ConfigResult } from '../src/study/types.js';
import { weekdays } from '../src/analytics/fixture-book.test-helper.js';

function study(configs: number, days: number): ConfigResult[] {
  const rng = new Rng(1);
  const series = (sd: number): Float64Array =>
    Float64Array.from({ length: days - 1 }, () => sd * rng.normal());
  return Array.from({ length: configs }, (_, k) => ({
    id: `c${k}`,
    settings: { a: k % 10, b: Math.floor(k / 10) % 10, c: Math.floor(k / 100) },
    metrics: {
      drawdown_reduction: rng.uniform(),
      hedge_cost: 0.04 * rng.uniform(),
      hedge_cost_calm: 0.04 * rng.uniform(),
      months_credited_mtm: rng.uniform(),
      months_credited_cash: rng.uniform(),
      cagr: 0.1 * rng.normal(),
      max_drawdown: rng.uniform(),
      volatility: 0.1,
      sharpe: rng.normal(),
      hedge_spend: 0.02,
      unhedged_cagr: 0.05 * rng.normal(),
      unhedged_max_drawdown: rng.uniform(),
      unhedged_sharpe: rng.normal(),
      stress_drawdown_reduction: { '2008-crisis': rng.uniform() },
    },
    returns: series(0.01),
    unhedgedReturns: series(0.012),
    sleeveReturns: series(0.001),
  }));
}

export async function run(): Promise<void> {
  const days = 4900;
  const dates = weekdays('2007-01-03', days);
  for (const configs of [100, 1000]) {
    const results = study(configs, days);
    const t0 = process.hrtime.bigint();
    const s = computeStudyStatistics(results, { dates, dataFingerprint: 'bench' });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stdout.write(
      `${configs} configurations x ${days} days: ${secs.toFixed(2)} s (${(configs / secs).toFixed(0)} configurations/s; ${s.pbo.combinations} CSCV splits, ${s.walk_forward.folds.length} walk-forward folds)\n`,
    );
  }
}
