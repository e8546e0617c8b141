// Hand-made books and runs for the analytics and report tests: only the fields a test sets are non-zero,
// so every expected value can be worked out by hand.
import { dayToIso, isoToDay, SATURDAY, SUNDAY, weekday } from '../core/dates.js';
import type { BacktestRun, BookResult, LayerSeries } from '../engine/result.js';

/** n weekdays starting on `from` (or the next weekday). */
export function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let d = isoToDay(from); out.length < n; d++) {
    if (weekday(d) !== SATURDAY && weekday(d) !== SUNDAY) out.push(dayToIso(d));
  }
  return out;
}

/** Every weekday in [from, to]. */
export function weekdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = isoToDay(from); d <= isoToDay(to); d++) {
    if (weekday(d) !== SATURDAY && weekday(d) !== SUNDAY) out.push(dayToIso(d));
  }
  return out;
}

export interface LayerSpec {
  mtm: ArrayLike<number>;
  cash?: ArrayLike<number>;
  active?: ArrayLike<number>;
}

export function makeBook(spec: {
  name: string;
  title?: string;
  dates: readonly string[];
  equity: ArrayLike<number>;
  layers?: Record<string, LayerSpec>;
}): BookResult {
  const n = spec.dates.length;
  const layers: Record<string, LayerSeries> = {};
  for (const [name, l] of Object.entries(spec.layers ?? {})) {
    layers[name] = {
      mtmPnl: Float64Array.from(l.mtm),
      cashFlow: l.cash ? Float64Array.from(l.cash) : new Float64Array(n),
      active: l.active
        ? Uint8Array.from(l.active)
        : Uint8Array.from(Array.from(l.mtm, (x) => (x !== 0 ? 1 : 0))),
    };
  }
  return {
    name: spec.name,
    title: spec.title ?? spec.name,
    strategyHash: 'fixture',
    dates: spec.dates,
    equity: Float64Array.from(spec.equity),
    cash: new Float64Array(n),
    coreMtmPnl: new Float64Array(n),
    interest: new Float64Array(n),
    layers,
    ledger: [],
    skipped: [],
  };
}

export function makeRun(
  books: BookResult[],
  spx: ArrayLike<number>,
  rateAnnual = 0,
  names = { hedged: 'alvh', unhedged: 'condor' },
): BacktestRun {
  const dates = books[0].dates;
  return {
    panelDescription: 'fixture',
    dataFingerprint: 'fixture',
    source: 'synthetic',
    from: dates[0],
    to: dates[dates.length - 1],
    spxClose: Float64Array.from(spx),
    rateAnnual: new Float64Array(dates.length).fill(rateAnnual),
    books,
    unhedged: names.unhedged,
    hedged: names.hedged,
  };
}

/** Two books over Jan-Mar 2018 with a sleeve that pays in February. */
export function fixtureRun(): BacktestRun {
  const dates = weekdaysBetween('2018-01-02', '2018-03-30');
  const n = dates.length;
  const base = dates.map(
    (_, t) => 1e6 * (1 + 0.0004 * t - (t >= 25 && t < 35 ? 0.03 * Math.sin(((t - 25) * Math.PI) / 10) : 0)),
  );
  const unhedged = makeBook({
    name: 'condor',
    title: 'Unhedged',
    dates,
    equity: base.map((e, t) => e - (t >= 25 && t < 35 ? 20000 : 0)),
  });
  const mtm = dates.map((_, t) => (t === 3 ? -1000 : t === 27 ? 3500 : 0));
  const active = dates.map((_, t) => (t >= 3 && t <= 27 ? 1 : 0));
  const hedged = makeBook({
    name: 'alvh',
    title: 'ALVH v1',
    dates,
    equity: base,
    layers: { L1: { mtm, active }, L3: { mtm: new Array(n).fill(0) } },
  });
  return makeRun(
    [hedged, unhedged],
    dates.map((_, t) => 2700 - t),
    0.015,
  );
}
