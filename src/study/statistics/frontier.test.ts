import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studyMetrics } from './fixture-results.test-helper.js';
import { efficientFrontier } from './frontier.js';

test('the frontier keeps what nothing beats on both cost and drawdown cut, cheapest first', () => {
  const pts: [number, number][] = [
    [0.02, 0.3], // 0: beaten by 3 (cheaper, cuts more)
    [0.01, 0.1], // 1: cheapest
    [0.03, 0.5], // 2
    [0.015, 0.35], // 3
    [0.03, 0.45], // 4: same cost as 2, cuts less
    [NaN, 0.9], // 5: not measurable, left out
    [0.05, 0.5], // 6: costs more for the same cut as 2
  ];
  const m = pts.map(([hedge_cost, drawdown_reduction]) => studyMetrics({ hedge_cost, drawdown_reduction }));
  assert.deepEqual(efficientFrontier(m), [1, 3, 2]);
  // Brute force: k is efficient when no other point is at least as good on both and better on one.
  const ok = m.map(
    (a, k) =>
      Number.isFinite(a.hedge_cost) &&
      !m.some(
        (b, j) =>
          j !== k &&
          b.hedge_cost <= a.hedge_cost &&
          b.drawdown_reduction >= a.drawdown_reduction &&
          (b.hedge_cost < a.hedge_cost || b.drawdown_reduction > a.drawdown_reduction),
      ),
  );
  assert.deepEqual(
    efficientFrontier(m),
    ok.flatMap((x, k) => (x ? [k] : [])).sort((a, b) => m[a].hedge_cost - m[b].hedge_cost),
  );
});
