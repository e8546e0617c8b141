// Per-series coverage of a panel: first and last day with a value, rows, the missing trading days inside
// that span (the gaps) and the days after a series ends before the SPX, so a user sees what the data support.
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
  /** Trading days of the panel after the series' last value (it ends before the SPX). */
  daysAfterLast: number;
  /** What those days hold: the last value carried forward by the engine, or nothing. */
  afterLast: 'carried' | 'missing';
}

/**
 * Series whose last value the engine carries past the end of its file (the T-bill rate: a missing rate would
 * stop pricing, and a rate moves little in weeks). Every other series is missing there, and the rules that
 * read it say so (a signal on it reads 'unknown').
 */
export const CARRIED_PAST_END: ReadonlySet<string> = new Set(['rateAnnual']);

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
  const afterLast = CARRIED_PAST_END.has(name) ? 'carried' : 'missing';
  if (first < 0)
    return {
      series: name,
      first: null,
      last: null,
      rows: 0,
      missingDays: 0,
      longestGap: null,
      daysAfterLast: 0,
      afterLast,
    };
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
    daysAfterLast: panel.n - 1 - last,
    afterLast,
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

/**
 * One line naming each series that ends before the SPX, with its last day and the trading days after it that
 * are carried or missing; null when every series reaches the SPX's last day (or has no value at all).
 */
export function endingEarlyNote(panel: Panel): string | null {
  const early = seriesCoverage(panel).filter((c) => c.last !== null && c.daysAfterLast > 0);
  if (early.length === 0) return null;
  const parts = mergeSameEnd(early).map(
    (c) => `${c.series} ${c.last} (${c.daysAfterLast} trading day(s) after it ${c.afterLast})`,
  );
  return `series ending before the SPX's last day ${panel.dates[panel.n - 1]}: ${parts.join(', ')}`;
}

/** OHLC and paired series that end together are named once (spxOpen/spxClose..., advances/declines). */
function mergeSameEnd(list: Coverage[]): Coverage[] {
  const out: Coverage[] = [];
  for (const c of list) {
    const same = out.find(
      (o) =>
        o.last === c.last &&
        o.afterLast === c.afterLast &&
        o.series.replace(/(Open|High|Low|Close)$/, '') === c.series.replace(/(Open|High|Low|Close)$/, ''),
    );
    if (same === undefined) out.push({ ...c });
    else same.series = same.series.replace(/(Open|High|Low|Close)$/, '');
  }
  return out;
}
