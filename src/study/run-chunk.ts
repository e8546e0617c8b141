// Runs a chunk of a study's configurations on a shared context: the panel, its market (each day's smile
// level and futures curve, solved once and kept), the signals of each distinct signal setting, and the
// unhedged cores already run. Each configuration yields its metrics and daily returns (ConfigResult).
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import { bookMetrics, compareToUnhedged, type BookMetrics } from '../analytics/metrics.js';
import { stressWindows } from '../analytics/stress.js';
import { frac, ratio } from '../analytics/summary.js';
import { MarketContext } from '../view/market-context.js';
import type { BacktestRun, BookResult } from '../engine/result.js';
import { runBook } from '../engine/run-book.js';
import { runOfBooks, runWindow, yearlySpendRate } from '../engine/run-backtest.js';
import { indexOnOrAfter, indexOnOrBefore, type Panel } from '../market/panel.js';
import { computeSignals, type SignalTable } from '../signals/signal-table.js';
import type { Strategy } from '../strategy/schema.js';
import type { PlannedConfig } from './expand.js';
import type { ConfigResult, StudyDays, StudyMetrics } from './types.js';

/** The inclusive ISO dates every configuration of a study runs over. */
export interface StudyWindow {
  from: string;
  to: string;
}

/** A finished unhedged core: its book and metrics, kept for every configuration that shares it. */
interface CoreRun {
  book: BookResult;
  metrics: BookMetrics;
  returns: Float64Array;
}

export interface StudyContext {
  panel: Panel;
  /** The model market a strategy's books are priced on (one per `option_dividend_yield`, smiles kept). */
  marketFor(strategy: Strategy): MarketContext;
  start: number;
  end: number;
  days: StudyDays;
  signalsFor(settings: Strategy['signals']): SignalTable;
  cores: Map<string, CoreRun>;
}

function marketCache(panel: Panel): (strategy: Strategy) => MarketContext {
  const cache = new Map<string, MarketContext>();
  return (strategy) => {
    const key = strategy.option_dividend_yield;
    let market = cache.get(key);
    if (market === undefined) {
      market = new MarketContext(panel, { keepSmiles: true, indexDividends: key === 'index' });
      cache.set(key, market);
    }
    return market;
  };
}

function signalCache(panel: Panel): (settings: Strategy['signals']) => SignalTable {
  const cache = new Map<string, SignalTable>();
  return (settings) => {
    const key = JSON.stringify(settings);
    let table = cache.get(key);
    if (!table) {
      table = computeSignals(panel, settings);
      cache.set(key, table);
    }
    return table;
  };
}

/**
 * The window every configuration can trade: the latest first tradable day over the configurations' signal
 * warm-ups and dates (and the study's own from/to), to the earliest last day. One window for all, so their
 * daily returns line up for the statistics.
 */
export function studyWindow(
  panel: Panel,
  strategies: readonly Strategy[],
  limits: { from: string | null; to: string | null },
): StudyWindow {
  const signalsFor = signalCache(panel);
  let start = 0;
  let end = panel.n - 1;
  const seen = new Set<string>();
  for (const s of strategies) {
    const key = JSON.stringify([s.signals, s.dates]);
    if (seen.has(key)) continue;
    seen.add(key);
    const w = runWindow(panel, signalsFor(s.signals), s, limits);
    start = Math.max(start, w.start);
    end = Math.min(end, w.end);
  }
  if (start > end) throw new UserError('the configurations of this study share no trading day');
  return { from: panel.dates[start], to: panel.dates[end] };
}

export function createStudyContext(panel: Panel, window: StudyWindow): StudyContext {
  const start = indexOnOrAfter(panel, isoToDay(window.from));
  const end = indexOnOrBefore(panel, isoToDay(window.to));
  if (!(start >= 0 && end >= start && end < panel.n))
    throw new UserError(`study window ${window.from} .. ${window.to} is not inside the data`);
  return {
    panel,
    marketFor: marketCache(panel),
    start,
    end,
    days: { dates: panel.dates.slice(start, end + 1), dataFingerprint: panel.fingerprint },
    signalsFor: signalCache(panel),
    cores: new Map(),
  };
}

function runOn(ctx: StudyContext, strategy: Strategy, name: string, hash: string): BookResult {
  return runBook(strategy, ctx.marketFor(strategy), ctx.signalsFor(strategy.signals), {
    name,
    title: strategy.title,
    strategyHash: hash,
    start: ctx.start,
    end: ctx.end,
    spendScale: 1,
    sizeFactor: 1,
    ledger: false,
  });
}

function runOf(ctx: StudyContext, books: BookResult[], hedged: string): BacktestRun {
  return runOfBooks(ctx.panel, ctx.start, ctx.end, books, hedged, 'unhedged');
}

/** Daily simple returns of marked equity: r[t] is the return into day t + 1. */
function dailyReturns(equity: Float64Array): Float64Array {
  const r = new Float64Array(Math.max(0, equity.length - 1));
  for (let t = 1; t < equity.length; t++) r[t - 1] = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
  return r;
}

/** The sleeve's daily mark-to-market P&L over the previous day's equity. */
function sleeveReturns(book: BookResult): Float64Array {
  const r = new Float64Array(Math.max(0, book.equity.length - 1));
  for (const layer of Object.values(book.layers))
    for (let t = 1; t < book.equity.length; t++)
      if (book.equity[t - 1] > 0) r[t - 1] += layer.mtmPnl[t] / book.equity[t - 1];
  return r;
}

const num = (x: number | null): number => (x === null ? NaN : x);

function coreRun(ctx: StudyContext, config: PlannedConfig, core: Strategy): CoreRun {
  let run = ctx.cores.get(config.coreId);
  if (!run) {
    const book = runOn(ctx, core, 'unhedged', config.coreId);
    run = {
      book,
      metrics: bookMetrics(book, runOf(ctx, [book], 'unhedged')),
      returns: dailyReturns(book.equity),
    };
    ctx.cores.set(config.coreId, run);
  }
  return run;
}

/** Metrics as `alvh backtest` reports them (summary.json's rounding), NaN where not measurable. */
function studyMetrics(book: BookResult, hedged: BookMetrics, core: CoreRun, run: BacktestRun): StudyMetrics {
  const stress: Record<string, number> = {};
  for (const w of stressWindows(run)) {
    if (w.coverage === 'not in run') continue;
    const h = w.books.find((b) => b.book === run.hedged);
    const u = w.books.find((b) => b.book === 'unhedged');
    if (h && u && u.maxDrawdown > 0) stress[w.id] = num(frac(1 - h.maxDrawdown / u.maxDrawdown));
  }
  return {
    drawdown_reduction: num(frac(compareToUnhedged(hedged, core.metrics).drawdownReduction)),
    hedge_cost: num(frac(hedged.hedgeCost?.allYears)),
    hedge_cost_calm: num(frac(hedged.hedgeCost?.calmYears)),
    months_credited_mtm: num(frac(hedged.monthsCredited?.mtm.share)),
    months_credited_cash: num(frac(hedged.monthsCredited?.cash.share)),
    cagr: num(frac(hedged.cagr)),
    max_drawdown: num(frac(hedged.maxDrawdown.depth)),
    volatility: num(frac(hedged.volatility)),
    sharpe: num(ratio(hedged.sharpe)),
    hedge_spend: num(frac(yearlySpendRate(book, 'hedgeSpend'))),
    unhedged_cagr: num(frac(core.metrics.cagr)),
    unhedged_max_drawdown: num(frac(core.metrics.maxDrawdown.depth)),
    unhedged_sharpe: num(ratio(core.metrics.sharpe)),
    stress_drawdown_reduction: stress,
  };
}

/** Runs one configuration (and its unhedged core, unless the context already has it). */
export function runConfig(ctx: StudyContext, config: PlannedConfig, core: Strategy): ConfigResult {
  const coreResult = coreRun(ctx, config, core);
  const book = runOn(ctx, config.strategy, config.strategy.name, config.id);
  const run = runOf(ctx, [book, coreResult.book], book.name);
  const metrics = bookMetrics(book, run);
  return {
    id: config.id,
    settings: config.settings,
    metrics: studyMetrics(book, metrics, coreResult, run),
    returns: dailyReturns(book.equity),
    unhedgedReturns: coreResult.returns,
    sleeveReturns: sleeveReturns(book),
  };
}

/**
 * Runs a chunk of configurations on one context, in order; `cores` maps each core id to its strategy.
 * `onResult` sees each result as it is ready (for checkpoints and progress).
 */
export function runChunk(
  ctx: StudyContext,
  configs: readonly PlannedConfig[],
  cores: ReadonlyMap<string, Strategy>,
  onResult?: (result: ConfigResult) => void,
): ConfigResult[] {
  const out: ConfigResult[] = [];
  for (const config of configs) {
    const core = cores.get(config.coreId);
    if (!core)
      throw new UserError(`configuration ${config.id}: its unhedged core ${config.coreId} is unknown`);
    const result = runConfig(ctx, config, core);
    onResult?.(result);
    out.push(result);
  }
  return out;
}
