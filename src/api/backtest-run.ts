// A backtest of strategies already loaded and options already checked: the run `runBacktest` (backtest.ts)
// makes after validating its caller's options, and the one `alvh backtest` calls directly, so that the
// command loads no schema library when its strategies come from the memo (strategy-memo.ts).
import { summarizeRun, type RunSummary } from '../analytics/summary.js';
import { reportedHedgeCost } from '../analytics/spend-match.js';
import {
  runBacktest as runBooks,
  type BacktestOutcome,
  type MatchMode,
  type ScaleMemo,
  type SmileLevelMemo,
} from '../engine/run-backtest.js';
import { checkBaselineCore } from '../strategy/baseline.js';
import type { LoadedStrategy } from '../strategy/load.js';
import type { RunMemo } from './run-memo.js';
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
  /**
   * Where whole runs are kept between runs (`alvh backtest` keeps them beside the panel cache): a rerun of an
   * unchanged backtest reads its outcome back, the same as computing it. Not used with `chains`.
   */
  runMemo?: RunMemo;
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
  const memo = o.chains === undefined ? o.runMemo : undefined;
  const key = memo === undefined ? '' : runKey(market, main, baselines, o);
  if (memo !== undefined) {
    // The checks the engine makes before it runs: a kept run never skips an error.
    for (const base of baselines) checkBaselineCore(main, base);
    const kept = memo.recall(key);
    if (kept !== undefined) {
      kept.run.books.forEach((b, i, all) => o.onBook?.(b.name, i + 1, all.length));
      return { ...kept, strategy: main, baselines };
    }
  }
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
  memo?.remember(key, outcome);
  return { ...outcome, strategy: main, baselines };
}

/**
 * Everything a run's outcome depends on besides the code (which the memo keys by itself): the data (its
 * fingerprint, and every panel field the run copies: description, source and the modelled spans, which
 * `--history modelled` sets even when it models nothing), every strategy as resolved (its hash), the window
 * and the match mode. The scale and smile-level memos only skip work, and a run priced from chains is never
 * kept.
 */
function runKey(
  market: Market,
  main: LoadedStrategy,
  baselines: readonly LoadedStrategy[],
  o: CheckedBacktestOptions,
): string {
  return JSON.stringify([
    market.fingerprint,
    market.n,
    market.description,
    market.source,
    market.modelled ?? null,
    main.hash,
    baselines.map((b) => b.hash),
    o.from ?? null,
    o.to ?? null,
    o.firstDay ?? null,
    o.match ?? 'spend',
  ]);
}

/** Every reported number of a run: exactly the `summary` object of the run's summary.json. */
export function summarize(result: Pick<BacktestResult, 'run'>): RunSummary {
  return summarizeRun(result.run);
}
