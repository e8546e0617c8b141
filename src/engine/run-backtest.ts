// Runs the main strategy, its unhedged twin and the baselines on one panel. Baselines run on the main
// book's core (condor, costs, capital, dates, signals; a baseline file that sets any of them otherwise is an
// error) and, where they ask for it, are scaled to the main book's yearly hedge spend.
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import { indexOnOrAfter, indexOnOrBefore, type Panel } from '../market/panel.js';
import { computeSignals, type SignalTable } from '../signals/signal-table.js';
import { checkBaselineCore } from '../strategy/baseline.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { strategyHash } from '../strategy/strategy-hash.js';
import { tradesVixComplex } from '../strategy/layer-instruments.js';
import type { LayerSpec, Strategy } from '../strategy/schema.js';
import { ENGINE_STATE_SIGNALS, layerActiveSignal, strategySignalNames } from '../strategy/signal-names.js';
import { parseTrigger, triggerSignals } from '../signals/trigger.js';
import { MarketContext } from '../view/market-context.js';
import type { QuoteSource } from '../view/quote-view.js';
import { runBook } from './run-book.js';
import type { BacktestRun, BookResult, PricingCounts } from './result.js';

/** The yearly hedge cost of a book (fraction of equity, positive = cost), as the reports define it. */
export type HedgeCostFn = (book: BookResult, run: BacktestRun) => number;

/**
 * What baselines marked match_spend are matched on: the main book's yearly hedge spend (net opening premium
 * over equity, spec section 4's "same average yearly spend"), its yearly hedge cost (sleeve net P&L), or
 * nothing (preset sizes).
 */
export const MATCH_MODES = ['spend', 'cost', 'none'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export interface BacktestOptions {
  /** Default 'spend'. */
  match?: MatchMode;
  /** How hedge cost is measured for `match: 'cost'`: pass the analytics definition so reports agree. */
  hedgeCost?: HedgeCostFn;
  /** ISO dates limiting the run (inclusive); the strategy's own dates apply too. */
  from?: string | null;
  to?: string | null;
  /** Overrides each strategy's `dates.first_day` (`check benchmark` runs over the index's whole history). */
  firstDay?: FirstDayRule;
  /** Real option quotes: every book prices a leg from its quote where listed, from the model otherwise. */
  quotes?: QuoteSource;
  /** Called after each book with its name, for progress display. */
  onBook?: (name: string, done: number, total: number) => void;
  /**
   * Scales matched by earlier runs (the command line keeps them beside the panel cache): a baseline whose
   * key is found runs at the remembered scale first and keeps it when its book measures exactly what the
   * search measured, so the search's reruns are skipped and the result is the search's. Not used with
   * `quotes`.
   */
  scaleMemo?: ScaleMemo;
  /**
   * The 30-day smile levels earlier runs solved on this panel (kept beside the panel cache by the command
   * line): the books then rebuild each day's smile from its level, which prices exactly as solving it.
   */
  smileLevelMemo?: SmileLevelMemo;
}

/** Where solved smile levels are kept between runs, by a key naming the panel and the dividend setting. */
export interface SmileLevelMemo {
  recall(key: string): Float64Array | undefined;
  remember(key: string, levels: Float64Array): void;
}

/** What a scale search ended on: the scale, and what its book measured against which target. */
export interface MatchedScale {
  scale: number;
  target: number;
  measured: number;
}

/**
 * Where matched scales are kept between runs. A key names everything the search depends on but the code
 * (the main and baseline strategies, the data fingerprint, the run's dates, the match mode): the store
 * keeps them per engine version.
 */
export interface ScaleMemo {
  recall(key: string): MatchedScale | undefined;
  remember(key: string, matched: MatchedScale): void;
}

export interface BacktestOutcome {
  run: BacktestRun;
  /** How the run window was chosen, spend-matching scales, smile fallbacks: printed and saved. */
  notes: string[];
}

/** How many of a book's option prices came from real quotes: the line a run priced from chains prints. */
export function pricingNote(book: string, p: PricingCounts): string {
  const share = (q: number, m: number): string =>
    q + m > 0 ? `${((100 * q) / (q + m)).toFixed(1)}%` : 'none';
  return `priced from real chains where listed (${book}): ${p.quoteFills} of ${p.quoteFills + p.modelFills} option fills (${share(p.quoteFills, p.modelFills)}) and ${p.quoteMarks} of ${p.quoteMarks + p.modelMarks} daily option marks (${share(p.quoteMarks, p.modelMarks)}) from quotes; the rest from the model`;
}

/** Signals a run needs warmed up before its first day. */
const REQUIRED_SIGNALS = ['rsi14', 'spx_sma', 'vix_macd_signal', 'm1', 'm2'];

/** Where a run's first day may be: after VVIX, two VIX futures and the signals, or wherever SPX and VIX are. */
export type FirstDayRule = Strategy['dates']['first_day'];

/**
 * Whether the books of a run need the VIX complex (VVIX, two VIX futures, warmed-up signals) on their first
 * day. A core book prices SPX options on the smile (SPX, VIX, SKEW, rates) and reads no signal, so it can
 * start in 1990; so can a book whose layers trade SPX options only and read no market signal (`spxOnlyLayer`:
 * the put-spread baseline, a collar's monthly call). A layer that trades a VIX instrument or reads the signal
 * catalogue starts the run where all of the complex is present.
 */
export function needsVixComplex(strategies: readonly Strategy[], override?: FirstDayRule): boolean {
  return strategies.some(
    (s) =>
      (override ?? s.dates.first_day) === 'all_inputs' ||
      s.layers.some((l) => l.enabled && !spxOnlyLayer(s, l)),
  );
}

/**
 * A layer that needs what the core needs: SPX options only, sized on anything but the front future's bands,
 * every expression it holds (trigger, choices' `when`, `scale`, exits' `when`) reading the book's own state
 * at most (`open_condors > 0`, `<layer>_active`), no market signal.
 */
function spxOnlyLayer(strategy: Strategy, layer: LayerSpec): boolean {
  const state = new Set<string>([
    ...ENGINE_STATE_SIGNALS,
    ...strategy.layers.map((l) => layerActiveSignal(l.name)),
  ]);
  const names = strategySignalNames(strategy);
  const readsStateOnly = (expr: string | null): boolean =>
    expr === null || triggerSignals(parseTrigger(expr, names)).every((name) => state.has(name));
  return (
    readsStateOnly(layer.trigger) &&
    readsStateOnly(layer.exits.when) &&
    layer.scale.every((band) => readsStateOnly(band.when)) &&
    layer.use.every(
      (c) =>
        readsStateOnly(c.when) && c.sizing.basis !== 'front_future_bands' && !tradesVixComplex(c.instrument),
    )
  );
}

/** What the first tradable day is the first day with, for notes and errors. */
export function firstDayInputs(vixComplex: boolean): string {
  return vixComplex ? 'SPX, VIX, VVIX, two VIX futures and warmed-up signals' : 'SPX and VIX';
}

/** First panel index from which everything the books trade and read is present. */
export function firstTradableIndex(panel: Panel, signals: SignalTable, vixComplex = true): number {
  const s = panel.series;
  const f = panel.futures;
  for (let i = 0; i < panel.n; i++) {
    if (!Number.isFinite(s.spxClose[i]) || !Number.isFinite(s.vixClose[i])) continue;
    if (!vixComplex) return i;
    if (!Number.isFinite(s.vvixClose[i])) continue;
    if (f.start[i + 1] - f.start[i] < 2) continue;
    if (REQUIRED_SIGNALS.some((name) => signals.has(name) && !Number.isFinite(signals.get(name)[i])))
      continue;
    return i;
  }
  return -1;
}

/**
 * The panel indices a run covers: from the first tradable day for the run's books (the strategy and the
 * baselines beside it), or the later of the strategy's and the caller's `from`, to the last day of data, or
 * the earlier of the two `to`s. The daily signal uses it too, so a day's decision starts its book where the
 * backtest does.
 */
export function runWindow(
  panel: Panel,
  signals: SignalTable,
  strategy: Strategy,
  opts: Pick<BacktestOptions, 'from' | 'to' | 'firstDay'> = {},
  baselines: readonly Strategy[] = [],
): { first: number; start: number; end: number; inputs: string } {
  const vixComplex = needsVixComplex([strategy, ...baselines], opts.firstDay);
  const inputs = firstDayInputs(vixComplex);
  const first = firstTradableIndex(panel, signals, vixComplex);
  if (first < 0) throw new UserError(`no day in the data has ${inputs} together`);
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
  return { first, start, end, inputs };
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
 * A simple yearly hedge cost (minus the sleeve's P&L per year over the run's mean equity), used for cost
 * matching only when the caller passes no analytics definition (unit tests of the engine).
 */
export function yearlyHedgeCost(book: BookResult): number {
  const sleeve = new Float64Array(book.equity.length);
  for (const layer of Object.values(book.layers))
    for (let t = 0; t < sleeve.length; t++) sleeve[t] -= layer.mtmPnl[t];
  return perYearOfEquity(book, sleeve);
}

/** How many days of a smile-level array have a level. */
function solvedDays(levels: Float64Array): number {
  let n = 0;
  for (let i = 0; i < levels.length; i++) if (!Number.isNaN(levels[i])) n++;
  return n;
}

/** Total of a daily series over the run. */
function total(flows: Float64Array | undefined): number {
  let sum = 0;
  if (flows) for (let t = 0; t < flows.length; t++) sum += flows[t];
  return sum;
}

/** The unhedged twin of a strategy: the same core book with every layer off (what the ALVH is compared with). */
export function unhedgedOf(main: Strategy): Strategy {
  return { ...main, name: 'unhedged', title: 'Unhedged condors', layers: [] };
}

/** A baseline on the main book's core: its own layers and size factor (checked: it may set nothing else). */
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

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** How close to its target (relative) the scale search stops. */
const MATCH_TOLERANCE = 0.005;

/**
 * The budget scale whose book measures closest to `target`. Spend grows with the scale, but in steps
 * (whole contracts) and with path effects, so a plain proportional correction can oscillate: the search
 * keeps the nearest scales below and above the target and interpolates between them once it has both.
 * A `remembered` search (an earlier run's, for the same key) is replayed first: when the target is the same
 * and the book at its scale measures exactly what it measured then, the search would end there again (the
 * books are deterministic), so it is the answer without the search's reruns.
 */
export function matchScale(
  runAt: (scale: number) => BookResult,
  measure: (book: BookResult) => number,
  target: number,
  remembered?: MatchedScale,
): { book: BookResult; scale: number; measured: number } {
  if (remembered !== undefined && remembered.target === target) {
    const book = runAt(remembered.scale);
    const measured = measure(book);
    if (measured === remembered.measured) return { book, scale: remembered.scale, measured };
  }
  let scale = 1;
  let book = runAt(scale);
  let measured = measure(book);
  let best = { book, scale, measured };
  let below: { scale: number; measured: number } | null = null;
  let above: { scale: number; measured: number } | null = null;
  for (let k = 0; k < 8 && Math.abs(measured / target - 1) >= MATCH_TOLERANCE; k++) {
    if (measured < target) below = below && below.scale > scale ? below : { scale, measured };
    else above = above && above.scale < scale ? above : { scale, measured };
    let next: number;
    if (below && above && above.measured > below.measured)
      next =
        below.scale +
        ((target - below.measured) / (above.measured - below.measured)) * (above.scale - below.scale);
    else if (measured > 0) next = (scale * target) / measured;
    else next = scale * 4;
    if (!(Number.isFinite(next) && next > 0) || Math.abs(next / scale - 1) < 1e-6 || next > 1e4) break;
    scale = next;
    book = runAt(scale);
    measured = measure(book);
    if (Math.abs(measured - target) < Math.abs(best.measured - target)) best = { book, scale, measured };
  }
  return best;
}

/** A run of `books` over panel indices start..end (the reference series the analytics need beside them). */
export function runOfBooks(
  panel: Panel,
  start: number,
  end: number,
  books: BookResult[],
  hedged: string,
  unhedged: string,
): BacktestRun {
  return {
    panelDescription: panel.description,
    dataFingerprint: panel.fingerprint,
    source: panel.source,
    from: panel.dates[start],
    to: panel.dates[end],
    spxClose: panel.series.spxClose.slice(start, end + 1),
    rateAnnual: panel.series.rateAnnual.slice(start, end + 1),
    books,
    unhedged,
    hedged,
    ...(panel.modelled === undefined ? {} : { modelled: panel.modelled }),
  };
}

export function runBacktest(
  panel: Panel,
  main: LoadedStrategy,
  baselines: readonly LoadedStrategy[],
  opts: BacktestOptions = {},
): BacktestOutcome {
  for (const base of baselines) checkBaselineCore(main, base);
  const notes: string[] = [];
  const strategy = main.strategy;
  const match = opts.match ?? 'spend';
  const signals = computeSignals(panel, strategy.signals);
  const indexDividends = strategy.option_dividend_yield === 'index';
  const levelKey = JSON.stringify([panel.fingerprint, panel.n, indexDividends]);
  const givenLevels = opts.smileLevelMemo?.recall(levelKey);
  const market = new MarketContext(panel, { indexDividends, smileLevels: givenLevels });

  const { first, start, end, inputs } = runWindow(
    panel,
    signals,
    strategy,
    opts,
    baselines.map((b) => b.strategy),
  );
  notes.push(
    `run ${panel.dates[start]} .. ${panel.dates[end]} (${end - start + 1} trading days); the data allow trading from ${panel.dates[first]} (first day with ${inputs})`,
  );

  const totalBooks = 2 + baselines.length;
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
      quotes: opts.quotes,
    });
  const tick = (name: string): void => opts.onBook?.(name, ++done, totalBooks);

  const mainBook = run(strategy, 1, 1, main.hash);
  tick(mainBook.name);
  if (mainBook.pricing) notes.push(pricingNote(mainBook.name, mainBook.pricing));
  const unhedged = unhedgedOf(strategy);
  const unhedgedBook = run(unhedged, 1, 1, strategyHash(unhedged));
  tick(unhedgedBook.name);
  const runOf = (book: BookResult): BacktestRun =>
    runOfBooks(panel, start, end, [book], book.name, book.name);
  const costOf = (book: BookResult): number =>
    opts.hedgeCost ? opts.hedgeCost(book, runOf(book)) : yearlyHedgeCost(book);
  const spendOf = (book: BookResult): number => yearlySpendRate(book, 'hedgeSpend');
  const creditRateOf = (book: BookResult): number => yearlySpendRate(book, 'coreCredit');

  const mainSpend = spendOf(mainBook);
  const mainCost = costOf(mainBook);
  // The size-cut baseline gives up the share of its condor credit that the main book pays for its hedges.
  const mainCredit = total(mainBook.coreCredit);
  const creditShare = mainCredit > 0 ? total(mainBook.hedgeSpend) / mainCredit : 0;
  notes.push(
    `main book: hedge spend ${pct(mainSpend)} of equity a year (net opening premium; ${pct(creditShare)} of its condor credit), hedge cost ${pct(mainCost)} a year (sleeve net P&L over equity)`,
  );
  const matchesOn = match === 'spend' ? 'spend' : 'hedge cost';
  const target = match === 'spend' ? mainSpend : mainCost;
  const measure = match === 'spend' ? spendOf : costOf;
  if (baselines.length > 0)
    notes.push(
      match === 'none'
        ? 'baselines at their preset sizes (--match none)'
        : `baselines matched on ${matchesOn} (--match ${match}): target ${pct(target)} of equity a year`,
    );

  // Chains carry no fingerprint a key could name: runs priced from quotes always search.
  const memo = opts.quotes === undefined ? opts.scaleMemo : undefined;
  const matchVia = (
    key: readonly string[],
    runAt: (scale: number) => BookResult,
    measureOf: (book: BookResult) => number,
    goal: number,
  ): ReturnType<typeof matchScale> => {
    const memoKey = JSON.stringify([
      main.hash,
      panel.fingerprint,
      panel.dates[start],
      panel.dates[end],
      match,
      opts.hedgeCost === undefined ? 'engine-cost' : 'given-cost',
      ...key,
    ]);
    const remembered = memo?.recall(memoKey);
    const matched = matchScale(runAt, measureOf, goal, remembered);
    const found = { scale: matched.scale, target: goal, measured: matched.measured };
    const same =
      remembered !== undefined &&
      remembered.scale === found.scale &&
      remembered.target === found.target &&
      remembered.measured === found.measured;
    if (memo && !same && [goal, matched.measured].every(Number.isFinite)) memo.remember(memoKey, found);
    return matched;
  };

  const books: BookResult[] = [mainBook, unhedgedBook];
  for (const base of baselines) {
    const s = baselineOn(strategy, base.strategy);
    const hash = strategyHash(s);
    const cutsSize = s.condor.size_factor === 'match_spend';
    const scalesLayers = s.layers.some((l) => l.match_spend);
    let book: BookResult;
    if (match === 'none' || !(cutsSize || scalesLayers)) {
      book = run(s, 1, 1, hash);
    } else if (!(target > 0)) {
      // Spend: the main book paid nothing net for its hedges. Cost (an option): its hedge made money.
      book = run(s, 1, 1, hash);
      notes.push(
        `${s.name}: the main book's ${matchesOn} is ${pct(target)} a year, nothing to match; run at preset size`,
      );
    } else if (cutsSize) {
      const unhedgedRate = creditRateOf(unhedgedBook);
      if (match === 'spend') {
        // Keep the share of the unhedged book's yearly credit that the main book keeps after its hedges.
        const keptRate = (b: BookResult): number => (unhedgedRate > 0 ? creditRateOf(b) / unhedgedRate : 1);
        const matched = matchVia(
          [hash, 'size'],
          (f) => run(s, 1, f, hash),
          keptRate,
          Math.max(1 - creditShare, 0),
        );
        book = matched.book;
        notes.push(
          `${s.name}: condor size x${matched.scale.toFixed(4)}; its credit is ${pct(creditRateOf(book))} of equity a year against the unhedged book's ${pct(unhedgedRate)}: ${pct(1 - matched.measured)} of the credit given up (target ${pct(creditShare)}, the main book's hedge spend as a share of its condor credit)`,
        );
      } else {
        const factor = unhedgedRate > 0 ? Math.min(1, Math.max(0, 1 - target / unhedgedRate)) : 1;
        book = run(s, 1, factor, hash);
        notes.push(
          `${s.name}: condor size x${factor.toFixed(4)} gives up ${pct(target)} of equity a year of the unhedged book's ${pct(unhedgedRate)} yearly credit (measured: ${pct(unhedgedRate - creditRateOf(book))})`,
        );
      }
    } else {
      const matched = matchVia([hash, 'budget'], (scale) => run(s, scale, 1, hash), measure, target);
      book = matched.book;
      notes.push(
        `${s.name}: hedge budget x${matched.scale.toFixed(4)} for a ${matchesOn} of ${pct(matched.measured)} a year (target ${pct(target)}, off by ${pct(Math.abs(matched.measured - target))})${matched.measured > 0 ? '' : ': the baseline spent nothing, no match possible'}`,
      );
    }
    books.push(book);
    tick(book.name);
  }

  const carried = new Set<string>();
  for (const b of books) for (const d of b.carriedOpenSettlements ?? []) carried.add(d);
  if (carried.size > 0) {
    const days = [...carried].sort();
    notes.push(
      `AM settlement on the previous close: on ${days.length} expiration day(s) of this run the SPX open equals the previous close exactly (the data had no opening print), so AM-settled legs settled on the previous close: ${days.join(', ')}`,
    );
  }
  for (const b of books) for (const n of b.notes ?? []) notes.push(`${b.name} book, ${n}`);
  if (opts.smileLevelMemo) {
    const solved = market.solvedSmileLevels();
    if (givenLevels === undefined || solvedDays(solved) > solvedDays(givenLevels))
      opts.smileLevelMemo.remember(levelKey, solved);
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
