// Backtests on small synthetic markets for the report tests: a hedged strategy beside a baseline, and the
// edge case of a strategy without hedge layers run with no baselines. Each is run once per test process.
import { summarizeRun, type RunSummary } from '../analytics/summary.js';
import { runBacktest, type BacktestOutcome } from '../engine/run-backtest.js';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy, type LoadedStrategy } from '../strategy/load.js';

export interface FixtureBacktest {
  outcome: BacktestOutcome;
  summary: RunSummary;
  main: LoadedStrategy;
}

const cache = new Map<string, FixtureBacktest>();

function backtest(strategy: string, baselines: string[], years: number, seed: number): FixtureBacktest {
  const key = [strategy, ...baselines, years, seed].join(' ');
  let out = cache.get(key);
  if (out === undefined) {
    const main = loadStrategy(strategy);
    const outcome = runBacktest(
      simulateMarket({ years, seed }),
      main,
      baselines.map((b) => loadStrategy(b)),
    );
    out = { outcome, summary: summarizeRun(outcome.run), main };
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
