// The aligned daily market panel: one row per SPX trading day, columnar typed arrays, NaN where a series has
// no value that day (never invented). Real loaders and the synthetic market both produce this shape.
import type { DayNumber } from '../core/dates.js';
import { tradingDaysBetween } from './calendar.js';

/**
 * Daily scalar series of the panel, declared once: the names here, the type and the allocation from them.
 * Every array has length `n`; NaN marks a missing value.
 */
export const SERIES_NAMES = [
  'spxOpen',
  'spxHigh',
  'spxLow',
  'spxClose',
  'vixOpen',
  'vixHigh',
  'vixLow',
  'vixClose',
  'vix9dClose',
  'vix3mClose',
  'vix6mClose',
  'vvixClose',
  'skewClose',
  /** Risk-free rate, annual, continuously compounded, as a fraction (0.05 = 5%). */
  'rateAnnual',
  /** SPX dividend yield, annual, continuously compounded fraction; NaN where unknown. */
  'dividendYieldAnnual',
  /** NYSE advancing and declining issues. */
  'advances',
  'declines',
  /** SPY's opening trade and close (SPY goes ex-dividend on its open): the SOQ proxy's inputs. */
  'spyOpen',
  'spyClose',
] as const;

export type SeriesName = (typeof SERIES_NAMES)[number];

export type PanelSeries = Record<SeriesName, Float64Array>;

/** Every series of an n-day panel, all NaN (missing) until a loader or the simulation fills them. */
export function emptySeries(n: number): PanelSeries {
  const out = {} as PanelSeries;
  for (const name of SERIES_NAMES) out[name] = new Float64Array(n).fill(NaN);
  return out;
}

/**
 * VIX futures curves, one per panel day, flattened: the contracts of day i are the indices
 * [start[i], start[i+1]) of `expiry` and `settle`, sorted by expiration, expirations >= the day itself
 * (a contract expiring that day is still listed on its last day; signals skip it where the spec says so).
 */
export interface FuturesCurves {
  start: Int32Array;
  expiry: Int32Array;
  settle: Float64Array;
}

/** FOMC calendar projected on the panel's days. */
export interface FomcColumns {
  /** 1 on the day of an FOMC decision (statement day). */
  isDecisionDay: Uint8Array;
  /** Trading days from this day to the next decision (0 on the day itself); -1 when none is known. */
  tradingDaysToNext: Int32Array;
}

/** A data quirk that was repaired on load, reported rather than hidden. */
export interface Repair {
  series: string;
  /** ISO date of the affected row, or a range 'from..to'. */
  date: string;
  file: string;
  action: string;
}

export interface Panel {
  readonly n: number;
  /** ISO dates, ascending, one per SPX trading day. */
  readonly dates: readonly string[];
  readonly days: Int32Array;
  readonly series: PanelSeries;
  readonly futures: FuturesCurves;
  readonly fomc: FomcColumns;
  readonly repairs: readonly Repair[];
  readonly warnings: readonly string[];
  /** 'real' for loaded history, 'synthetic' for a simulated market. */
  readonly source: 'real' | 'synthetic';
  /** A short description shown in reports, e.g. the data folder or 'synthetic seed 42, 30 years'. */
  readonly description: string;
  /** Stable fingerprint of the inputs (file hashes, or model parameters and seed). */
  readonly fingerprint: string;
  /**
   * Published benchmark indices, as given (not aligned to the SPX days): `cndr`, Cboe's S&P 500 iron condor
   * index, against which `alvh check cndr` compares the engine's condor.
   */
  readonly benchmarks?: Readonly<Partial<Record<BenchmarkName, DatedValues>>>;
  /** Inputs modelled on days the data lack them (`--history modelled`); absent on a panel of data only. */
  readonly modelled?: readonly ModelledSpan[];
  /**
   * The yield an SPX index position earns per day (annual, continuous), from SPY's trailing-12-month
   * dividends (market/index-dividends.ts); absent or NaN where the data do not give one.
   */
  readonly indexDividendYield?: Float64Array;
  /**
   * A proxy for the Special Opening Quotation AM-settled SPX options settle on, from SPY's open
   * (market/soq-proxy.ts), per day; absent or NaN where the data do not give one.
   */
  readonly spxSoqProxy?: Float64Array;
}

/** One modelled input and the days it was modelled on. */
export interface ModelledSpan {
  input: 'vix-futures' | 'vvix';
  days: number;
  /** Contiguous runs of modelled panel days. */
  ranges: readonly { from: string; to: string; days: number }[];
  /** How it was modelled and fitted. */
  note: string;
}

export type BenchmarkName = 'cndr';

/** A dated series kept on its own dates. */
export interface DatedValues {
  /** ISO dates, ascending. */
  dates: readonly string[];
  values: Float64Array;
}

/** Index of the first panel day on or after `day` (n when none). */
export function indexOnOrAfter(panel: Pick<Panel, 'days' | 'n'>, day: DayNumber): number {
  let lo = 0;
  let hi = panel.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (panel.days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last panel day on or before `day` (-1 when none). */
export function indexOnOrBefore(panel: Pick<Panel, 'days' | 'n'>, day: DayNumber): number {
  const i = indexOnOrAfter(panel, day + 1);
  return i - 1;
}

/** Number of futures contracts listed on day i. */
export function curveLength(futures: FuturesCurves, i: number): number {
  return futures.start[i + 1] - futures.start[i];
}

/** Trading days to the next decision (0 on the day, -1 when none follows), counted in panel rows. */
/**
 * Trading days from each day to the next day of a schedule on or after it (0 on the day itself; -1 when the
 * schedule has none left): the FOMC countdown of real and synthetic panels alike.
 */
export function countdownToSchedule(days: Int32Array, schedule: readonly DayNumber[]): Int32Array {
  const out = new Int32Array(days.length).fill(-1);
  let k = 0;
  for (let i = 0; i < days.length; i++) {
    while (k < schedule.length && schedule[k] < days[i]) k++;
    if (k < schedule.length) out[i] = tradingDaysBetween(days[i], schedule[k]);
  }
  return out;
}

export function fomcCountdown(isDecisionDay: Uint8Array): Int32Array {
  const out = new Int32Array(isDecisionDay.length).fill(-1);
  let next = -1;
  for (let i = isDecisionDay.length - 1; i >= 0; i--) {
    if (isDecisionDay[i]) next = i;
    out[i] = next < 0 ? -1 : next - i;
  }
  return out;
}
