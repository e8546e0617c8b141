// A backtest as the library runs it: the strategy, its unhedged twin and the baselines on one market, with
// hedge cost measured as the reports measure it; `summarize` gives the summary that summary.json holds.
import { z } from 'zod';
import { MATCH_MODES, runWindow, type ScaleMemo, type SmileLevelMemo } from '../engine/run-backtest.js';
import { FIRST_DAY_RULES } from '../strategy/setting-values.js';
import { computeSignals } from '../signals/signal-table.js';
import { loadStrategy, type LoadedStrategy } from '../strategy/load.js';
import { ChainQuoteSource } from '../view/chain-quote-source.js';
import type { Chains } from './chains.js';
import type { Market } from './market.js';
import { parseOptions } from './market.js';
import { DEFAULT_BASELINES, runLoadedBacktest, type BacktestResult } from './backtest-run.js';

export { DEFAULT_BASELINES, summarize, type BacktestResult } from './backtest-run.js';

const isLoaded = (x: unknown): x is LoadedStrategy =>
  typeof x === 'object' && x !== null && 'strategy' in x && 'hash' in x && 'text' in x;

/** A preset name, a strategy file's path, or a strategy `loadStrategy` returned. */
const StrategyRef = z.union([z.string().min(1), z.custom<LoadedStrategy>(isLoaded)], {
  error: 'expected a preset name, a strategy file path or a strategy from loadStrategy',
});

/** An optional memo option: any object with `recall` and `remember` methods. */
const memoSchema = <M>(remember: string) =>
  z
    .custom<M>(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as { recall?: unknown }).recall === 'function' &&
        typeof (m as { remember?: unknown }).remember === 'function',
      { message: `expected an object with recall(key) and ${remember}` },
    )
    .optional();

const BacktestOptionsSchema = z.strictObject({
  /** Run beside the strategy (default DEFAULT_BASELINES; [] for none). */
  baselines: z.array(StrategyRef).optional(),
  /** ISO dates limiting the run (inclusive); the strategy's own dates apply too. */
  from: z.iso.date().nullable().optional(),
  to: z.iso.date().nullable().optional(),
  /**
   * Overrides every book's `dates.first_day`: 'strategy_inputs' starts a book without layers (or whose layers
   * trade SPX options only and read no market signal, as cll's call) where SPX and VIX are (1990 on the
   * reference data), as `check benchmark` runs over an index's whole history.
   */
  firstDay: z.enum(FIRST_DAY_RULES).optional(),
  /** What match_spend baselines are matched on (default 'spend'). */
  match: z.enum(MATCH_MODES).optional(),
  /** Real option quotes (`loadChains`): legs priced from their quotes where listed, the model otherwise. */
  chains: z
    .custom<Chains>((c) => c instanceof ChainQuoteSource, { message: 'expected chains from loadChains' })
    .optional(),
  /** Called after each book with its name, for progress display. */
  onBook: z
    .custom<(name: string, done: number, total: number) => void>((f) => typeof f === 'function', {
      message: 'expected a function',
    })
    .optional(),
  /**
   * Where matched baseline scales are kept between runs (`alvh backtest` keeps them beside the panel cache):
   * a run that finds its scales runs each baseline once, with the same results as a search.
   */
  scaleMemo: memoSchema<ScaleMemo>('remember(key, matched)'),
  /**
   * Where the smile levels the runs solve are kept between runs (`alvh backtest` keeps them beside the panel
   * cache): a run that finds them rebuilds each day's smile instead of solving it, with the same prices.
   */
  smileLevelMemo: memoSchema<SmileLevelMemo>('remember(key, levels)'),
});

export type StrategyInput = LoadedStrategy | string;
export type { ScaleMemo, SmileLevelMemo };
export type BacktestOptions = z.input<typeof BacktestOptionsSchema>;

const loaded = (s: StrategyInput): LoadedStrategy => (typeof s === 'string' ? loadStrategy(s) : s);

/** Runs `strategy`, its unhedged twin and the baselines (matched to its hedge spend) on `market`. */
export function runBacktest(
  market: Market,
  strategy: StrategyInput,
  opts: BacktestOptions = {},
): BacktestResult {
  const main = loaded(parseOptions(StrategyRef, strategy, 'runBacktest(strategy)'));
  const o = parseOptions(BacktestOptionsSchema, opts, 'runBacktest');
  const baselines = (o.baselines ?? DEFAULT_BASELINES).map(loaded);
  return runLoadedBacktest(market, main, baselines, o);
}

const WindowOptionsSchema = BacktestOptionsSchema.pick({ from: true, to: true, firstDay: true });
export type WindowOptions = z.input<typeof WindowOptionsSchema>;

/**
 * The panel indices `runBacktest(market, strategy, opts)` covers with no baselines: its first tradable day,
 * its first and last day. The daily signal starts its book here, so a day's decision is the backtest's.
 */
export function tradingWindow(
  market: Market,
  strategy: StrategyInput,
  opts: WindowOptions = {},
): { first: number; start: number; end: number; inputs: string } {
  const s = loaded(parseOptions(StrategyRef, strategy, 'tradingWindow(strategy)')).strategy;
  const o = parseOptions(WindowOptionsSchema, opts, 'tradingWindow');
  return runWindow(market, computeSignals(market, s.signals), s, o);
}
