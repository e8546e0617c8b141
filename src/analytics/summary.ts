// Everything a backtest run reports, as one plain JSON-serialisable object: fixed key order, numbers
// rounded to a fixed precision and non-finite values as null, so summary.json is byte-stable.
import type { BacktestRun } from '../engine/result.js';
import {
  checkClaims,
  DEFAULT_CLAIM_TOLERANCES,
  publishedClaims,
  type ClaimCheck,
  type ClaimTolerances,
} from './claims.js';
import {
  bookMetrics,
  compareToUnhedged,
  DEFAULT_METRICS_OPTIONS,
  type BookMetrics,
  type MetricsOptions,
} from './metrics.js';
import { STRESS_WINDOWS, stressWindows, type StressCoverage, type StressWindow } from './stress.js';
import { bookTradeStats, roundTrips, type TradeStats } from './trades.js';
import { yearByYear } from './yearly.js';

export interface SummaryOptions {
  metrics: MetricsOptions;
  claimTolerances: ClaimTolerances;
  stressWindows: readonly StressWindow[];
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  metrics: DEFAULT_METRICS_OPTIONS,
  claimTolerances: DEFAULT_CLAIM_TOLERANCES,
  stressWindows: STRESS_WINDOWS,
};

type Num = number | null;

export interface BookSummary {
  name: string;
  title: string;
  startEquity: Num;
  endEquity: Num;
  totalReturn: Num;
  cagr: Num;
  volatility: Num;
  sharpe: Num;
  sortino: Num;
  calmar: Num;
  ulcer: Num;
  maxDrawdown: { depth: Num; peakDate: string; troughDate: string; recoveryDate: string | null };
  /** Against the run's unhedged book (0 for that book itself). */
  drawdownReduction: Num;
  cagrVsUnhedged: Num;
  longestUnderwater: { days: number; tradingDays: number; from: string; to: string | null };
  shareUnderwater: Num;
  worstMonth: { month: string; ret: Num } | null;
  hedgeCost: {
    allYears: Num;
    calmYears: Num;
    years: { year: string; sleevePnl: Num; avgEquity: Num; cost: Num; weight: Num; severe: boolean }[];
  } | null;
  monthsCredited: { cash: MonthCreditSummary; mtm: MonthCreditSummary } | null;
}

export interface MonthCreditSummary {
  credited: number;
  considered: number;
  idle: number;
  share: Num;
}

export interface AttributionSummary {
  book: string;
  coreMtmPnl: Num;
  interest: Num;
  sleeveMtmPnl: Num;
  layers: {
    layer: string;
    mtmPnl: Num;
    cashFlow: Num;
    activeDays: number;
    byYear: { year: string; mtmPnl: Num; cashFlow: Num }[];
  }[];
}

export interface StressSummary {
  id: string;
  name: string;
  from: string;
  to: string;
  coverage: StressCoverage;
  firstDate: string | null;
  lastDate: string | null;
  spxReturn: Num;
  books: { book: string; ret: Num; maxDrawdown: Num; sleevePnl: Num; sleevePnlPct: Num }[];
}

export interface YearSummary {
  year: string;
  days: number;
  spxReturn: Num;
  spxDrawdown: Num;
  spxSevere: boolean;
  books: { book: string; ret: Num; maxDrawdown: Num; sleevePnlPct: Num }[];
}

export interface TradeStatsSummary {
  count: number;
  wins: number;
  winRate: Num;
  avgWin: Num;
  avgLoss: Num;
  largestLoss: Num;
  totalPnl: Num;
  avgDaysHeld: Num;
}

/** Round trips of one book (closed ones; those open at the end apart): all, per sleeve, exit and year. */
export interface TradesSummary {
  book: string;
  all: TradeStatsSummary;
  openAtEnd: { count: number; pnl: Num };
  bySleeve: ({ sleeve: string } & TradeStatsSummary)[];
  byExit: ({ sleeve: string; exit: string } & TradeStatsSummary)[];
  byYear: ({ year: string } & TradeStatsSummary)[];
}

export interface RunSummary {
  run: {
    source: 'real' | 'synthetic';
    from: string;
    to: string;
    days: number;
    panelDescription: string;
    dataFingerprint: string;
    hedged: string;
    unhedged: string;
  };
  settings: MetricsOptions & { claimTolerances: ClaimTolerances };
  books: BookSummary[];
  claims: ClaimCheck[];
  attribution: AttributionSummary[];
  stress: StressSummary[];
  yearly: YearSummary[];
  trades: TradesSummary[];
}

function round(x: number | null | undefined, decimals: number): Num {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toFixed(decimals)) + 0; // + 0 turns -0 into 0
}
/** Fractions (returns, drawdowns, shares): 6 decimals = 0.0001%. Studies report with the same precision. */
export const frac = (x: number | null | undefined): Num => round(x, 6);
/** Dollars: cents. */
const usd = (x: number | null | undefined): Num => round(x, 2);
/** Ratios (Sharpe, Sortino, Calmar): 4 decimals. */
export const ratio = (x: number | null | undefined): Num => round(x, 4);

function bookSummary(m: BookMetrics, unhedged: BookMetrics | undefined): BookSummary {
  const cmp = unhedged ? compareToUnhedged(m, unhedged) : null;
  const credit = (c: {
    credited: number;
    considered: number;
    idle: number;
    share: number | null;
  }): MonthCreditSummary => ({
    credited: c.credited,
    considered: c.considered,
    idle: c.idle,
    share: frac(c.share),
  });
  return {
    name: m.name,
    title: m.title,
    startEquity: usd(m.startEquity),
    endEquity: usd(m.endEquity),
    totalReturn: frac(m.totalReturn),
    cagr: frac(m.cagr),
    volatility: frac(m.volatility),
    sharpe: ratio(m.sharpe),
    sortino: ratio(m.sortino),
    calmar: ratio(m.calmar),
    ulcer: frac(m.ulcer),
    maxDrawdown: {
      depth: frac(m.maxDrawdown.depth),
      peakDate: m.maxDrawdown.peakDate,
      troughDate: m.maxDrawdown.troughDate,
      recoveryDate: m.maxDrawdown.recoveryDate,
    },
    drawdownReduction: frac(cmp?.drawdownReduction),
    cagrVsUnhedged: frac(cmp?.cagrDifference),
    longestUnderwater: {
      days: m.longestUnderwater.days,
      tradingDays: m.longestUnderwater.tradingDays,
      from: m.longestUnderwater.from,
      to: m.longestUnderwater.to,
    },
    shareUnderwater: frac(m.shareUnderwater),
    worstMonth: m.worstMonth ? { month: m.worstMonth.month, ret: frac(m.worstMonth.ret) } : null,
    hedgeCost: m.hedgeCost
      ? {
          allYears: frac(m.hedgeCost.allYears),
          calmYears: frac(m.hedgeCost.calmYears),
          years: m.hedgeCost.years.map((y) => ({
            year: y.year,
            sleevePnl: usd(y.sleevePnl),
            avgEquity: usd(y.avgEquity),
            cost: frac(y.cost),
            weight: frac(y.weight),
            severe: y.severe,
          })),
        }
      : null,
    monthsCredited: m.monthsCredited
      ? { cash: credit(m.monthsCredited.cash), mtm: credit(m.monthsCredited.mtm) }
      : null,
  };
}

function attributionSummary(m: BookMetrics): AttributionSummary {
  return {
    book: m.name,
    coreMtmPnl: usd(m.attribution.coreMtmPnl),
    interest: usd(m.attribution.interest),
    sleeveMtmPnl: usd(m.attribution.sleeveMtmPnl),
    layers: m.attribution.layers.map((l) => ({
      layer: l.layer,
      mtmPnl: usd(l.mtmPnl),
      cashFlow: usd(l.cashFlow),
      activeDays: l.activeDays,
      byYear: l.byYear.map((y) => ({ year: y.year, mtmPnl: usd(y.mtmPnl), cashFlow: usd(y.cashFlow) })),
    })),
  };
}

function tradeStatsSummary(t: TradeStats): TradeStatsSummary {
  return {
    count: t.count,
    wins: t.wins,
    winRate: frac(t.winRate),
    avgWin: usd(t.avgWin),
    avgLoss: usd(t.avgLoss),
    largestLoss: usd(t.largestLoss),
    totalPnl: usd(t.totalPnl),
    avgDaysHeld: round(t.avgDaysHeld, 1),
  };
}

function tradesSummary(run: BacktestRun): TradesSummary[] {
  return run.books.map((b) => {
    const s = bookTradeStats(b.name, roundTrips(b));
    return {
      book: s.book,
      all: tradeStatsSummary(s.all),
      openAtEnd: { count: s.openAtEnd.count, pnl: usd(s.openAtEnd.pnl) },
      bySleeve: s.bySleeve.map((x) => ({ sleeve: x.sleeve, ...tradeStatsSummary(x) })),
      byExit: s.byExit.map((x) => ({ sleeve: x.sleeve, exit: x.exit, ...tradeStatsSummary(x) })),
      byYear: s.byYear.map((x) => ({ year: x.year, ...tradeStatsSummary(x) })),
    };
  });
}

export function summarizeRun(run: BacktestRun, opts: SummaryOptions = DEFAULT_SUMMARY_OPTIONS): RunSummary {
  const metrics = run.books.map((b) => bookMetrics(b, run, opts.metrics));
  const unhedged = metrics.find((m) => m.name === run.unhedged);
  const m = opts.metrics;
  return {
    run: {
      source: run.source,
      from: run.from,
      to: run.to,
      days: run.books.length > 0 ? run.books[0].dates.length : 0,
      panelDescription: run.panelDescription,
      dataFingerprint: run.dataFingerprint,
      hedged: run.hedged,
      unhedged: run.unhedged,
    },
    settings: {
      periodsPerYear: m.periodsPerYear,
      yearBasis: m.yearBasis,
      spxDrawdownThreshold: m.spxDrawdownThreshold,
      spxDrawdownMode: m.spxDrawdownMode,
      idleMonths: m.idleMonths,
      partialYears: m.partialYears,
      creditEpsilonDollars: m.creditEpsilonDollars,
      claimTolerances: {
        drawdown: opts.claimTolerances.drawdown,
        cost: opts.claimTolerances.cost,
        months: opts.claimTolerances.months,
      },
    },
    books: metrics.map((b) => bookSummary(b, unhedged)),
    claims: checkClaims(run, metrics, publishedClaims(opts.claimTolerances)),
    attribution: metrics.map(attributionSummary),
    stress: stressWindows(run, opts.stressWindows).map((s) => ({
      id: s.id,
      name: s.name,
      from: s.from,
      to: s.to,
      coverage: s.coverage,
      firstDate: s.firstDate,
      lastDate: s.lastDate,
      spxReturn: frac(s.spxReturn),
      books: s.books.map((b) => ({
        book: b.book,
        ret: frac(b.ret),
        maxDrawdown: frac(b.maxDrawdown),
        sleevePnl: usd(b.sleevePnl),
        sleevePnlPct: frac(b.sleevePnlPct),
      })),
    })),
    yearly: yearByYear(run, opts.metrics).map((y) => ({
      year: y.year,
      days: y.days,
      spxReturn: frac(y.spxReturn),
      spxDrawdown: frac(y.spxDrawdown),
      spxSevere: y.spxSevere,
      books: y.books.map((b) => ({
        book: b.book,
        ret: frac(b.ret),
        maxDrawdown: frac(b.maxDrawdown),
        sleevePnlPct: frac(b.sleevePnlPct),
      })),
    })),
    trades: tradesSummary(run),
  };
}
