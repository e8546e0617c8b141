import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeRun } from '../analytics/summary.js';
import { reportedHedgeCost } from '../analytics/spend-match.js';
import { runBacktest } from '../engine/run-backtest.js';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { expandStudy } from './expand.js';
import { createStudyContext, runChunk, studyWindow } from './run-chunk.js';
import { parseStudyText } from './study-file.js';

const panel = simulateMarket({ years: 4, seed: 11 });
const alvh = loadStrategy('alvh');
const study = parseStudyText(
  `version: 1
name: parity
base: alvh
axes:
  condor.wings.percent: [0.01, 0.02]
  costs.spread_paid: [0.5, 1]
`,
  'parity.yaml',
  '.',
);
const plan = expandStudy(study, new Map([['alvh', alvh]]));
const window = studyWindow(
  panel,
  plan.configs.map((c) => c.strategy),
  plan,
);
const ctx = createStudyContext(panel, window);
const cores = new Map(plan.cores.map((c) => [c.id, c.strategy]));
const results = runChunk(ctx, plan.configs, cores);

test('a configuration equal to a preset reports exactly what alvh backtest reports for it', () => {
  const k = plan.configs.findIndex((c) => c.id === alvh.hash);
  assert.ok(k >= 0);
  const m = results[k].metrics;
  const outcome = runBacktest(panel, alvh, [], { hedgeCost: reportedHedgeCost });
  const s = summarizeRun(outcome.run);
  const hedged = s.books.find((b) => b.name === outcome.run.hedged)!;
  const unhedged = s.books.find((b) => b.name === outcome.run.unhedged)!;
  assert.equal(s.run.from, window.from);
  assert.equal(s.run.to, window.to);
  const claim = (id: string): number | null => s.claims.find((c) => c.id === id)!.measured;
  assert.equal(m.drawdown_reduction, hedged.drawdownReduction);
  assert.equal(m.cagr, hedged.cagr);
  assert.equal(m.max_drawdown, hedged.maxDrawdown.depth);
  assert.equal(m.volatility, hedged.volatility);
  assert.equal(m.sharpe, hedged.sharpe);
  assert.equal(m.hedge_cost, hedged.hedgeCost!.allYears);
  assert.equal(m.hedge_cost_calm, hedged.hedgeCost!.calmYears ?? NaN);
  assert.equal(m.months_credited_mtm, hedged.monthsCredited!.mtm.share);
  assert.equal(m.months_credited_cash, hedged.monthsCredited!.cash.share);
  assert.equal(m.unhedged_cagr, unhedged.cagr);
  assert.equal(m.unhedged_max_drawdown, unhedged.maxDrawdown.depth);
  assert.equal(m.unhedged_sharpe, unhedged.sharpe);
  // The claim check rounds to 4 decimals; the study keeps summary.json's 6.
  assert.equal(Math.round(m.drawdown_reduction * 1e4) / 1e4, claim('drawdown-cut'));
  // The daily returns are those of the backtest's equity.
  const eq = outcome.run.books.find((b) => b.name === outcome.run.hedged)!.equity;
  assert.equal(results[k].returns.length, eq.length - 1);
  for (const t of [0, 100, eq.length - 2]) assert.equal(results[k].returns[t], eq[t + 1] / eq[t] - 1);
});

test('configurations sharing a core share its one run; costs cost', () => {
  assert.equal(plan.cores.length, 4, 'wings x costs: four distinct cores');
  assert.equal(ctx.cores.size, 4);
  const byCore = new Map<string, Float64Array>();
  plan.configs.forEach((c, k) => {
    const seen = byCore.get(c.coreId);
    if (seen) assert.equal(results[k].unhedgedReturns, seen);
    byCore.set(c.coreId, results[k].unhedgedReturns);
  });
  for (const r of results) {
    assert.equal(r.sleeveReturns.length, r.returns.length);
    assert.ok(r.metrics.max_drawdown > 0 && r.metrics.max_drawdown < 1);
  }
  // Paying the whole half-spread instead of half of it costs the hedged book return.
  const at = (w: number, c: number) =>
    results[
      plan.configs.findIndex(
        (x) => x.settings['condor.wings.percent'] === w && x.settings['costs.spread_paid'] === c,
      )
    ];
  assert.ok(at(0.01, 1).metrics.cagr < at(0.01, 0.5).metrics.cagr);
});

test('the same chunk on a fresh context gives byte-identical returns', () => {
  const again = runChunk(createStudyContext(panel, window), plan.configs.slice(3), cores);
  assert.deepEqual(again[0].metrics, results[3].metrics);
  assert.deepEqual(again[0].returns, results[3].returns);
  assert.deepEqual(again[0].unhedgedReturns, results[3].unhedgedReturns);
});
