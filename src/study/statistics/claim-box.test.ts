import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkClaims, publishedClaims } from '../../analytics/claims.js';
import { makeBook, makeRun } from '../../analytics/fixture-book.test-helper.js';
import { bookMetrics, compareToUnhedged } from '../../analytics/metrics.js';
import { UserError } from '../../core/errors.js';
import { CLAIM_FIELD, claimBoxShares, claimValueVerdict, inClaimBox } from './claim-box.js';
import { studyMetrics } from './fixture-results.test-helper.js';

const IN = { drawdown_reduction: 0.37, hedge_cost: 0.015, months_credited_mtm: 0.66 };

test('inside the box only when the drawdown cut, the yearly cost and the months credited all hold', () => {
  assert.equal(inClaimBox(studyMetrics(IN)), true);
  assert.equal(
    inClaimBox(studyMetrics({ ...IN, drawdown_reduction: 0.45 })),
    false,
    'beats the cut: outside the box',
  );
  assert.equal(inClaimBox(studyMetrics({ ...IN, hedge_cost: 0.025 })), false);
  assert.equal(inClaimBox(studyMetrics({ ...IN, months_credited_mtm: 0.59 })), false);
  assert.equal(inClaimBox(studyMetrics({ ...IN, months_credited_mtm: NaN })), false, 'not measurable');
  // Ends included, after the backtest's rounding to 0.01%: 0.349996 shows as 35.00% and holds.
  assert.equal(inClaimBox(studyMetrics({ ...IN, drawdown_reduction: 0.349996 })), true);
  assert.equal(inClaimBox(studyMetrics({ ...IN, drawdown_reduction: 0.34994 })), false);
  // The calm-years cost is not in the default box; naming it puts it in.
  const calm = { claimTolerances: { drawdown: 0, cost: 0, months: 0.05 }, boxClaims: ['cost-per-year-calm'] };
  assert.equal(inClaimBox(studyMetrics({ hedge_cost_calm: 0.012 }), calm), true);
  assert.equal(inClaimBox(studyMetrics({ hedge_cost_calm: 0.03 }), calm), false);
});

test('an unknown claim id in the box is a one-line user error naming the known ids', () => {
  assert.throws(
    () =>
      inClaimBox(studyMetrics(), {
        claimTolerances: { drawdown: 0, cost: 0, months: 0.05 },
        boxClaims: ['dd'],
      }),
    (e: unknown) =>
      e instanceof UserError && /boxClaims\[0\]: unknown claim 'dd' \(known: drawdown-cut, /.test(e.message),
  );
});

test('shares over all configurations and over those with a positive unhedged CAGR, per claim and for the box', () => {
  const m = [
    studyMetrics({ ...IN, unhedged_cagr: 0.02 }), // in the box, core earns
    studyMetrics({ ...IN, unhedged_cagr: -0.048 }), // in the box, core bleeds
    studyMetrics({ ...IN, drawdown_reduction: 0.6, unhedged_cagr: 0.01 }), // cut beaten, outside the box
    studyMetrics({ ...IN, hedge_cost: 0.04, unhedged_cagr: -0.01 }),
    studyMetrics({ drawdown_reduction: 0.1, hedge_cost: 0.001, months_credited_mtm: 0.2, unhedged_cagr: 0 }),
  ];
  const s = claimBoxShares(m);
  assert.deepEqual(s.inBox, [true, true, false, false, false]);
  assert.deepEqual(s.share_in_claim_box.all, { count: 2, total: 5, share: 0.4 });
  // Positive core: configurations 0 and 2 (a CAGR of exactly 0 is not positive).
  assert.deepEqual(s.share_in_claim_box.positive_core, { count: 1, total: 2, share: 0.5 });
  const byId = Object.fromEntries(s.share_per_claim.map((c) => [c.id, c]));
  assert.deepEqual(byId['drawdown-cut'].all, { count: 3, total: 5, share: 0.6 });
  assert.deepEqual(byId['drawdown-cut'].reached.all, { count: 4, total: 5, share: 0.8 });
  assert.deepEqual(byId['cost-per-year'].all, { count: 3, total: 5, share: 0.6 });
  // A cost below 1% beats the claim.
  assert.deepEqual(byId['cost-per-year'].reached.all, { count: 4, total: 5, share: 0.8 });
  assert.deepEqual(byId['months-credited'].accepted, [0.6, 0.7]);
  assert.deepEqual(byId['months-credited'].positive_core, { count: 2, total: 2, share: 1 });
  assert.deepEqual(s.box.claims, ['drawdown-cut', 'cost-per-year', 'months-credited']);
  assert.equal(s.share_per_claim.length, publishedClaims().length);
  assert.deepEqual(claimBoxShares([]).share_in_claim_box.all, { count: 0, total: 0, share: null });
});

test('every claim verdict on study metrics equals the backtest claim check on the same run', () => {
  const dates = ['2021-01-04', '2021-02-04', '2021-03-04', '2021-04-05', '2021-05-04'];
  const cases: [number[], number[], number[]][] = [
    [
      [100, 76, 90, 100, 101],
      [100, 60, 80, 100, 99],
      [0, 5, -2, 1, 3],
    ],
    [
      [100, 74, 90, 100, 98],
      [100, 60, 80, 100, 97],
      [0, 0, 0, 1, -1],
    ],
    [
      [100, 90, 95, 100, 102],
      [100, 80, 102, 103, 104],
      [0, -3, -1, 0, 2],
    ],
  ];
  for (const [h, u, mtm] of cases) {
    const run = makeRun(
      [
        makeBook({ name: 'alvh', dates, equity: h, layers: { L1: { mtm, cash: mtm.map((x) => -x) } } }),
        makeBook({ name: 'condor', dates, equity: u }),
      ],
      [1, 1, 1, 1, 1],
    );
    const [hm, um] = run.books.map((b) => bookMetrics(b, run));
    const m = studyMetrics({
      drawdown_reduction: compareToUnhedged(hm, um).drawdownReduction ?? NaN,
      hedge_cost: hm.hedgeCost!.allYears ?? NaN,
      hedge_cost_calm: hm.hedgeCost!.calmYears ?? NaN,
      months_credited_mtm: hm.monthsCredited!.mtm.share ?? NaN,
      months_credited_cash: hm.monthsCredited!.cash.share ?? NaN,
    });
    const checks = checkClaims(run, [hm, um]);
    for (const c of publishedClaims()) {
      const check = checks.find((x) => x.id === c.id)!;
      assert.equal(claimValueVerdict(c, m[CLAIM_FIELD[c.quantity]] as number), check.verdict, `${c.id} ${h}`);
    }
  }
});
