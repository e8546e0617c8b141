// Drawdown episodes of an equity curve: every fall from a running peak to the first close back at it (or to
// the run's end), with its trough, depth and lengths; the deepest first, as a tearsheet lists them.
import { isoToDay } from '../core/dates.js';

export interface DrawdownEpisode {
  /** Deepest fall inside the episode, a positive fraction of the peak. */
  depth: number;
  peakDate: string;
  troughDate: string;
  /** First close at or above the peak again; null when the run ended under water. */
  recoveryDate: string | null;
  /** Trading days (closes) from the peak to the trough, and from the trough to the recovery. */
  daysToTrough: number;
  daysToRecover: number | null;
  /** Calendar days from the peak to the recovery (or the run's last date). */
  calendarDays: number;
}

/** Every episode with a fall, in date order. */
export function drawdownEpisodes(equity: Float64Array, dates: readonly string[]): DrawdownEpisode[] {
  const out: DrawdownEpisode[] = [];
  let peak = 0;
  let trough = -1;
  const close = (end: number, recovered: boolean): void => {
    if (trough < 0) return;
    out.push({
      depth: 1 - equity[trough] / equity[peak],
      peakDate: dates[peak],
      troughDate: dates[trough],
      recoveryDate: recovered ? dates[end] : null,
      daysToTrough: trough - peak,
      daysToRecover: recovered ? end - trough : null,
      calendarDays: isoToDay(dates[end]) - isoToDay(dates[peak]),
    });
  };
  for (let t = 1; t < equity.length; t++) {
    if (equity[t] >= equity[peak]) {
      close(t, true);
      peak = t;
      trough = -1;
    } else if (equity[peak] > 0 && (trough < 0 || equity[t] < equity[trough])) trough = t;
  }
  close(equity.length - 1, false);
  return out;
}

/** The `k` deepest episodes, deepest first (the earlier one first on equal depths). */
export function deepestEpisodes(equity: Float64Array, dates: readonly string[], k = 5): DrawdownEpisode[] {
  return drawdownEpisodes(equity, dates)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.depth - a.e.depth || a.i - b.i)
    .slice(0, k)
    .map(({ e }) => e);
}
