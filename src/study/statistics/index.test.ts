import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../core/errors.js';
import { noiseMatrix, result, studyDays } from './fixture-results.test-helper.js';
import { computeStudyStatistics } from './index.js';

const IN = { drawdown_reduction: 0.37, hedge_cost: 0.015, months_credited_mtm: 0.66 };

test('the statistics of a small study: shares, frontier, top list and the options used', () => {
  const days = studyDays(601);
  const returns = noiseMatrix(12, 600, 7, 0.01, [0.002]);
  const results = returns.map((r, k) =>
    result({
      id: `c${k}`,
      settings: {
        'condor.wings.percent': [0.01, 0.02, 0.03][k % 3],
        'costs.spread_paid': [0, 0.25, 0.5, 1][k >> 2],
      },
      returns: r,
      metrics: k < 3 ? { ...IN, unhedged_cagr: k === 0 ? 0.02 : -0.03, sharpe: 3 - k } : { sharpe: -k },
    }),
  );
  const s = computeStudyStatistics(results, days);
  assert.equal(s.trials, 12);
  assert.deepEqual(s.share_in_claim_box.all, { count: 3, total: 12, share: 0.25 });
  // Positive cores: c0 and the nine defaults (unhedged CAGR 6%).
  assert.deepEqual(s.share_in_claim_box.positive_core, { count: 1, total: 10, share: 0.1 });
  assert.deepEqual(
    s.top.slice(0, 3).map((t) => t.id),
    ['c0', 'c1', 'c2'],
  );
  assert.equal(s.dsr?.best_id, 'c0', 'the planted edge has the best Sharpe ratio');
  assert.equal(s.pbo.meaningful, true);
  assert.equal(s.pbo.combinations, 12870);
  assert.equal(s.settings.objective, 'sharpe');
  assert.equal(s.settings.riskFreeDaily, false);
  assert.deepEqual(s.stability.axes, ['condor.wings.percent', 'costs.spread_paid']);
  // In-box configurations share (drawdown cut 37%, cost 1.5%): one frontier point at cost 1.5%, the defaults at 3% cut less.
  assert.deepEqual(s.frontier, ['c0']);
  // Deterministic: the same inputs give the same JSON.
  assert.equal(JSON.stringify(computeStudyStatistics(results, days)), JSON.stringify(s));
});

test('results that do not cover the study days, duplicate ids and bad options are one-line user errors', () => {
  const days = studyDays(11);
  const ok = result({ id: 'a', returns: new Float64Array(10) });
  const short = result({ id: 'b', returns: new Float64Array(9) });
  const err = (f: () => unknown, re: RegExp) =>
    assert.throws(
      f,
      (e: unknown) => e instanceof UserError && re.test(e.message) && !e.message.includes('\n'),
    );
  err(
    () => computeStudyStatistics([ok, short], days),
    /results\[1\] \(b\)\.returns: expected 10 daily values/,
  );
  err(() => computeStudyStatistics([ok, ok], days), /results\[1\]\.id: configuration 'a' appears twice/);
  err(
    () => computeStudyStatistics([ok], days, { objective: 'best' as never }),
    /statistics\.objective: expected one of sharpe, cagr, calmar, claim-distance, found 'best'/,
  );
  err(
    () => computeStudyStatistics([ok], days, { pbo: { blocks: 15 } }),
    /statistics\.pbo\.blocks: expected an even/,
  );
  err(
    () => computeStudyStatistics([ok], days, { walkForward: { trainYears: 0 } }),
    /walkForward\.trainYears/,
  );
  err(
    () => computeStudyStatistics([ok], days, { riskFreeDaily: new Float64Array(3) }),
    /statistics\.riskFreeDaily: expected 10 daily values, found 3/,
  );
});

test('an empty study has no shares, no DSR and says why PBO is missing', () => {
  const s = computeStudyStatistics([], studyDays(50));
  assert.equal(s.share_in_claim_box.all.share, null);
  assert.equal(s.dsr, null);
  assert.equal(s.pbo.pbo, null);
  assert.match(s.pbo.note, /at least 2 configurations/);
  assert.equal(s.walk_forward.folds.length, 0);
});
