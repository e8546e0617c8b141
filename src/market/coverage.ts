// Per-series coverage of a panel: first and last day with a value, rows, and the missing trading days
// inside that span (the gaps), so a user sees at a glance what the data can and cannot support.
import type { Panel, SeriesName } from './panel.js';
import { SERIES_NAMES } from './panel.js';

export interface Coverage {
  series: string;
  first: string | null;
  last: string | null;
  rows: number;
  /** Trading days inside [first, last] without a value. */
  missingDays: number;
  /** The longest run of missing trading days inside the span. */
  longestGap: { from: string; to: string; days: number } | null;
}

function coverageOf(name: string, has: (i: number) => boolean, panel: Panel): Coverage {
  let first = -1;
  let last = -1;
  let rows = 0;
  for (let i = 0; i < panel.n; i++) {
    if (!has(i)) continue;
    if (first < 0) first = i;
    last = i;
    rows++;
  }
  if (first < 0) return { series: name, first: null, last: null, rows: 0, missingDays: 0, longestGap: null };
  let longest: Coverage['longestGap'] = null;
  let runStart = -1;
  for (let i = first; i <= last + 1; i++) {
    const missing = i <= last && !has(i);
    if (missing && runStart < 0) runStart = i;
    if (!missing && runStart >= 0) {
      const days = i - runStart;
      if (longest === null || days > longest.days)
        longest = { from: panel.dates[runStart], to: panel.dates[i - 1], days };
      runStart = -1;
    }
  }
  return {
    series: name,
    first: panel.dates[first],
    last: panel.dates[last],
    rows,
    missingDays: last - first + 1 - rows,
    longestGap: longest,
  };
}

export function seriesCoverage(panel: Panel): Coverage[] {
  const out = SERIES_NAMES.map((name: SeriesName) => {
    const a = panel.series[name];
    return coverageOf(name, (i) => Number.isFinite(a[i]), panel);
  });
  const f = panel.futures;
  out.push(coverageOf('vixFutures (>= 2 contracts)', (i) => f.start[i + 1] - f.start[i] >= 2, panel));
  out.push(coverageOf('fomc countdown', (i) => panel.fomc.tradingDaysToNext[i] >= 0, panel));
  return out;
}
