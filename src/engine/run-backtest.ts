// Runs the main strategy, its unhedged twin and the baselines on one panel. Baselines share the main
// book's core (condor, costs, capital, signals) and, where they ask for it, are scaled to the main book's
// yearly hedge spend.
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import { indexOnOrAfter, indexOnOrBefore, type Panel } from '../market/panel.js';
import { computeSignals, type SignalTable } from '../signals/signal-table.js';
import { strategyHash, type LoadedStrategy } from '../strategy/load.js';
import type { Strategy } from '../strategy/schema.js';
import { toSignalParams } from '../strategy/signal-params.js';
import { MarketContext } from './market-context.js';
import { runBook } from './run-book.js';
import type { BacktestRun, BookResult } from './result.js';

/** The yearly hedge cost of a book (fraction of equity, positive = cost), as the reports define it. */
export type HedgeCostFn = (book: BookResult, run: BacktestRun) => number;

export interface BacktestOptions {
  /** How hedge cost is measured for spend matching: pass the analytics definition so reports agree. */
  hedgeCost?: HedgeCostFn;
  /** ISO dates limiting the run (inclusive); the strategy's own dates apply too. */
  from?: string | null;
  to?: string | null;
  /** Called after each book with its name, for progress display. */
  onBook?: (name: string, done: number, total: number) => void;
}

export interface BacktestOutcome {
  run: BacktestRun;
  /** How the run window was chosen, spend-matching scales, smile fallbacks: printed and saved. */
  notes: string[];
}

/** Signals a run needs warmed up before its first day. */
const REQUIRED_SIGNALS = ['rsi14', 'spx_sma', 'vix_macd_signal', 'm1', 'm2'];

/** First panel index from which everything the books trade and read is present. */
export function firstTradableIndex(panel: Panel, signals: SignalTable): number {
  const s = panel.series;
  const f = panel.futures;
  for (let i = 0; i < panel.n; i++) {
    if (
      !Number.isFinite(s.spxClose[i]) ||
      !Number.isFinite(s.vixClose[i]) ||
      !Number.isFinite(s.vvixClose[i])
    )
      continue;
    if (f.start[i + 1] - f.start[i] < 2) continue;
    if (REQUIRED_SIGNALS.some((name) => signals.has(name) && !Number.isFinite(signals.get(name)[i])))
      continue;
    return i;
  }
  return -1;
}

/**
 * The panel indices a run covers: from the first tradable day, or the later of the strategy's and the
 * caller's `from`, to the last day of data, or the earlier of the two `to`s. The daily signal uses it too, so
 * a day's decision starts its book where the backtest does.
 */
export function runWindow(
  panel: Panel,
  signals: SignalTable,
  strategy: Strategy,
  opts: Pick<BacktestOptions, 'from' | 'to'> = {},
): { first: number; start: number; end: number } {
  const first = firstTradableIndex(panel, signals);
  if (first < 0)
    throw new UserError(
      'no day in the data has SPX, VIX, VVIX, two VIX futures and warmed-up signals together',
    );
  let start = first;
  let end = panel.n - 1;
  for (const from of [opts.from, strategy.dates.from])
    if (from) start = Math.max(start, indexOnOrAfter(panel, isoToDay(from)));
  for (const to of [opts.to, strategy.dates.to])
    if (to) end = Math.min(end, indexOnOrBefore(panel, isoToDay(to)));
  if (start > end)
    throw new UserError(
      `empty run: no trading day between ${panel.dates[start] ?? 'the end'} and ${panel.dates[end] ?? 'the start'}`,
    );
  return { first, start, end };
}

/** A daily dollar flow summed per year, as a fraction of the book's average equity. */
function perYearOfEquity(book: BookResult, flows: Float64Array | undefined): number {
  if (!flows || book.equity.length < 2) return 0;
  let total = 0;
  let eq = 0;
  for (let t = 0; t < flows.length; t++) {
    total += flows[t];
    eq += book.equity[t];
  }
  const years = (isoToDay(book.dates[book.dates.length - 1]) - isoToDay(book.dates[0])) / 365.25;
  return years > 0 ? total / (eq / flows.length) / years : 0;
}

/** Net opening premium of hedges (or condor credit) per year, as a fraction of average equity. */
export function yearlySpendRate(book: BookResult, series: 'hedgeSpend' | 'coreCredit'): number {
  return perYearOfEquity(book, book[series]);
}

/**
 * A simple yearly hedge cost (minus the sleeve's P&L per year over the run's mean equity), used for spend
 * matching only when the caller passes no analytics definition (unit tests of the engine).
 */
export function yearlyHedgeCost(book: BookResult): number {
  const sleeve = new Float64Array(book.equity.length);
  for (const layer of Object.values(book.layers))
    for (let t = 0; t < sleeve.length; t++) sleeve[t] -= layer.mtmPnl[t];
  return perYearOfEquity(book, sleeve);
}

function unhedgedOf(main: Strategy): Strategy {
  return { ...main, name: 'unhedged', title: 'Unhedged condors', layers: [] };
}

/** A baseline on the main book's core: its own layers and size factor, everything else from the main book. */
function baselineOn(main: Strategy, baseline: Strategy): Strategy {
  return {
    ...main,
    name: baseline.name,
    title: baseline.title,
    description: baseline.description,
    layers: baseline.layers,
    condor: { ...main.condor, size_factor: baseline.condor.size_factor },
  };
}

export function runBacktest(
  panel: Panel,
  main: LoadedStrategy,
  baselines: readonly LoadedStrategy[],
  opts: BacktestOptions = {},
): BacktestOutcome {
  const notes: string[] = [];
  const strategy = main.strategy;
  const signals = computeSignals(panel, toSignalParams(strategy.signals));
  const market = new MarketContext(panel);

  const { first, start, end } = runWindow(panel, signals, strategy, opts);
  notes.push(
    `run ${panel.dates[start]} .. ${panel.dates[end]} (${end - start + 1} trading days); the data allow trading from ${panel.dates[first]} (first day with SPX, VIX, VVIX, two VIX futures and warmed-up signals)`,
  );

  const total = 2 + baselines.length;
  let done = 0;
  const run = (s: Strategy, spendScale: number, sizeFactor: number, hash: string): BookResult =>
    runBook(s, market, signals, {
      name: s.name,
      title: s.title,
      strategyHash: hash,
      start,
      end,
      spendScale,
      sizeFactor,
    });
  const tick = (name: string): void => opts.onBook?.(name, ++done, total);

  const mainBook = run(strategy, 1, 1, main.hash);
  tick(mainBook.name);
  const unhedged = unhedgedOf(strategy);
  const unhedgedBook = run(unhedged, 1, 1, strategyHash(unhedged));
  tick(unhedgedBook.name);
  const runOf = (book: BookResult): BacktestRun => ({
    panelDescription: panel.description,
    dataFingerprint: panel.fingerprint,
    source: panel.source,
    from: panel.dates[start],
    to: panel.dates[end],
    spxClose: panel.series.spxClose.slice(start, end + 1),
    rateAnnual: panel.series.rateAnnual.slice(start, end + 1),
    books: [book],
    unhedged: book.name,
    hedged: book.name,
  });
  const costOf = (book: BookResult): number =>
    opts.hedgeCost ? opts.hedgeCost(book, runOf(book)) : yearlyHedgeCost(book);
  const targetCost = costOf(mainBook);
  notes.push(
    `main book hedge cost: ${(targetCost * 100).toFixed(2)}% a year (sleeve net P&L over equity); opening premium ${(yearlySpendRate(mainBook, 'hedgeSpend') * 100).toFixed(2)}% a year`,
  );

  const books: BookResult[] = [mainBook, unhedgedBook];
  for (const base of baselines) {
    const s = baselineOn(strategy, base.strategy);
    const hash = strategyHash(s);
    let book: BookResult;
    if (targetCost <= 0 && (s.condor.size_factor === 'match_spend' || s.layers.some((l) => l.match_spend))) {
      // A hedge that made money has no cost to match: the baseline runs at its preset size.
      book = run(s, 1, 1, hash);
      notes.push(
        `${s.name}: the main book's hedge made money, so there is no cost to match; run at preset size`,
      );
    } else if (s.condor.size_factor === 'match_spend') {
      const creditRate = yearlySpendRate(unhedgedBook, 'coreCredit');
      const factor = creditRate > 0 ? Math.min(1, Math.max(0, 1 - targetCost / creditRate)) : 1;
      book = run(s, 1, factor, hash);
      notes.push(
        `${s.name}: condor size x${factor.toFixed(4)} gives up ${(targetCost * 100).toFixed(2)}% of equity a year of the unhedged book's ${(creditRate * 100).toFixed(2)}% yearly credit`,
      );
    } else if (s.layers.some((l) => l.match_spend)) {
      let scale = 1;
      book = run(s, scale, 1, hash);
      // Cost is roughly proportional to the budget; contract rounding and path effects bend it, so correct twice.
      for (let k = 0; k < 2; k++) {
        const cost = costOf(book);
        if (!(cost > 0)) break;
        scale *= targetCost / cost;
        book = run(s, scale, 1, hash);
      }
      notes.push(
        `${s.name}: hedge budget x${scale.toFixed(4)} for a cost of ${(costOf(book) * 100).toFixed(2)}% a year (target ${(targetCost * 100).toFixed(2)}%)`,
      );
    } else {
      book = run(s, 1, 1, hash);
    }
    books.push(book);
    tick(book.name);
  }

  for (const f of market.fallbacksUsed()) notes.push(`pricing fallback: ${f}`);
  if (market.rateDaysCarried > 0)
    notes.push(`rate: ${market.rateDaysCarried} day(s) without a published rate use the last published one`);
  return {
    run: {
      ...runOf(mainBook),
      vixClose: panel.series.vixClose.slice(start, end + 1),
      backwardation: signals.has('backwardation')
        ? signals.get('backwardation').slice(start, end + 1)
        : undefined,
      books,
      unhedged: unhedgedBook.name,
      hedged: mainBook.name,
    },
    notes,
  };
}
