// A backtest of strategies already loaded and options already checked: the run `runBacktest` (backtest.ts)
// makes after validating its caller's options. Apart from the validation so that a caller whose options are
// checked already needs no schema library (the planned start-up without zod, issue 16: not yet used so).
import { summarizeRun, type RunSummary } from '../analytics/summary.js';
import { reportedHedgeCost } from '../analytics/spend-match.js';
import {
  runBacktest as runBooks,
  type BacktestOutcome,
  type MatchMode,
  type ScaleMemo,
  type SmileLevelMemo,
} from '../engine/run-backtest.js';
import type { LoadedStrategy } from '../strategy/load.js';
import type { FirstDayRule } from '../strategy/setting-values.js';
import type { QuoteSource } from '../view/quote-view.js';
import type { Market } from './market.js';

/** The baselines `alvh backtest` runs beside the strategy unless told otherwise. */
export const DEFAULT_BASELINES = ['vxth', 'put-spread', 'size-cut'] as const;

export interface CheckedBacktestOptions {
  from?: string | null;
  to?: string | null;
  firstDay?: FirstDayRule;
  match?: MatchMode;
  chains?: QuoteSource;
  onBook?: (name: string, done: number, total: number) => void;
  scaleMemo?: ScaleMemo;
  smileLevelMemo?: SmileLevelMemo;
}

export interface BacktestResult extends BacktestOutcome {
  /** The strategy that ran, as loaded (its text, settings and hash). */
  strategy: LoadedStrategy;
  baselines: LoadedStrategy[];
}

/** Runs `main`, its unhedged twin and `baselines` (matched to its hedge spend) on `market`. */
export function runLoadedBacktest(
  market: Market,
  main: LoadedStrategy,
  baselines: LoadedStrategy[],
  o: CheckedBacktestOptions = {},
): BacktestResult {
  const outcome = runBooks(market, main, baselines, {
    from: o.from,
    to: o.to,
    firstDay: o.firstDay,
    match: o.match,
    hedgeCost: reportedHedgeCost,
    onBook: o.onBook,
    quotes: o.chains,
    scaleMemo: o.scaleMemo,
    smileLevelMemo: o.smileLevelMemo,
  });
  return { ...outcome, strategy: main, baselines };
}

/** Every reported number of a run: exactly the `summary` object of the run's summary.json. */
export function summarize(result: Pick<BacktestResult, 'run'>): RunSummary {
  return summarizeRun(result.run);
}
