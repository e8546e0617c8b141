// Calendar grouping and sleeve aggregation shared by the analytics: index ranges per year and month, the
// sleeve's daily sums over its layers, and returns and drawdowns measured inside a range of days.
import { UserError } from '../core/errors.js';
import { isoToDay, tryParseIsoDay } from '../core/dates.js';
import type { BookResult, LayerSeries } from '../engine/result.js';

/** A contiguous, inclusive index range of a run's dates sharing one key ('2008' or '2008-09'). */
export interface Period {
  key: string;
  start: number;
  end: number;
}

/**
 * What depends only on a run's dates, kept per dates array: a study's books share one (MarketContext.datesOf),
 * so thousands of configurations group, parse and check the same dates once. Callers must not change what
 * these return.
 */
interface DatesFacts {
  years?: Period[];
  months?: Period[];
  days?: Int32Array;
  valid?: boolean;
}
const datesFacts = new WeakMap<readonly string[], DatesFacts>();

function factsOf(dates: readonly string[]): DatesFacts {
  let f = datesFacts.get(dates);
  if (f === undefined) datesFacts.set(dates, (f = {}));
  return f;
}

/** The day numbers of ISO dates (isoToDay: a date that is not one throws). */
export function dayNumbersOf(dates: readonly string[]): Int32Array {
  const f = factsOf(dates);
  f.days ??= Int32Array.from(dates, isoToDay);
  return f.days;
}

/** Groups ascending ISO dates by year (keyLength 4) or month (keyLength 7). */
export function periodsBy(dates: readonly string[], keyLength: 4 | 7): Period[] {
  const f = factsOf(dates);
  const kept = keyLength === 4 ? f.years : f.months;
  if (kept !== undefined) return kept;
  const out = groupBy(dates, keyLength);
  if (keyLength === 4) f.years = out;
  else f.months = out;
  return out;
}

function groupBy(dates: readonly string[], keyLength: 4 | 7): Period[] {
  const out: Period[] = [];
  for (let t = 0; t < dates.length; t++) {
    const key = dates[t].slice(0, keyLength);
    const last = out[out.length - 1];
    if (last && last.key === key) last.end = t;
    else out.push({ key, start: t, end: t });
  }
  return out;
}

/** Checks the shape the analytics rely on: ISO dates, strictly ascending, arrays as long as the dates. */
export function validateBook(book: BookResult): void {
  const n = book.dates.length;
  const where = `book '${book.name}'`;
  if (n === 0) throw new UserError(`${where}: no dates`);
  const facts = factsOf(book.dates);
  let prev = -Infinity;
  for (let t = 0; t < n && facts.valid !== true; t++) {
    const d = tryParseIsoDay(book.dates[t]);
    if (Number.isNaN(d))
      throw new UserError(`${where}: dates[${t}]: expected an ISO date, found '${book.dates[t]}'`);
    if (d <= prev)
      throw new UserError(
        `${where}: dates[${t}]: expected dates ascending, found '${book.dates[t]}' after '${book.dates[t - 1]}'`,
      );
    prev = d;
  }
  facts.valid = true;
  const check = (field: string, len: number): void => {
    if (len !== n)
      throw new UserError(`${where}: ${field}: expected ${n} values (one per date), found ${len}`);
  };
  check('equity', book.equity.length);
  for (const [name, layer] of Object.entries(book.layers)) {
    check(`layers.${name}.mtmPnl`, layer.mtmPnl.length);
    check(`layers.${name}.cashFlow`, layer.cashFlow.length);
    check(`layers.${name}.active`, layer.active.length);
  }
}

/** Daily sum over the sleeve's layers of one field; zeros for a book without layers. */
export function sleeveDaily(book: BookResult, field: 'mtmPnl' | 'cashFlow'): Float64Array {
  const out = new Float64Array(book.dates.length);
  for (const layer of Object.values(book.layers)) {
    const xs = layer[field];
    for (let t = 0; t < out.length; t++) out[t] += xs[t];
  }
  return out;
}

/** 1 on days when any layer held a position at the close. */
export function sleeveActive(book: BookResult): Uint8Array {
  const out = new Uint8Array(book.dates.length);
  for (const layer of Object.values(book.layers) as LayerSeries[]) {
    for (let t = 0; t < out.length; t++) out[t] |= layer.active[t];
  }
  return out;
}

export function sumRange(xs: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let t = start; t <= end; t++) s += xs[t];
  return s;
}

export function meanRange(xs: Float64Array, start: number, end: number): number {
  return sumRange(xs, start, end) / (end - start + 1);
}

/**
 * The value a range's return is measured from: the close before the range, or the range's own first close
 * when the range starts the run (its first day then has no move of its own).
 */
export function baseIndex(start: number): number {
  return start > 0 ? start - 1 : start;
}

/** Return over the days [start, end]: from the close before the range to the last close in it. */
export function rangeReturn(values: Float64Array, start: number, end: number): number {
  return values[end] / values[baseIndex(start)] - 1;
}

/**
 * Deepest peak-to-trough fall (a positive fraction) of a path over the closes [first, last]; callers pass
 * baseIndex(start) as `first` to let the close before a range be its first peak. NaN values are skipped.
 */
export function rangeMaxDrawdown(values: Float64Array, first: number, last: number): number {
  let peak = -Infinity;
  let worst = 0;
  for (let t = first; t <= last; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) continue;
    if (v > peak) peak = v;
    else if (peak > 0) worst = Math.max(worst, 1 - v / peak);
  }
  return worst;
}
