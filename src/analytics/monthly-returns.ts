// Monthly and yearly returns of an equity curve, laid out as a tearsheet's heatmap: one row per year, one
// cell per calendar month (null where the run has no days), and the year's own return.
import { periodsBy, rangeReturn } from './periods.js';

export interface MonthlyReturnRow {
  year: string;
  /** Twelve cells, January first: the month's return from the close before it; null outside the run. */
  months: (number | null)[];
  /** The year's return from the close before it (the run's first close for the first year). */
  yearReturn: number;
}

export function monthlyReturnTable(equity: Float64Array, dates: readonly string[]): MonthlyReturnRow[] {
  const rows = periodsBy(dates, 4).map((y) => ({
    year: y.key,
    months: new Array<number | null>(12).fill(null),
    yearReturn: rangeReturn(equity, y.start, y.end),
  }));
  const byYear = new Map(rows.map((r) => [r.year, r]));
  for (const m of periodsBy(dates, 7))
    byYear.get(m.key.slice(0, 4))!.months[Number(m.key.slice(5, 7)) - 1] = rangeReturn(
      equity,
      m.start,
      m.end,
    );
  return rows;
}

/** Every month's return in date order (for the return distribution). */
export function monthlyReturns(equity: Float64Array, dates: readonly string[]): number[] {
  return periodsBy(dates, 7).map((m) => rangeReturn(equity, m.start, m.end));
}
