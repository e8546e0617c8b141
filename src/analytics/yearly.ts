// The year-by-year table: per calendar year, SPX's return and drawdown and, per book, the return, the
// deepest fall inside the year and the sleeve's P&L as a share of the year's average equity.
import type { BacktestRun } from '../engine/result.js';
import { DEFAULT_METRICS_OPTIONS, spxYears, type MetricsOptions } from './metrics.js';
import {
  baseIndex,
  meanRange,
  periodsBy,
  rangeMaxDrawdown,
  rangeReturn,
  sleeveDaily,
  sumRange,
} from './periods.js';

export interface YearBook {
  book: string;
  /** From the close before the year (or the run's first close) to the year's last close. */
  ret: number;
  /** Deepest fall inside the year, the close before it counting as the first peak. */
  maxDrawdown: number;
  /** Sleeve mark-to-market P&L / average equity of the year (positive = the sleeve gained); 0 without layers. */
  sleevePnlPct: number;
}

export interface YearRow {
  year: string;
  /** Trading days of the run in that year (fewer at the run's edges). */
  days: number;
  spxReturn: number;
  spxDrawdown: number;
  /** The year counts as one with an SPX drawdown at the threshold (see MetricsOptions). */
  spxSevere: boolean;
  books: YearBook[];
}

export function yearByYear(run: BacktestRun, opts: MetricsOptions = DEFAULT_METRICS_OPTIONS): YearRow[] {
  if (run.books.length === 0) return [];
  const dates = run.books[0].dates;
  const years = periodsBy(dates, 4);
  const spx = spxYears(run, dates, opts);
  const sleeves = run.books.map((b) => sleeveDaily(b, 'mtmPnl'));
  return years.map((p, k) => ({
    year: p.key,
    days: p.end - p.start + 1,
    spxReturn: spx[k].spxReturn,
    spxDrawdown: spx[k].spxDrawdown,
    spxSevere: spx[k].severe,
    books: run.books.map((b, j) => ({
      book: b.name,
      ret: rangeReturn(b.equity, p.start, p.end),
      maxDrawdown: rangeMaxDrawdown(b.equity, baseIndex(p.start), p.end),
      sleevePnlPct: sumRange(sleeves[j], p.start, p.end) / meanRange(b.equity, p.start, p.end),
    })),
  }));
}
