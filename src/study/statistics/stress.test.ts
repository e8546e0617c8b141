import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxClaims } from './claim-box.js';
import { studyMetrics } from './fixture-results.test-helper.js';
import { stressShares } from './stress.js';

test('stress-window cuts: spec windows first, shares over all and positive cores, windows not covered counted apart', () => {
  const m = [
    studyMetrics({
      unhedged_cagr: 0.02,
      stress_drawdown_reduction: { '2008-crisis': 0.37, '2020-covid': 0.1 },
    }),
    studyMetrics({
      unhedged_cagr: -0.05,
      stress_drawdown_reduction: { '2008-crisis': 0.5, '2020-covid': 0.38 },
    }),
    studyMetrics({ unhedged_cagr: 0.01, stress_drawdown_reduction: { '2020-covid': 0.2, custom: 0.3 } }),
  ];
  const s = stressShares(
    m,
    boxClaims({ claimTolerances: { drawdown: 0, cost: 0, months: 0.05 }, boxClaims: ['drawdown-cut'] })[0],
  );
  assert.deepEqual(
    s.map((w) => w.id),
    ['2008-crisis', '2020-covid', 'custom'],
  );
  const crisis = s[0];
  assert.equal(crisis.name, '2008 Sep-Dec');
  assert.equal(crisis.measured, 2);
  assert.equal(crisis.median, 0.435);
  assert.deepEqual(crisis.all, { count: 1, total: 3, share: 1 / 3 });
  assert.deepEqual(crisis.reached.all, { count: 2, total: 3, share: 2 / 3 });
  assert.deepEqual(crisis.positive_core, { count: 1, total: 2, share: 0.5 });
  assert.equal(s[1].median, 0.2);
  assert.deepEqual(s[1].all, { count: 1, total: 3, share: 1 / 3 });
  assert.equal(s[2].name, 'custom');
});
