// A book's month-end equity beside a published index's month-end values (e.g. Cboe's CNDR iron condor
// index): monthly returns over the months both cover, their correlation, beta, tracking error and yearly
// returns, so the engine's condor can be checked against what a real, rules-based condor index did.
import { UserError } from '../core/errors.js';
import { mean } from './metrics.js';

export interface IndexSeries {
  /** ISO dates, ascending. */
  dates: readonly string[];
  values: ArrayLike<number>;
}

export interface YearPair {
  year: string;
  /** Compounded monthly returns inside the year, over the months both series cover. */
  book: number;
  index: number;
  months: number;
}

export interface BenchmarkComparison {
  /** YYYY-MM of each compared month (both series have this and the previous month-end). */
  months: string[];
  book: Float64Array;
  index: Float64Array;
  correlation: number;
  /** Annualised (x12) mean of monthly returns, and annualised volatility (x sqrt 12). */
  bookMean: number;
  indexMean: number;
  bookVol: number;
  indexVol: number;
  /** Compounded growth per year over the compared months. */
  bookCagr: number;
  indexCagr: number;
  /** Regression slope of book on index returns. */
  beta: number;
  /** Annualised standard deviation of book - index monthly returns. */
  trackingError: number;
  /** Share of months whose returns have the same sign. */
  sameSign: number;
  years: YearPair[];
}

/** The last value of each calendar month and the date it was taken, keyed YYYY-MM. */
function monthEnds(
  dates: readonly string[],
  values: ArrayLike<number>,
): Map<string, { date: string; value: number }> {
  const out = new Map<string, { date: string; value: number }>();
  for (let t = 0; t < dates.length; t++)
    if (Number.isFinite(values[t])) out.set(dates[t].slice(0, 7), { date: dates[t], value: values[t] });
  return out;
}

/** The calendar month before a YYYY-MM key. */
function previousMonth(key: string): string {
  const y = Number(key.slice(0, 4));
  const m = Number(key.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function covariance(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - ma) * (b[k] - mb);
  return s / (a.length - 1);
}

function compound(xs: ArrayLike<number>): number {
  let g = 1;
  for (let k = 0; k < xs.length; k++) g *= 1 + xs[k];
  return g;
}

/**
 * Compares month-end to month-end returns, over months that both series close on the same day (the book's
 * first month only serves as a base, and a run ending mid-month drops its last month); months missing from
 * either series are skipped, never filled.
 */
export function compareWithIndex(
  bookDates: readonly string[],
  bookEquity: ArrayLike<number>,
  index: IndexSeries,
): BenchmarkComparison {
  const bookEnds = monthEnds(bookDates, bookEquity);
  const indexEnds = monthEnds(index.dates, index.values);
  const months: string[] = [];
  const book: number[] = [];
  const idx: number[] = [];
  // A month counts only where both series close it on the same day, and closed the month before on the
  // same day too: a run that stops on the 23rd must not set 23 days beside a whole month.
  const sameEnd = (key: string): { book: number; index: number } | null => {
    const b = bookEnds.get(key);
    const x = indexEnds.get(key);
    return b !== undefined && x !== undefined && b.date === x.date ? { book: b.value, index: x.value } : null;
  };
  for (const key of bookEnds.keys()) {
    const now = sameEnd(key);
    const before = sameEnd(previousMonth(key));
    if (now === null || before === null) continue;
    months.push(key);
    book.push(now.book / before.book - 1);
    idx.push(now.index / before.index - 1);
  }
  // A short --from/--to is the user's choice, not a bug: said as a user error with the spans to choose from.
  if (months.length < 3)
    throw new UserError(
      `the run ${bookDates[0] ?? '-'} .. ${bookDates[bookDates.length - 1] ?? '-'} and the index (${index.dates[0] ?? '-'} .. ${index.dates[index.dates.length - 1] ?? '-'}) share ${months.length} complete month(s): at least 3 are needed; widen --from/--to`,
    );
  const b = Float64Array.from(book);
  const x = Float64Array.from(idx);
  const diff = b.map((v, k) => v - x[k]);
  const varB = covariance(b, b);
  const varX = covariance(x, x);
  const cov = covariance(b, x);
  const years = new Map<string, { book: number[]; index: number[] }>();
  months.forEach((m, k) => {
    const y = years.get(m.slice(0, 4)) ?? { book: [], index: [] };
    y.book.push(b[k]);
    y.index.push(x[k]);
    years.set(m.slice(0, 4), y);
  });
  const perYear = 12 / months.length;
  let sameSign = 0;
  for (let k = 0; k < b.length; k++) if (Math.sign(b[k]) === Math.sign(x[k])) sameSign++;
  return {
    months,
    book: b,
    index: x,
    correlation: cov / Math.sqrt(varB * varX),
    bookMean: 12 * mean(b),
    indexMean: 12 * mean(x),
    bookVol: Math.sqrt(12 * varB),
    indexVol: Math.sqrt(12 * varX),
    bookCagr: compound(b) ** perYear - 1,
    indexCagr: compound(x) ** perYear - 1,
    beta: cov / varX,
    trackingError: Math.sqrt(12 * covariance(diff, diff)),
    sameSign: sameSign / b.length,
    years: [...years].map(([year, y]) => ({
      year,
      book: compound(y.book) - 1,
      index: compound(y.index) - 1,
      months: y.book.length,
    })),
  };
}
