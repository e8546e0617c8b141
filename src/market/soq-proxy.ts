// A proxy for the Special Opening Quotation (SOQ) that AM-settled SPX options settle on, from SPY's opening
// trade: the data's SPX `open` is the index's first print, which on a gap day still holds many stocks'
// previous closes, while the SOQ is computed from each stock's own opening trade, as SPY's open is.
import { isoToDay, type DayNumber } from '../core/dates.js';
import type { DatedValues } from './panel.js';

/**
 * How far outside the day's SPX [low, high] a proxy may lie, as a fraction of the previous close, before it
 * is taken for a bad print and not used. The SOQ itself may lie outside the index's range (on 2008-09-19 it
 * was 1279.31, 1.1% above the high of 1265.12); the widest proxy in the reference data lies 3.2% outside
 * (2001-09-17, the reopening after 11 September), the widest on an expiration day 1.3% (2008-09-19).
 */
export const SOQ_PROXY_MAX_OUTSIDE_RANGE = 0.05;

/**
 * Quarterly dividends are known this long after an ex-date; past it (or before the first ex-date) the file no
 * longer says whether a day went ex, so the proxy is not computed.
 */
const DIVIDEND_COVERAGE_DAYS = 100;

export interface SoqProxyInputs {
  days: Int32Array;
  spxHigh: Float64Array;
  spxLow: Float64Array;
  spxClose: Float64Array;
  spyOpen: Float64Array;
  spyClose: Float64Array;
  /** SPY's cash dividends by ex-date; null when the data hold none (the proxy is then not computed). */
  dividends: DatedValues | null;
}

export interface SoqProxy {
  /** Per panel day: the SOQ proxy, NaN where the inputs do not give one. */
  values: Float64Array;
  /** ISO dates whose proxy lay too far outside the day's SPX range and was not used. */
  rejected: string[];
}

/**
 * Per panel day i: SPX close(i-1) x SPY open(i) / (SPY close(i-1) - the dividend going ex on day i), SPY's
 * overnight move applied to the index (SPY's open is already ex the dividend; the index does not drop by it).
 * NaN on the first day, where SPY or the SPX close is missing on either day, outside the dividends' coverage,
 * or (listed in `rejected`) beyond SOQ_PROXY_MAX_OUTSIDE_RANGE of the day's range.
 */
export function soqProxy(x: SoqProxyInputs, dates: readonly string[]): SoqProxy {
  const n = x.days.length;
  const values = new Float64Array(n).fill(NaN);
  const rejected: string[] = [];
  if (x.dividends === null) return { values, rejected };
  const dividendOn = new Map<DayNumber, number>();
  x.dividends.dates.forEach((d, k) => {
    const day = isoToDay(d);
    dividendOn.set(day, (dividendOn.get(day) ?? 0) + x.dividends!.values[k]);
  });
  const exDays = x.dividends.dates.map(isoToDay);
  const first = exDays.length > 0 ? exDays[0] - DIVIDEND_COVERAGE_DAYS : Infinity;
  const last = exDays.length > 0 ? exDays[exDays.length - 1] + DIVIDEND_COVERAGE_DAYS : -Infinity;
  for (let i = 1; i < n; i++) {
    const day = x.days[i];
    if (day < first || day > last) continue;
    const base = x.spyClose[i - 1] - (dividendOn.get(day) ?? 0);
    const v = (x.spxClose[i - 1] * x.spyOpen[i]) / base;
    if (!(base > 0) || !Number.isFinite(v)) continue;
    const margin = SOQ_PROXY_MAX_OUTSIDE_RANGE * x.spxClose[i - 1];
    if (v > x.spxHigh[i] + margin || v < x.spxLow[i] - margin) {
      rejected.push(dates[i]);
      continue;
    }
    values[i] = v;
  }
  return { values, rejected };
}
