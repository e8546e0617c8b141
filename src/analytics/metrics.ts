// Per-book performance metrics of a backtest run: returns, risk ratios, drawdowns, the hedge sleeve's
// yearly cost, the months it was net credited and the P&L of each layer. Definitions: docs/metrics.md.
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import type { BacktestRun, BookResult } from '../engine/result.js';
import {
  longestUnderwater,
  maxDrawdown,
  shareUnderwater,
  ulcerIndex,
  type MaxDrawdown,
  type Underwater,
} from './drawdown.js';
import {
  dayNumbersOf,
  meanRange,
  periodsBy,
  rangeMaxDrawdown,
  rangeReturn,
  sleeveActive,
  sleeveDaily,
  sumRange,
  validateBook,
  type Period,
} from './periods.js';

export interface MetricsOptions {
  /** Trading days per year for annualising daily volatility, Sharpe and Sortino. */
  periodsPerYear: number;
  /** Years in CAGR: 'calendar' = calendar days / 365.25; 'trading' = daily returns / periodsPerYear. */
  yearBasis: 'calendar' | 'trading';
  /** A year 'with an SPX drawdown' has a fall of at least this fraction. */
  spxDrawdownThreshold: number;
  /** 'within-year': peak and trough both inside the calendar year; 'running-peak': from the run's running high. */
  spxDrawdownMode: 'within-year' | 'running-peak';
  /** Months in which the sleeve held nothing and moved no cash: left out of the share, or counted as not credited. */
  idleMonths: 'exclude' | 'not-credited';
  /** Averaging yearly costs: 'weighted' = sum of costs / sum of year weights (partial edge years weigh their share); 'equal' = plain mean. */
  partialYears: 'weighted' | 'equal';
  /** A month is credited when its sleeve P&L exceeds this many dollars (guards against float dust around 0). */
  creditEpsilonDollars: number;
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = {
  periodsPerYear: 252,
  yearBasis: 'calendar',
  spxDrawdownThreshold: 0.2,
  spxDrawdownMode: 'within-year',
  idleMonths: 'exclude',
  partialYears: 'weighted',
  creditEpsilonDollars: 0.005,
};

export interface SpxYear {
  year: string;
  /** SPX return over the year, from the close before it (or the run's first close). */
  spxReturn: number;
  /** SPX drawdown measured as the options say (positive fraction). */
  spxDrawdown: number;
  /** True when spxDrawdown reached the threshold. */
  severe: boolean;
}

export interface YearCost {
  year: string;
  /** Sleeve mark-to-market P&L over the year, dollars (positive = gain). */
  sleevePnl: number;
  avgEquity: number;
  /** -sleevePnl / avgEquity: positive = the sleeve cost money. */
  cost: number;
  /** Share of the year the run covers (1 for every year but possibly the first and last). */
  weight: number;
  severe: boolean;
}

export interface HedgeCost {
  /** Average yearly cost over all years (fraction of average equity; positive = cost); null without years. */
  allYears: number | null;
  /** The same over years without an SPX drawdown at the threshold; null when every year had one. */
  calmYears: number | null;
  years: YearCost[];
}

export interface MonthCredit {
  /** Months with sleeve net P&L above the epsilon. */
  credited: number;
  /** Months that enter the share (all months, less idle ones when idleMonths = 'exclude'). */
  considered: number;
  /** Months in which the sleeve held nothing at any close and moved no cash. */
  idle: number;
  /** credited / considered; null when no month is considered. */
  share: number | null;
}

export interface LayerAttribution {
  layer: string;
  /** Total mark-to-market and cash-flow P&L, dollars. */
  mtmPnl: number;
  cashFlow: number;
  /** Closes with a position held. */
  activeDays: number;
  byYear: { year: string; mtmPnl: number; cashFlow: number }[];
}

export interface Attribution {
  /** Total P&L of the core condor book, of interest on cash, and of the whole sleeve (dollars). */
  coreMtmPnl: number;
  interest: number;
  sleeveMtmPnl: number;
  layers: LayerAttribution[];
}

export interface BookMetrics {
  name: string;
  title: string;
  startEquity: number;
  endEquity: number;
  totalReturn: number;
  cagr: number;
  /** Annualised standard deviation of daily returns. */
  volatility: number;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  ulcer: number;
  maxDrawdown: MaxDrawdown;
  longestUnderwater: Underwater;
  /** Share of closes below the running peak. */
  shareUnderwater: number;
  worstMonth: { month: string; ret: number } | null;
  /** Null for a book without hedge layers. */
  hedgeCost: HedgeCost | null;
  monthsCredited: { cash: MonthCredit; mtm: MonthCredit } | null;
  attribution: Attribution;
}

export interface UnhedgedComparison {
  /** 1 - DD(hedged) / DD(unhedged); null when the unhedged book never fell. */
  drawdownReduction: number | null;
  /** CAGR(hedged) - CAGR(unhedged). */
  cagrDifference: number;
}

function checkRunAlignment(book: BookResult, run: BacktestRun): void {
  validateBook(book);
  const n = book.dates.length;
  if (run.spxClose.length !== n || run.rateAnnual.length !== n) {
    throw new UserError(
      `book '${book.name}': expected run.spxClose and run.rateAnnual to have ${n} values like the book's dates, found ${run.spxClose.length} and ${run.rateAnnual.length}`,
    );
  }
}

/** Yearly SPX return and drawdown classification over the run's dates. */
export function spxYears(
  run: BacktestRun,
  dates: readonly string[],
  opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
): SpxYear[] {
  const spx = run.spxClose;
  const running = new Float64Array(spx.length);
  let peak = -Infinity;
  for (let t = 0; t < spx.length; t++) {
    if (Number.isFinite(spx[t]) && spx[t] > peak) peak = spx[t];
    running[t] = peak > 0 && Number.isFinite(spx[t]) ? 1 - spx[t] / peak : 0;
  }
  return periodsBy(dates, 4).map((p) => {
    let dd: number;
    if (opts.spxDrawdownMode === 'within-year') dd = rangeMaxDrawdown(spx, p.start, p.end);
    else {
      dd = 0;
      for (let t = p.start; t <= p.end; t++) dd = Math.max(dd, running[t]);
    }
    return {
      year: p.key,
      spxReturn: rangeReturn(spx, p.start, p.end),
      spxDrawdown: dd,
      severe: dd >= opts.spxDrawdownThreshold,
    };
  });
}

/** Daily simple returns r_t = E_t / E_{t-1} - 1 and the cash return over the same interval. */
function dailyExcess(book: BookResult, run: BacktestRun): { returns: Float64Array; excess: Float64Array } {
  const n = book.equity.length;
  const returns = new Float64Array(Math.max(0, n - 1));
  const excess = new Float64Array(returns.length);
  let rate = 0;
  const days = dayNumbersOf(book.dates);
  let prevDay = days[0];
  for (let t = 1; t < n; t++) {
    const day = days[t];
    // The rate known at the previous close earns over the calendar days to this close (ACT/365, continuous).
    if (Number.isFinite(run.rateAnnual[t - 1])) rate = run.rateAnnual[t - 1];
    const rf = Math.expm1((rate * (day - prevDay)) / 365);
    const r = book.equity[t - 1] > 0 ? book.equity[t] / book.equity[t - 1] - 1 : 0;
    returns[t - 1] = r;
    excess[t - 1] = r - rf;
    prevDay = day;
  }
  return { returns, excess };
}

export function mean(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length > 0 ? s / xs.length : NaN;
}

/** Sample standard deviation (n - 1). */
function stdev(xs: Float64Array): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) * (xs[i] - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** A ratio whose denominator is zero (or not finite) is undefined: null, never Infinity. */
function ratio(num: number, den: number): number | null {
  return Number.isFinite(num) && Number.isFinite(den) && den > 1e-15 ? num / den : null;
}

export function cagrOf(
  equity: Float64Array,
  dates: readonly string[],
  opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
): number {
  const n = equity.length;
  const years =
    opts.yearBasis === 'calendar'
      ? (isoToDay(dates[n - 1]) - isoToDay(dates[0])) / 365.25
      : (n - 1) / opts.periodsPerYear;
  if (!(years > 0) || !(equity[0] > 0)) return 0;
  const growth = equity[n - 1] / equity[0];
  return growth > 0 ? Math.pow(growth, 1 / years) - 1 : -1;
}

function monthlyReturns(equity: Float64Array, months: Period[]): { month: string; ret: number }[] {
  return months.map((m) => ({ month: m.key, ret: rangeReturn(equity, m.start, m.end) }));
}

function daysInYear(year: number): number {
  return isoToDay(`${year + 1}-01-01`) - isoToDay(`${year}-01-01`);
}

/** Share of a calendar year the run covers: 1 for inner years; the edge years by calendar days. */
function yearWeight(dates: readonly string[], years: Period[], k: number): number {
  if (k > 0 && k < years.length - 1) return 1;
  const p = years[k];
  const from = p.start > 0 ? isoToDay(dates[p.start - 1]) : isoToDay(dates[p.start]);
  const span = isoToDay(dates[p.end]) - from;
  return Math.min(1, span / daysInYear(Number(p.key)));
}

function averageCost(years: YearCost[], opts: MetricsOptions): number | null {
  if (years.length === 0) return null;
  let sum = 0;
  let weight = 0;
  for (const y of years) {
    sum += y.cost;
    weight += opts.partialYears === 'weighted' ? y.weight : 1;
  }
  return weight > 0 ? sum / weight : null;
}

function hedgeCostOf(
  book: BookResult,
  sleeveMtm: Float64Array,
  spx: SpxYear[],
  opts: MetricsOptions,
): HedgeCost {
  const years = periodsBy(book.dates, 4);
  const rows: YearCost[] = years.map((p, k) => {
    const sleevePnl = sumRange(sleeveMtm, p.start, p.end);
    const avgEquity = meanRange(book.equity, p.start, p.end);
    return {
      year: p.key,
      sleevePnl,
      avgEquity,
      cost: -sleevePnl / avgEquity,
      weight: yearWeight(book.dates, years, k),
      severe: spx[k].severe,
    };
  });
  return {
    allYears: averageCost(rows, opts),
    calmYears: averageCost(
      rows.filter((r) => !r.severe),
      opts,
    ),
    years: rows,
  };
}

function monthCredit(
  pnl: Float64Array,
  months: Period[],
  idle: boolean[],
  opts: MetricsOptions,
): MonthCredit {
  let credited = 0;
  let considered = 0;
  let idleCount = 0;
  months.forEach((m, k) => {
    if (idle[k]) {
      idleCount++;
      if (opts.idleMonths === 'exclude') return;
    }
    considered++;
    if (sumRange(pnl, m.start, m.end) > opts.creditEpsilonDollars) credited++;
  });
  return { credited, considered, idle: idleCount, share: considered > 0 ? credited / considered : null };
}

function idleMonths(active: Uint8Array, cash: Float64Array, mtm: Float64Array, months: Period[]): boolean[] {
  return months.map((m) => {
    for (let t = m.start; t <= m.end; t++) if (active[t] !== 0 || cash[t] !== 0 || mtm[t] !== 0) return false;
    return true;
  });
}

function attributionOf(book: BookResult, sleeveMtm: Float64Array): Attribution {
  const years = periodsBy(book.dates, 4);
  const n = book.dates.length;
  const layers = Object.entries(book.layers).map(([layer, s]) => {
    let activeDays = 0;
    for (let t = 0; t < n; t++) activeDays += s.active[t];
    return {
      layer,
      mtmPnl: sumRange(s.mtmPnl, 0, n - 1),
      cashFlow: sumRange(s.cashFlow, 0, n - 1),
      activeDays,
      byYear: years.map((p) => ({
        year: p.key,
        mtmPnl: sumRange(s.mtmPnl, p.start, p.end),
        cashFlow: sumRange(s.cashFlow, p.start, p.end),
      })),
    };
  });
  return {
    coreMtmPnl: book.coreMtmPnl.length === n ? sumRange(book.coreMtmPnl, 0, n - 1) : NaN,
    interest: book.interest.length === n ? sumRange(book.interest, 0, n - 1) : NaN,
    sleeveMtmPnl: sumRange(sleeveMtm, 0, n - 1),
    layers,
  };
}

/**
 * The yearly hedge cost `bookMetrics` reports (null for a book without layers), without the other metrics:
 * what baselines are matched on, for the main book and each try of a search.
 */
export function bookHedgeCost(
  book: BookResult,
  run: BacktestRun,
  opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
): HedgeCost | null {
  checkRunAlignment(book, run);
  if (Object.keys(book.layers).length === 0) return null;
  return hedgeCostOf(book, sleeveDaily(book, 'mtmPnl'), spxYears(run, book.dates, opts), opts);
}

export function bookMetrics(
  book: BookResult,
  run: BacktestRun,
  opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
): BookMetrics {
  checkRunAlignment(book, run);
  const { equity, dates } = book;
  const n = equity.length;
  const { returns, excess } = dailyExcess(book, run);
  const annual = Math.sqrt(opts.periodsPerYear);
  let downside = 0;
  for (let i = 0; i < excess.length; i++) if (excess[i] < 0) downside += excess[i] * excess[i];
  const downsideDev = excess.length > 0 ? Math.sqrt(downside / excess.length) : NaN;
  const meanExcess = mean(excess);
  const sharpeDaily = ratio(meanExcess, stdev(excess));
  const sortinoDaily = ratio(meanExcess, downsideDev);
  const cagr = cagrOf(equity, dates, opts);
  const dd = maxDrawdown(equity, dates);
  const months = periodsBy(dates, 7);
  const monthRets = monthlyReturns(equity, months);
  let worstMonth: { month: string; ret: number } | null = null;
  for (const m of monthRets) if (worstMonth === null || m.ret < worstMonth.ret) worstMonth = m;

  const hasSleeve = Object.keys(book.layers).length > 0;
  const sleeveMtm = sleeveDaily(book, 'mtmPnl');
  const sleeveCash = sleeveDaily(book, 'cashFlow');
  let monthsCredited: BookMetrics['monthsCredited'] = null;
  let hedgeCost: HedgeCost | null = null;
  if (hasSleeve) {
    const idle = idleMonths(sleeveActive(book), sleeveCash, sleeveMtm, months);
    monthsCredited = {
      cash: monthCredit(sleeveCash, months, idle, opts),
      mtm: monthCredit(sleeveMtm, months, idle, opts),
    };
    hedgeCost = hedgeCostOf(book, sleeveMtm, spxYears(run, dates, opts), opts);
  }
  return {
    name: book.name,
    title: book.title,
    startEquity: equity[0],
    endEquity: equity[n - 1],
    totalReturn: equity[n - 1] / equity[0] - 1,
    cagr,
    volatility: returns.length >= 2 ? stdev(returns) * annual : 0,
    sharpe: sharpeDaily === null ? null : sharpeDaily * annual,
    sortino: sortinoDaily === null ? null : sortinoDaily * annual,
    calmar: ratio(cagr, dd.depth),
    ulcer: ulcerIndex(equity),
    maxDrawdown: dd,
    longestUnderwater: longestUnderwater(equity, dates),
    shareUnderwater: shareUnderwater(equity),
    worstMonth,
    hedgeCost,
    monthsCredited,
    attribution: attributionOf(book, sleeveMtm),
  };
}

export function compareToUnhedged(hedged: BookMetrics, unhedged: BookMetrics): UnhedgedComparison {
  const u = unhedged.maxDrawdown.depth;
  return {
    drawdownReduction: u > 0 ? 1 - hedged.maxDrawdown.depth / u : null,
    cagrDifference: hedged.cagr - unhedged.cagr,
  };
}
