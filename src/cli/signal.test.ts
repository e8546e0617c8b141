import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideDay } from '../live/daily-signal.js';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { runBacktest } from '../engine/run-backtest.js';
import { renderDecision } from './signal.js';

test('a day that opens a condor prints its net credit under the orders, and each signal its thresholds', () => {
  const panel = simulateMarket({ years: 2, seed: 11 });
  const alvh = loadStrategy('alvh');
  const ledger = runBacktest(panel, alvh, []).run.books[0].ledger;
  const opening = ledger.find((t) => t.sleeve === 'core' && t.reason === 'open')!.date;
  const day = decideDay(panel, alvh, opening);
  assert.ok(day.condorCredit !== null && day.condorCredit.condors > 0);
  const text = renderDecision(day, false);
  const c = day.condorCredit;
  assert.match(
    text,
    new RegExp(
      `net condor credit: ${c.perCondor.toFixed(2)} a condor at the fills \\(model ${c.perCondorModel.toFixed(2)}\\) x ${c.condors} condor\\(s\\) = ${c.netCash.toFixed(2)} after commissions`,
    ),
  );
  assert.match(text, /threshold in triggers/);
  assert.match(text, /\nrsi14 +\S+ +L2: < 35 /);
});
