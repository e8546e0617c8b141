import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxDrawdown } from './drawdown.js';
import { deepestEpisodes, drawdownEpisodes } from './drawdown-episodes.js';
import { weekdays } from './fixture-book.test-helper.js';

test('episodes by hand: peak, trough, recovery, depth and lengths; an unrecovered one runs to the end', () => {
  const equity = Float64Array.from([100, 110, 99, 88, 110, 120, 114, 120, 130, 117, 125]);
  const dates = weekdays('2024-01-01', equity.length);
  const eps = drawdownEpisodes(equity, dates);
  assert.deepEqual(
    eps.map((e) => [e.peakDate, e.troughDate, e.recoveryDate, Number(e.depth.toFixed(6))]),
    [
      [dates[1], dates[3], dates[4], 0.2],
      [dates[5], dates[6], dates[7], 0.05],
      [dates[8], dates[9], null, 0.1],
    ],
  );
  assert.equal(eps[0].daysToTrough, 2);
  assert.equal(eps[0].daysToRecover, 1);
  assert.equal(eps[2].daysToRecover, null);
  assert.deepEqual(
    deepestEpisodes(equity, dates, 2).map((e) => e.depth.toFixed(2)),
    ['0.20', '0.10'],
  );
});

test('the deepest episode is the max drawdown found by the other method, on many random paths', () => {
  let seed = 9;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  for (let path = 0; path < 200; path++) {
    const n = 50 + (path % 7) * 30;
    const equity = new Float64Array(n);
    equity[0] = 1000;
    for (let t = 1; t < n; t++) equity[t] = equity[t - 1] * (1 + 0.04 * rand());
    const dates = weekdays('2020-01-01', n);
    const best = deepestEpisodes(equity, dates, 1);
    const dd = maxDrawdown(equity, dates);
    if (dd.depth === 0) {
      assert.equal(best.length, 0);
      continue;
    }
    assert.ok(Math.abs(best[0].depth - dd.depth) < 1e-12);
    assert.equal(best[0].peakDate, dd.peakDate);
    assert.equal(best[0].troughDate, dd.troughDate);
    assert.equal(best[0].recoveryDate, dd.recoveryDate);
  }
});
