// The SPX dividend yield an index position earns, built from SPY's dividends where the data have no yield:
// trailing-12-month dividends over SPY's price, as a continuously compounded annual rate per panel day.
import type { DayNumber } from '../core/dates.js';
import type { DatedValues } from './panel.js';
import { isoToDay } from '../core/dates.js';

/**
 * SPY trades at a tenth of SPX (the ratio stayed within 0.3% of 0.1 from 1993 to 2024, the fund's
 * expenses apart), so SPY's price is taken as SPX / 10 on the panel's own closes.
 */
export const SPY_PER_SPX = 0.1;

/**
 * Per panel day: ln(1 + the dividends with ex-dates in the 365 days up to that day / (SPX close x 0.1)).
 * NaN before a full year of dividends is on file, after the last ex-date's year, or without an SPX close.
 */
export function trailingDividendYield(
  days: Int32Array,
  spxClose: Float64Array,
  dividends: DatedValues,
): Float64Array {
  const exDays: DayNumber[] = dividends.dates.map(isoToDay);
  const out = new Float64Array(days.length).fill(NaN);
  if (exDays.length === 0) return out;
  const first = exDays[0];
  const last = exDays[exDays.length - 1];
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    while (hi < exDays.length && exDays[hi] <= d) sum += dividends.values[hi++];
    while (lo < hi && exDays[lo] <= d - 365) sum -= dividends.values[lo++];
    // A full trailing year needs the file to start a year before and to reach into the last quarter.
    if (d - 365 < first || d > last + 100 || !(spxClose[i] > 0)) continue;
    out[i] = Math.log(1 + sum / (spxClose[i] * SPY_PER_SPX));
  }
  return out;
}
