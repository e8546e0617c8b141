// The spec's named stress windows as data, and each book's return, drawdown and sleeve P&L inside them.
// A window the run does not reach is reported as 'not in run', never dropped. On a synthetic market the
// calendar dates are not those events, so the path's own worst stretches of SPX take their place.
import { SATURDAY, SUNDAY, isoToDay, weekday } from '../core/dates.js';
import type { BacktestRun, BookResult } from '../engine/result.js';
import { baseIndex, rangeMaxDrawdown, rangeReturn, sleeveDaily, sumRange } from './periods.js';

export interface StressWindow {
  id: string;
  name: string;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
}

export const STRESS_WINDOWS: readonly StressWindow[] = [
  { id: '2008-crisis', name: '2008 Sep-Dec', from: '2008-09-01', to: '2008-12-31' },
  { id: '2011-08', name: 'Aug 2011', from: '2011-08-01', to: '2011-08-31' },
  { id: '2015-08', name: 'Aug 2015', from: '2015-08-01', to: '2015-08-31' },
  { id: '2018-02', name: 'Feb 2018 (Volmageddon)', from: '2018-02-01', to: '2018-02-28' },
  { id: '2018-q4', name: 'Q4 2018', from: '2018-10-01', to: '2018-12-31' },
  { id: '2020-covid', name: 'Feb-Mar 2020', from: '2020-02-01', to: '2020-03-31' },
  { id: '2022', name: '2022', from: '2022-01-01', to: '2022-12-31' },
  { id: '2024-08', name: 'Aug 2024', from: '2024-08-01', to: '2024-08-31' },
];

/** 'full': the run has a close before the window and reaches its last weekday; 'partial': it overlaps only. */
export type StressCoverage = 'full' | 'partial' | 'not in run';

export interface StressBook {
  book: string;
  /** Return from the close before the window (or the run's first close) to the window's last close. */
  ret: number;
  /** Deepest fall inside the window, the close before it counting as the first peak. */
  maxDrawdown: number;
  /** Sleeve mark-to-market P&L over the window's days, dollars and as a fraction of the starting equity. */
  sleevePnl: number;
  sleevePnlPct: number;
}

export interface StressResult {
  id: string;
  name: string;
  from: string;
  to: string;
  coverage: StressCoverage;
  /** First and last run dates inside the window; null when not in run. */
  firstDate: string | null;
  lastDate: string | null;
  spxReturn: number | null;
  books: StressBook[];
}

function lastWeekdayOnOrBefore(iso: string): number {
  let d = isoToDay(iso);
  while (weekday(d) === SATURDAY || weekday(d) === SUNDAY) d--;
  return d;
}

/** Index range of the dates inside [from, to]; null when none. ISO strings compare as dates. */
function indexRange(
  dates: readonly string[],
  from: string,
  to: string,
): { start: number; end: number } | null {
  let start = -1;
  let end = -1;
  for (let t = 0; t < dates.length; t++) {
    if (dates[t] < from) continue;
    if (dates[t] > to) break;
    if (start < 0) start = t;
    end = t;
  }
  return start < 0 ? null : { start, end };
}

function stressBook(book: BookResult, start: number, end: number): StressBook {
  const sleevePnl = sumRange(sleeveDaily(book, 'mtmPnl'), start, end);
  return {
    book: book.name,
    ret: rangeReturn(book.equity, start, end),
    maxDrawdown: rangeMaxDrawdown(book.equity, baseIndex(start), end),
    sleevePnl,
    sleevePnlPct: sleevePnl / book.equity[baseIndex(start)],
  };
}

/** Length and number of a synthetic path's own stress windows: 63 trading days is about three months. */
export const SYNTHETIC_WINDOW_DAYS = 63;
export const SYNTHETIC_WINDOW_COUNT = 5;

/**
 * The `count` worst non-overlapping stretches of `days` trading days by SPX return (from the close before
 * the stretch to its last close), worst first; only falls count. A run shorter than `days` + 1 closes gives
 * shorter stretches.
 */
export function worstSpxWindows(
  dates: readonly string[],
  spxClose: Float64Array,
  days = SYNTHETIC_WINDOW_DAYS,
  count = SYNTHETIC_WINDOW_COUNT,
): StressWindow[] {
  const len = Math.min(days, dates.length - 1);
  if (len < 1) return [];
  // Stretch s covers days [s, s + len - 1]; day 0 has no close before it, so s starts at 1.
  const starts: number[] = [];
  const ret = new Float64Array(dates.length);
  for (let s = 1; s + len <= dates.length; s++) {
    ret[s] = rangeReturn(spxClose, s, s + len - 1);
    if (ret[s] < 0) starts.push(s);
  }
  starts.sort((a, b) => ret[a] - ret[b] || a - b);
  const chosen: number[] = [];
  for (const s of starts) {
    if (chosen.length === count) break;
    if (chosen.every((c) => s + len <= c || c + len <= s)) chosen.push(s);
  }
  return chosen.map((s, k) => ({
    id: `synthetic-worst-${k + 1}`,
    name: `Worst ${len} trading days #${k + 1}`,
    from: dates[s],
    to: dates[s + len - 1],
  }));
}

/**
 * Each book inside each window. The default windows are the spec's historical events and apply to real data
 * only: on a synthetic market they are replaced by the path's own worst SPX stretches (worstSpxWindows).
 * Windows a caller passes are used as given.
 */
export function stressWindows(
  run: BacktestRun,
  windows: readonly StressWindow[] = STRESS_WINDOWS,
): StressResult[] {
  const dates = run.books.length > 0 ? run.books[0].dates : [];
  const applied =
    run.source === 'synthetic' && windows === STRESS_WINDOWS ? worstSpxWindows(dates, run.spxClose) : windows;
  return applied.map((w) => {
    const r = indexRange(dates, w.from, w.to);
    if (r === null) {
      return { ...w, coverage: 'not in run', firstDate: null, lastDate: null, spxReturn: null, books: [] };
    }
    const full = r.start > 0 && isoToDay(dates[r.end]) >= lastWeekdayOnOrBefore(w.to);
    return {
      ...w,
      coverage: full ? 'full' : 'partial',
      firstDate: dates[r.start],
      lastDate: dates[r.end],
      spxReturn: rangeReturn(run.spxClose, r.start, r.end),
      books: run.books.map((b) => stressBook(b, r.start, r.end)),
    };
  });
}
