// Test support: a small study on constructed returns (a 4 x 3 grid over 2007-2016, one planted edge, some
// configurations inside the claim box), with its statistics, for the study report tests.
import { computeStudyStatistics } from '../study/statistics/index.js';
import { noiseMatrix, result, studyDays } from '../study/statistics/fixture-results.test-helper.js';

export function fixtureStudy() {
  const days = studyDays(2500, '2007-01-03');
  const wings = [0.01, 0.02, 0.03, 0.05];
  const costs = ['mid', 'half', 'full'];
  const n = wings.length * costs.length;
  const hedged = noiseMatrix(n, 2499, 17, 0.008, [0, 0, 0, 0, 0.0006]);
  const core = noiseMatrix(n, 2499, 18, 0.01);
  const sleeve = noiseMatrix(n, 2499, 19, 0.0005, new Array(n).fill(-0.00006));
  const results = hedged.map((r, k) => {
    const wing = wings[k % wings.length];
    const cost = costs[Math.floor(k / wings.length)];
    return result({
      id: `cfg${String(k).padStart(2, '0')}`,
      settings: { 'condor.wings.percent': wing, 'costs.fill': cost },
      returns: r,
      unhedgedReturns: core[k],
      sleeveReturns: sleeve[k],
      metrics: {
        drawdown_reduction: 0.2 + 0.04 * k,
        hedge_cost: 0.005 + 0.0015 * k,
        months_credited_mtm: k % 3 === 0 ? 0.4 : 0.64,
        cagr: 0.01 * (k - 5),
        unhedged_cagr: k % 2 === 0 ? 0.02 : -0.048,
        sharpe: k === 4 ? 1.2 : 0.1 * (k % 5),
        stress_drawdown_reduction: { '2008-crisis': 0.3 + 0.01 * k, '2020-covid': 0.1 },
      },
    });
  });
  return { days, results, statistics: computeStudyStatistics(results, days) };
}
