// Drawdowns of a daily marked equity curve: the drawdown path, the deepest fall with its dates, the Ulcer
// index and the longest stretch under water. Depths are positive fractions of the running peak.
import { dayNumbersOf } from './periods.js';

export interface MaxDrawdown {
  /** Deepest fall from a running peak, a positive fraction (0.25 = -25%); 0 when equity never fell. */
  depth: number;
  /** Date of the peak the deepest fall started from. */
  peakDate: string;
  /** Date of the lowest close of that fall (the first such close on ties). */
  troughDate: string;
  /** First date equity closed at or above the peak again; null when it never did inside the run. */
  recoveryDate: string | null;
}

export interface Underwater {
  /** Calendar days from the peak to the recovery (or to the run's last date when not recovered). */
  days: number;
  /** Trading days (closes) in the same stretch, counted after the peak. */
  tradingDays: number;
  /** Date of the peak the stretch starts from. */
  from: string;
  /** Date equity regained the peak; null when it was still under water at the run's end. */
  to: string | null;
}

/** Drawdown on each day: 1 - equity / running peak (0 at a new high, positive below it). */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    out[t] = peak > 0 ? 1 - e / peak : 0;
  }
  return out;
}

export function maxDrawdown(equity: Float64Array, dates: readonly string[]): MaxDrawdown {
  if (equity.length === 0) throw new RangeError('maxDrawdown: empty equity series');
  let peak = equity[0];
  let peakIdx = 0;
  let depth = 0;
  let bestPeak = 0;
  let trough = 0;
  for (let t = 1; t < equity.length; t++) {
    const e = equity[t];
    if (e > peak) {
      peak = e;
      peakIdx = t;
    } else if (peak > 0) {
      const dd = 1 - e / peak;
      if (dd > depth) {
        depth = dd;
        bestPeak = peakIdx;
        trough = t;
      }
    }
  }
  let recovery: string | null = depth === 0 ? dates[trough] : null;
  if (depth > 0) {
    for (let t = trough + 1; t < equity.length; t++) {
      if (equity[t] >= equity[bestPeak]) {
        recovery = dates[t];
        break;
      }
    }
  }
  return { depth, peakDate: dates[bestPeak], troughDate: dates[trough], recoveryDate: recovery };
}

/**
 * Ulcer index over the whole run: the root mean square of the daily drawdown from the running peak, as a
 * fraction (Martin's definition with the running peak of the run instead of a 14-day look-back).
 */
export function ulcerIndex(equity: Float64Array): number {
  if (equity.length === 0) return 0;
  const dd = drawdownSeries(equity);
  let s = 0;
  for (let t = 0; t < dd.length; t++) s += dd[t] * dd[t];
  return Math.sqrt(s / dd.length);
}

/** Share of closes below the running peak. */
export function shareUnderwater(equity: Float64Array): number {
  if (equity.length === 0) return 0;
  const dd = drawdownSeries(equity);
  let n = 0;
  for (let t = 0; t < dd.length; t++) if (dd[t] > 0) n++;
  return n / dd.length;
}

/**
 * The longest stretch from a peak to the first close at or above it again, in calendar days; an
 * unrecovered stretch runs to the last date and counts too. Ties keep the earliest stretch.
 */
export function longestUnderwater(equity: Float64Array, dates: readonly string[]): Underwater {
  if (equity.length === 0) throw new RangeError('longestUnderwater: empty equity series');
  const days = dayNumbersOf(dates);
  let best: Underwater = { days: 0, tradingDays: 0, from: dates[0], to: dates[0] };
  let peakIdx = 0;
  const consider = (end: number, recovered: boolean): void => {
    const length = days[end] - days[peakIdx];
    if (length > best.days) {
      best = {
        days: length,
        tradingDays: end - peakIdx,
        from: dates[peakIdx],
        to: recovered ? dates[end] : null,
      };
    }
  };
  for (let t = 1; t < equity.length; t++) {
    if (equity[t] >= equity[peakIdx]) {
      if (t - peakIdx > 1) consider(t, true); // every close in between was below the peak
      peakIdx = t;
    }
  }
  if (equity[equity.length - 1] < equity[peakIdx]) consider(equity.length - 1, false);
  return best;
}
