// Backtests on small synthetic markets for the report tests: a hedged strategy beside a baseline, and the
// edge case of a strategy without hedge layers run with no baselines. Each is run once per test process.
import type { RunSummary } from '../analytics/summary.js';
import { runBacktest, summarize, type BacktestResult } from '../api/backtest.js';
import { simulateMarket } from '../api/market.js';
import type { LoadedStrategy } from '../strategy/load.js';

export interface FixtureBacktest {
  outcome: BacktestResult;
  summary: RunSummary;
  main: LoadedStrategy;
}

const cache = new Map<string, FixtureBacktest>();

function backtest(strategy: string, baselines: string[], years: number, seed: number): FixtureBacktest {
  const key = [strategy, ...baselines, years, seed].join(' ');
  let out = cache.get(key);
  if (out === undefined) {
    const outcome = runBacktest(simulateMarket({ years, seed }), strategy, { baselines });
    out = { outcome, summary: summarize(outcome), main: outcome.strategy };
    cache.set(key, out);
  }
  return out;
}

/** ALVH (four layers) beside the VXTH-style baseline, on three synthetic years. */
export const hedgedBacktest = (): FixtureBacktest => backtest('alvh', ['vxth'], 3, 8);

/** The condor preset (no hedge layers) with no baselines: its books are itself and its unhedged twin. */
export const bareBacktest = (): FixtureBacktest => backtest('condor', [], 2, 3);

/** ALVH with no baselines: only the strategy and its unhedged twin. */
export const soloBacktest = (): FixtureBacktest => backtest('alvh', [], 2, 3);
