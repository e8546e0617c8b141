// The claim metrics and headline figures of one return series over a range of days, rebuilt from the daily
// returns arrays of the study contract (for walk-forward windows and chained out-of-sample years), in plain
// loops over a calendar built once. Definitions follow docs/metrics.md; the differences are in
// docs/studies-statistics.md.
import { isoToDay } from '../../core/dates.js';

/** Day numbers, years and months of a run's closes, precomputed so window loops never touch strings. */
export interface StudyCalendar {
  dates: readonly string[];
  day: Int32Array;
  year: Int32Array;
  /** year * 12 + month - 1. */
  month: Int32Array;
}

export function studyCalendar(dates: readonly string[]): StudyCalendar {
  const n = dates.length;
  const day = new Int32Array(n);
  const year = new Int32Array(n);
  const month = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    day[t] = isoToDay(dates[t]);
    year[t] = Number(dates[t].slice(0, 4));
    month[t] = year[t] * 12 + Number(dates[t].slice(5, 7)) - 1;
  }
  return { dates, day, year, month };
}

/** The three daily series of one configuration (or of a chain of them); index i is the move into close i + 1. */
export interface DailySeries {
  returns: ArrayLike<number>;
  unhedgedReturns: ArrayLike<number>;
  sleeveReturns: ArrayLike<number>;
}

export interface WindowMetrics {
  /** First close (the base) and last close of the window. */
  from: string;
  to: string;
  /** Daily returns in the window. */
  days: number;
  cagr: number;
  max_drawdown: number;
  /** Annualised mean / sd of daily returns (less the risk-free return when one is given). */
  sharpe: number | null;
  volatility: number;
  unhedged_cagr: number;
  unhedged_max_drawdown: number;
  /** 1 - maxDD(hedged) / maxDD(unhedged); null when the unhedged core never fell in the window. */
  drawdown_reduction: number | null;
  /** Sleeve mark-to-market P&L per year over average equity (+ = cost), partial years weighted; null without days. */
  hedge_cost: number | null;
  /** Share of months with sleeve P&L > 0 among months in which the sleeve moved at all; null when none did. */
  months_credited_mtm: number | null;
}

export interface WindowOptions {
  periodsPerYear: number;
  /** Per-period risk-free return, same indexing as the returns; the Sharpe ratio is then of excess returns. */
  riskFree?: ArrayLike<number>;
}

/** A month is credited when its sleeve P&L exceeds this share of the window's starting equity (float dust). */
const CREDIT_EPSILON = 1e-9;

function daysInYear(year: number): number {
  return isoToDay(`${year + 1}-01-01`) - isoToDay(`${year}-01-01`);
}

/** Deepest fall of the compounded path of xs[a..b), starting at 1 (the close before the window). */
export function pathDrawdown(
  xs: ArrayLike<number>,
  a: number,
  b: number,
): { growth: number; maxDrawdown: number } {
  let e = 1;
  let peak = 1;
  let worst = 0;
  for (let i = a; i < b; i++) {
    e *= 1 + xs[i];
    if (e > peak) peak = e;
    else if (peak > 0) {
      const dd = 1 - e / peak;
      if (dd > worst) worst = dd;
    }
  }
  return { growth: e, maxDrawdown: worst };
}

function cagrOver(growth: number, years: number): number {
  if (!(years > 0)) return 0;
  return growth > 0 ? Math.pow(growth, 1 / years) - 1 : -1;
}

/**
 * Hedge cost per year and the share of months credited over the closes a..b (returns a..b-1), as the
 * backtest's metrics define them on a run of those closes: yearly cost = -(sleeve P&L) / (mean equity
 * close), edge years weighted by the calendar days they cover; idle months (no sleeve move) left out.
 */
function sleeveFigures(
  s: DailySeries,
  cal: StudyCalendar,
  a: number,
  b: number,
): { hedgeCost: number | null; monthsCredited: number | null } {
  let e = 1;
  let costSum = 0;
  let weightSum = 0;
  let yearStart = a;
  let yearPnl = 0;
  let yearEquity = 1;
  let monthPnl = 0;
  let monthMoved = false;
  let credited = 0;
  let considered = 0;
  const closeYear = (end: number, last: boolean): void => {
    const first = yearStart === a;
    let weight = 1;
    if (first || last) {
      const from = first ? cal.day[a] : cal.day[yearStart - 1];
      weight = Math.min(1, (cal.day[end] - from) / daysInYear(cal.year[end]));
    }
    costSum += -yearPnl / (yearEquity / (end - yearStart + 1));
    weightSum += weight;
  };
  const closeMonth = (): void => {
    if (!monthMoved) return;
    considered++;
    if (monthPnl > CREDIT_EPSILON) credited++;
  };
  for (let c = a + 1; c <= b; c++) {
    if (cal.year[c] !== cal.year[c - 1]) {
      closeYear(c - 1, false);
      yearStart = c;
      yearPnl = 0;
      yearEquity = 0;
    }
    if (cal.month[c] !== cal.month[c - 1]) {
      closeMonth();
      monthPnl = 0;
      monthMoved = false;
    }
    const x = s.sleeveReturns[c - 1];
    const pnl = x * e;
    yearPnl += pnl;
    monthPnl += pnl;
    if (x !== 0) monthMoved = true;
    e *= 1 + s.returns[c - 1];
    yearEquity += e;
  }
  if (b <= a) return { hedgeCost: null, monthsCredited: null };
  closeYear(b, true);
  closeMonth();
  return {
    hedgeCost: weightSum > 0 ? costSum / weightSum : null,
    monthsCredited: considered > 0 ? credited / considered : null,
  };
}

/** The metrics of the series over the closes a..b (its returns a..b-1); b > a. */
export function windowMetrics(
  s: DailySeries,
  cal: StudyCalendar,
  a: number,
  b: number,
  opts: WindowOptions,
): WindowMetrics {
  const years = (cal.day[b] - cal.day[a]) / 365.25;
  const hedged = pathDrawdown(s.returns, a, b);
  const core = pathDrawdown(s.unhedgedReturns, a, b);
  const annual = Math.sqrt(opts.periodsPerYear);
  let sum = 0;
  let sumSq = 0;
  let ex = 0;
  let exSq = 0;
  for (let i = a; i < b; i++) {
    const r = s.returns[i];
    sum += r;
    sumSq += r * r;
    const x = opts.riskFree ? r - opts.riskFree[i] : r;
    ex += x;
    exSq += x * x;
  }
  const n = b - a;
  const variance = n > 1 ? (sumSq - (sum * sum) / n) / (n - 1) : NaN;
  const exVariance = n > 1 ? (exSq - (ex * ex) / n) / (n - 1) : NaN;
  const sleeve = sleeveFigures(s, cal, a, b);
  return {
    from: cal.dates[a],
    to: cal.dates[b],
    days: n,
    cagr: cagrOver(hedged.growth, years),
    max_drawdown: hedged.maxDrawdown,
    sharpe: exVariance > 1e-30 ? (ex / n / Math.sqrt(exVariance)) * annual : null,
    volatility: variance > 0 ? Math.sqrt(variance) * annual : 0,
    unhedged_cagr: cagrOver(core.growth, years),
    unhedged_max_drawdown: core.maxDrawdown,
    drawdown_reduction: core.maxDrawdown > 0 ? 1 - hedged.maxDrawdown / core.maxDrawdown : null,
    hedge_cost: sleeve.hedgeCost,
    months_credited_mtm: sleeve.monthsCredited,
  };
}
