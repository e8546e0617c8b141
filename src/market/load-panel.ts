// Loads a data folder through its manifest into the aligned daily panel: SPX trading days define the rows,
// every other series is aligned by date (NaN where it has no value), and every known data quirk is
// repaired explicitly and listed in `repairs`, never hidden.
import { trailingDividendYield } from './index-dividends.js';
import { soqProxy, SOQ_PROXY_MAX_OUTSIDE_RANGE } from './soq-proxy.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayToIso, isoToDay, type DayNumber } from '../core/dates.js';
import { DataError, UserError } from '../core/errors.js';
import { fingerprintOf, sha256Hex } from '../core/hash.js';
import { resolveManifestPath, type DataFolderRef } from './manifest-path.js';
import {
  calendarCovers,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  isNyseTradingDay,
  tradingDaysInRange,
} from './calendar.js';
import { loadDatedColumns, type DatedColumns } from './loaders/dated-columns.js';
import { loadFomcDates } from './loaders/fomc.js';
import { loadVixContracts, loadVixWide, type FuturesLoad } from './loaders/vix-futures.js';
import { parseManifest, type Manifest, type ManifestSource } from './manifest.js';
import { boundsOf, checkColumnsInRange, implausible, oneDaySpikes, SPIKE_FACTOR } from './sanity.js';
import {
  countdownToSchedule,
  emptySeries,
  type BenchmarkName,
  type DatedValues,
  type FomcColumns,
  type Panel,
  type PanelSeries,
  type Repair,
  type SeriesName,
} from './panel.js';

export interface LoadPanelOptions extends DataFolderRef {
  /** Today, as a day number (default: the clock's UTC date): a row dated after it is a data error. */
  today?: DayNumber;
}

/** Today's UTC date as a day number. */
export function todayUtc(): DayNumber {
  return Math.floor(Date.now() / 86_400_000);
}

/**
 * The data's description in reports: kind and the manifest's words, without the folder's path, so the same
 * data reached by another path gives byte-identical outputs (the terminal banner names the folder).
 */
export function dataDescription(synthetic: boolean, manifestDescription: string): string {
  return `${synthetic ? 'synthetic' : 'real'} data${manifestDescription ? ` (${manifestDescription})` : ''}`;
}

/** 3-month T-bill discount-basis percent -> continuously compounded annual rate (91-day bill, ACT/360 quote). */
export function dtb3ToContinuous(discountPercent: number): number {
  const price = 1 - (discountPercent / 100) * (91 / 360);
  return -Math.log(price) / (91 / 365);
}

const OHLC = {
  open: ['OPEN', 'Open'],
  high: ['HIGH', 'High'],
  low: ['LOW', 'Low'],
  close: ['CLOSE', 'Close', 'Price'],
};

/** SPY's OHLC: the same headers, or prefixed with the ticker as some Yahoo exports write them (`spy_open`). */
const SPY_OHLC = {
  open: [...OHLC.open, 'spy_open'],
  high: [...OHLC.high, 'spy_high'],
  low: [...OHLC.low, 'spy_low'],
  close: [...OHLC.close, 'spy_close'],
};

function inRange(day: DayNumber, s: ManifestSource): boolean {
  return (s.from === undefined || day >= isoToDay(s.from)) && (s.to === undefined || day <= isoToDay(s.to));
}

function loadColumns(path: string, s: ManifestSource, today: DayNumber): DatedColumns {
  const data = loadColumnsOfFormat(path, s, today);
  // The range is checked on the closes (the value every single-value format gives): opens, highs and lows
  // outside the plausible range are caught as bad prints, spikes or OHLC inconsistencies, and repaired there.
  const b = boundsOf(s);
  if (b !== null)
    checkColumnsInRange(s, data.days, data.lines, { close: data.columns.close }, data.headers, b, (j) =>
      inRange(data.days[j], s),
    );
  return data;
}

function loadColumnsOfFormat(path: string, s: ManifestSource, today: DayNumber): DatedColumns {
  const range = {
    fromDay: s.from === undefined ? undefined : isoToDay(s.from),
    toDay: s.to === undefined ? undefined : isoToDay(s.to),
    notAfter: today,
  };
  switch (s.format) {
    case 'ohlc':
    case 'cboe-ohlc':
      return loadDatedColumns(path, s.file, {
        columns: s.target === 'spy' ? SPY_OHLC : OHLC,
        positive: true,
        allowDescending: s.format === 'ohlc',
        ...range,
      });
    case 'cboe-value':
      return loadDatedColumns(path, s.file, {
        columns: { close: [s.column ?? 'CLOSE'] },
        positive: true,
        ...range,
      });
    case 'fred-dtb3':
    case 'fred-percent':
      // Rates may be negative (T-bills yielded -0.01% on some days of 2015): no sign check.
      return loadDatedColumns(path, s.file, {
        columns: { close: [s.column ?? 'value'] },
        missing: ['.', ''],
        ...range,
      });
    case 'tradingview':
      return loadDatedColumns(path, s.file, {
        columns: { close: [s.column ?? 'close'] },
        positive: true,
        allowZero: true,
        ...range,
      });
    default:
      throw new DataError(
        { file: s.file, field: 'format' },
        `format '${s.format}' does not give daily values for target '${s.target}'`,
      );
  }
}

const TARGET_SERIES: Partial<Record<ManifestSource['target'], SeriesName>> = {
  vix9d: 'vix9dClose',
  vix3m: 'vix3mClose',
  vix6m: 'vix6mClose',
  vvix: 'vvixClose',
  skew: 'skewClose',
  rate: 'rateAnnual',
  advances: 'advances',
  declines: 'declines',
  'dividend-yield': 'dividendYieldAnnual',
};

export function loadPanel(opts: LoadPanelOptions): Panel {
  const dataDir = resolve(opts.dataDir);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory())
    throw new UserError(`data folder not found: ${dataDir}`);
  const manifestPath = resolveManifestPath(opts);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch {
    throw new DataError({ file: manifestPath }, 'cannot read the manifest');
  }
  const manifest: Manifest = parseManifest(manifestText, manifestPath);
  const today = opts.today ?? todayUtc();
  const repairs: Repair[] = [];
  const warnings: string[] = [];
  const hashes: [string, string][] = [['manifest', sha256Hex(manifestText)]];
  const pathOf = (s: ManifestSource): string => {
    const p = resolve(dataDir, s.file);
    if (!existsSync(p))
      throw new DataError(
        { file: p },
        `the manifest names this file for '${s.target}', but it does not exist`,
      );
    if (!statSync(p).isFile())
      throw new DataError(
        { file: p },
        `the manifest names this path for '${s.target}', but it is a folder, not a file`,
      );
    hashes.push([s.file, sha256Hex(readFileSync(p))]);
    return p;
  };

  /** The files that fed each target, so repairs name real files. */
  const filesOf = new Map<string, string[]>();
  const fed = (s: ManifestSource): void => {
    const list = filesOf.get(s.target) ?? [];
    if (!list.includes(s.file)) list.push(s.file);
    filesOf.set(s.target, list);
  };
  const fileNames = (...targets: string[]): string =>
    targets.flatMap((t) => filesOf.get(t) ?? []).join(', ') || targets.join('/');
  const outsideCalendar = (s: ManifestSource, d: DayNumber): DataError =>
    new DataError(
      { file: s.file, field: 'date' },
      `a row dated ${dayToIso(d)} is outside the trading calendar (${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR}): set this source's "from" (or "to") in the manifest to stay inside it`,
    );
  for (const s of manifest.sources) {
    if (s.from === undefined && s.to === undefined) continue;
    repairs.push({
      series: s.target,
      date: `${s.from ?? 'start'}..${s.to ?? 'end'}`,
      file: s.file,
      action: `only this range of the file used${s.note ? `: ${s.note}` : ' (manifest from/to)'}`,
    });
  }

  // Trading days: the SPX rows (restricted to their ranges), each checked against the NYSE calendar.
  const spxParts = manifest.sources
    .filter((s) => s.target === 'spx')
    .map((s) => ({ s, data: loadColumns(pathOf(s), s, today) }));
  const spxRows = new Map<DayNumber, { o: number; h: number; l: number; c: number; file: string }>();
  for (const { s, data } of spxParts) {
    fed(s);
    let overlap = 0;
    data.days.forEach((d, j) => {
      if (!inRange(d, s)) return;
      if (!calendarCovers(d)) throw outsideCalendar(s, d);
      if (!isNyseTradingDay(d)) {
        repairs.push({
          series: 'spx',
          date: dayToIso(d),
          file: s.file,
          action: 'row dropped: not an NYSE trading day',
        });
        return;
      }
      if (spxRows.has(d)) overlap++;
      spxRows.set(d, {
        o: data.columns.open[j],
        h: data.columns.high[j],
        l: data.columns.low[j],
        c: data.columns.close[j],
        file: s.file,
      });
    });
    if (overlap > 0)
      warnings.push(
        `${s.file}: ${overlap} SPX row(s) also given by an earlier source; this file's rows used`,
      );
  }
  const days = Int32Array.from([...spxRows.keys()].sort((a, b) => a - b));
  const n = days.length;
  if (n === 0)
    throw new DataError({ file: spxParts[0]?.s.file ?? manifestPath }, 'no SPX rows in the manifest ranges');
  const indexOf = new Map<DayNumber, number>();
  days.forEach((d, i) => indexOf.set(d, i));
  const missingSpx = Array.from(tradingDaysInRange(days[0], days[n - 1])).filter((d) => !indexOf.has(d));
  if (missingSpx.length > 0)
    warnings.push(
      `${fileNames('spx')}: ${missingSpx.length} NYSE trading day(s) have no SPX row, so the panel has no row for them: ${listDates(missingSpx.map(dayToIso))}`,
    );
  const series = emptySeries(n);
  days.forEach((d, i) => {
    const r = spxRows.get(d)!;
    series.spxOpen[i] = r.o;
    series.spxHigh[i] = r.h;
    series.spxLow[i] = r.l;
    series.spxClose[i] = r.c;
  });
  const spxFiles = fileNames('spx');
  repairOhlc('spx', series.spxOpen, series.spxHigh, series.spxLow, series.spxClose, days, spxFiles, repairs);
  reportCarriedOpens(series, days, spxFiles, repairs);

  /** Rows on days that are not NYSE trading days, per file: dropped, and listed in one repair each. */
  const offDays = new Map<string, { s: ManifestSource; dates: string[] }>();
  /** Rows of a file outside the SPX days, per file: not used, and said in one warning each. */
  const outside = new Map<string, { s: ManifestSource; before: number; after: number }>();
  /** Per target, the file that placed each panel row: a second file on the same row is an overlap. */
  const placedBy = new Map<string, (string | undefined)[]>();
  const overlaps = new Map<string, { count: number; first: string; last: string }>();
  /** Places a row of a non-SPX series on its panel day; a row on a day without SPX is reported. */
  const place = (s: ManifestSource, d: DayNumber, put: (i: number) => void): void => {
    if (!inRange(d, s)) return;
    if (d < days[0] || d > days[n - 1]) {
      const key = `${s.target}|${s.file}`;
      const e = outside.get(key) ?? { s, before: 0, after: 0 };
      if (d < days[0]) e.before++;
      else e.after++;
      outside.set(key, e);
      return;
    }
    const i = indexOf.get(d);
    if (i !== undefined) {
      const owners = placedBy.get(s.target) ?? new Array<string | undefined>(n);
      placedBy.set(s.target, owners);
      const prev = owners[i];
      if (prev !== undefined && prev !== s.file) {
        const key = `${s.target}|${prev}|${s.file}`;
        const o = overlaps.get(key) ?? { count: 0, first: dayToIso(d), last: dayToIso(d) };
        o.count++;
        o.last = dayToIso(d);
        overlaps.set(key, o);
      }
      owners[i] = s.file;
      put(i);
    } else if (!isNyseTradingDay(d)) {
      const key = `${s.target}|${s.file}`;
      const e = offDays.get(key) ?? { s, dates: [] };
      e.dates.push(dayToIso(d));
      offDays.set(key, e);
    } else warnings.push(`${s.file}: ${s.target} has a row on ${dayToIso(d)}, which has no SPX row; dropped`);
  };

  const futureRows = new Map<number, { expiry: number[]; settle: number[] }>();
  const benchmarks: Partial<Record<BenchmarkName, DatedValues>> = {};
  let spyDividends: DatedValues | null = null;
  // SPY's high and low are read to check its rows only: the SOQ proxy uses its open and close.
  const spyHigh = new Float64Array(n).fill(NaN);
  const spyLow = new Float64Array(n).fill(NaN);
  const fomcDecisions: { day: DayNumber; scheduled: boolean; file: string }[] = [];
  for (const s of manifest.sources) {
    if (s.target === 'spx') continue;
    const path = pathOf(s);
    fed(s);
    if (s.target === 'vix-futures') {
      const load: FuturesLoad =
        s.format === 'vx-contracts'
          ? loadVixContracts(path, s.file, today)
          : s.format === 'vx-wide'
            ? loadVixWide(path, s.file, today)
            : badFormat(s);
      warnings.push(...load.warnings);
      const b = boundsOf(s);
      for (const row of load.rows)
        for (const v of row.settle)
          if (b !== null && inRange(row.day, s) && (v < b.min || v > b.max))
            throw implausible(s, { field: 'settle', date: row.day }, v, b);
      for (const row of load.rows)
        place(s, row.day, (i) => futureRows.set(i, { expiry: row.expiry, settle: row.settle }));
      continue;
    }
    if (s.target === 'fomc') {
      if (s.format !== 'fomc-dates') badFormat(s);
      for (const decision of loadFomcDates(path, s.file)) {
        if (!inRange(decision.day, s)) continue;
        if (/^dubious/i.test(decision.note)) {
          repairs.push({
            series: 'fomc',
            date: dayToIso(decision.day),
            file: s.file,
            action: `row dropped, as its note says: ${decision.note}`,
          });
          continue;
        }
        fomcDecisions.push({ day: decision.day, scheduled: decision.scheduled, file: s.file });
      }
      continue;
    }
    const data = loadColumns(path, s, today);
    if (s.target === 'spy-dividends') {
      if (s.format !== 'cboe-value') badFormat(s);
      spyDividends = {
        dates: data.days.filter((d) => inRange(d, s)).map(dayToIso),
        values: Float64Array.from(data.columns.close.filter((_, j) => inRange(data.days[j], s))),
      };
      continue;
    }
    if (s.target === 'cndr') {
      const keep = data.days.map((d) => inRange(d, s));
      benchmarks.cndr = {
        dates: data.days.filter((_, j) => keep[j]).map(dayToIso),
        values: Float64Array.from(data.columns.close.filter((_, j) => keep[j])),
      };
      continue;
    }
    if (s.target === 'spy') {
      if (s.format !== 'cboe-ohlc' && s.format !== 'ohlc') badFormat(s);
      data.days.forEach((d, j) =>
        place(s, d, (i) => {
          series.spyOpen[i] = data.columns.open[j];
          spyHigh[i] = data.columns.high[j];
          spyLow[i] = data.columns.low[j];
          series.spyClose[i] = data.columns.close[j];
        }),
      );
      continue;
    }
    if (s.target === 'vix') {
      if (s.format !== 'cboe-ohlc' && s.format !== 'ohlc') badFormat(s);
      data.days.forEach((d, j) =>
        place(s, d, (i) => {
          series.vixOpen[i] = data.columns.open[j];
          series.vixHigh[i] = data.columns.high[j];
          series.vixLow[i] = data.columns.low[j];
          series.vixClose[i] = data.columns.close[j];
        }),
      );
      continue;
    }
    if (data.columns.high !== undefined && data.columns.low !== undefined) {
      const bad = data.days.filter((d, j) => inRange(d, s) && data.columns.high[j] < data.columns.low[j]);
      if (bad.length > 0)
        warnings.push(
          `${s.file}: high below low on ${listDates(bad.map(dayToIso))}; not used (only the closes of ${s.target} are read)`,
        );
    }
    const name = TARGET_SERIES[s.target]!;
    const convert =
      s.format === 'fred-dtb3'
        ? dtb3ToContinuous
        : s.format === 'fred-percent'
          ? (p: number) => Math.log(1 + p / 100)
          : (x: number) => x;
    data.days.forEach((d, j) => place(s, d, (i) => (series[name][i] = convert(data.columns.close[j]))));
  }
  for (const { s, dates } of offDays.values()) {
    repairs.push({
      series: s.target,
      date: `${dates[0]}..${dates[dates.length - 1]}`,
      file: s.file,
      action: `${dates.length} row(s) on days the NYSE was closed dropped: ${listDates(dates)}`,
    });
  }
  for (const { s, before, after } of outside.values()) {
    const parts = [
      before > 0 ? `${before} before the first SPX day ${dayToIso(days[0])}` : '',
      after > 0 ? `${after} after the last SPX day ${dayToIso(days[n - 1])}` : '',
    ].filter((x) => x !== '');
    warnings.push(
      `${s.file}: ${before + after} ${s.target} row(s) outside the SPX days not used (${parts.join('; ')})`,
    );
  }
  for (const [key, o] of overlaps) {
    const [target, earlier, later] = key.split('|');
    warnings.push(
      `${later}: ${o.count} ${target} row(s) ${o.first}..${o.last} also given by ${earlier}; ${later} used (the later source in the manifest wins)`,
    );
  }
  repairVix(series, days, fileNames('vix'), repairs);
  repairOhlc('spy', series.spyOpen, spyHigh, spyLow, series.spyClose, days, fileNames('spy'), repairs);
  checkSpikes(manifest, series, days, fileNames, repairs);
  repairBreadth(series, days, fileNames('advances', 'declines'), repairs);
  fillRate(series.rateAnnual, days, fileNames('rate'), repairs);

  const start = new Int32Array(n + 1);
  const expiry: number[] = [];
  const settle: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = expiry.length;
    const row = futureRows.get(i);
    if (row) {
      expiry.push(...row.expiry);
      settle.push(...row.settle);
    }
  }
  start[n] = expiry.length;

  const fomc = fomcColumns(fomcDecisions, days, indexOf, repairs);
  const soq = soqProxyOf(days, series, spyDividends, fileNames('spy', 'spy-dividends'), repairs);

  return {
    n,
    dates: Array.from(days, (d) => dayToIso(d)),
    days,
    series,
    futures: { start, expiry: Int32Array.from(expiry), settle: Float64Array.from(settle) },
    fomc,
    repairs,
    warnings,
    source: manifest.synthetic === true ? 'synthetic' : 'real',
    description: dataDescription(manifest.synthetic === true, manifest.description),
    fingerprint: fingerprintOf(hashes),
    benchmarks,
    ...(spyDividends === null
      ? {}
      : { indexDividendYield: trailingDividendYield(days, series.spxClose, spyDividends) }),
    ...(soq === null ? {} : { spxSoqProxy: soq }),
  };
}

/**
 * The SOQ proxy from SPY's open (market/soq-proxy.ts), when the data hold SPY prices; days whose proxy lies
 * too far outside the SPX range are listed (they settle on the SPX open).
 */
function soqProxyOf(
  days: Int32Array,
  series: PanelSeries,
  dividends: DatedValues | null,
  file: string,
  repairs: Repair[],
): Float64Array | null {
  if (!series.spyOpen.some(Number.isFinite)) return null;
  const dates = Array.from(days, dayToIso);
  const { values, rejected } = soqProxy({ days, ...series, dividends }, dates);
  if (rejected.length > 0)
    repairs.push({
      series: 'spy',
      date: `${rejected[0]}..${rejected[rejected.length - 1]}`,
      file,
      action: `${rejected.length} day(s) whose SOQ proxy from SPY's open lies more than ${SOQ_PROXY_MAX_OUTSIDE_RANGE * 100}% of the index outside the day's SPX range, taken for bad prints and not used (AM settlements there use the SPX open): ${listDates(rejected)}`,
    });
  return values;
}

/** Dates in a message: all of them up to 30, else the first 30 and a count (the full list is one flag away). */
function listDates(dates: readonly string[]): string {
  return dates.length > 30
    ? `${dates.slice(0, 30).join(', ')} and ${dates.length - 30} more`
    : dates.join(', ');
}

/**
 * The FOMC columns. The countdown (`fomc_days`) runs to the next *scheduled* decision only: the spec reads
 * it "from the published meeting calendar", and an unscheduled meeting (e.g. 2020-03-15) was not known
 * before it happened, so counting down to it would look ahead. Every decision, scheduled or not, marks its
 * day; a decision on a day without trading (a Sunday call) marks the next trading day, and is listed.
 */
function fomcColumns(
  decisions: readonly { day: DayNumber; scheduled: boolean; file: string }[],
  days: Int32Array,
  indexOf: Map<DayNumber, number>,
  repairs: Repair[],
): FomcColumns {
  const n = days.length;
  const isDecisionDay = new Uint8Array(n);
  const unscheduled: { date: string; file: string }[] = [];
  for (const dec of decisions) {
    if (dec.day < days[0] || dec.day > days[n - 1]) continue;
    if (!dec.scheduled) unscheduled.push({ date: dayToIso(dec.day), file: dec.file });
    let i = indexOf.get(dec.day);
    if (i === undefined) {
      let k = 0;
      while (k < n && days[k] < dec.day) k++;
      i = k;
      // A decision on an NYSE trading day that has no SPX row is a hole in the SPX file, not a Sunday call.
      const why = isNyseTradingDay(dec.day)
        ? 'decision on an NYSE trading day with no SPX row'
        : 'decision on a day without trading';
      repairs.push({
        series: 'fomc',
        date: dayToIso(dec.day),
        file: dec.file,
        action: `${why}: marked on the next trading day of the panel ${dayToIso(days[i])}`,
      });
    }
    isDecisionDay[i] = 1;
  }
  if (unscheduled.length > 0)
    repairs.push({
      series: 'fomc',
      date: `${unscheduled[0].date}..${unscheduled[unscheduled.length - 1].date}`,
      file: [...new Set(unscheduled.map((u) => u.file))].join(', '),
      action: `${unscheduled.length} unscheduled decision(s) (${listDates(unscheduled.map((u) => u.date))}) mark their day but are left out of the countdown to the next decision: they were not on the published calendar in advance`,
    });
  const tradingDaysToNext = countdownToSchedule(
    days,
    decisions.filter((d) => d.scheduled).map((d) => d.day),
  );
  return { isDecisionDay, tradingDaysToNext };
}

function badFormat(s: ManifestSource): never {
  throw new DataError(
    { file: s.file, field: 'format' },
    `format '${s.format}' cannot feed target '${s.target}'`,
  );
}

/**
 * Clamps an open outside [low, high] into it and widens the range to a close outside it, listing each repair;
 * a day with high < low keeps only open and close.
 */
function repairOhlc(
  name: string,
  o: Float64Array,
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  days: Int32Array,
  file: string,
  repairs: Repair[],
): void {
  for (let i = 0; i < o.length; i++) {
    if (!Number.isFinite(o[i]) || !Number.isFinite(h[i]) || !Number.isFinite(l[i])) continue;
    if (h[i] < l[i]) {
      repairs.push({
        series: name,
        date: dayToIso(days[i]),
        file,
        action: `high ${h[i]} below low ${l[i]}: set to max/min of open and close`,
      });
      h[i] = Math.max(o[i], c[i]);
      l[i] = Math.min(o[i], c[i]);
      continue;
    }
    // A close outside the day's range: the high or low is the stale field (the close is what settles and
    // marks); widened to the close, and listed.
    if (Number.isFinite(c[i]) && (c[i] > h[i] || c[i] < l[i])) {
      const field = c[i] > h[i] ? 'high' : 'low';
      repairs.push({
        series: name,
        date: dayToIso(days[i]),
        file,
        action: `close ${c[i]} outside [${l[i]}, ${h[i]}]: ${field} set to the close`,
      });
      if (c[i] > h[i]) h[i] = c[i];
      else l[i] = c[i];
    }
    if (o[i] > h[i] || o[i] < l[i]) {
      const clamped = Math.min(Math.max(o[i], l[i]), h[i]);
      repairs.push({
        series: name,
        date: dayToIso(days[i]),
        file,
        action: `open ${o[i]} outside [${l[i]}, ${h[i]}]: clamped to ${clamped}`,
      });
      o[i] = clamped;
    }
  }
}

/**
 * VIX: a bad open print first (an open 1.8 times away from both the previous close and the day's close, e.g.
 * 2004-01-21 at 36.55 beside closes of 15.21 and 14.34, where the high repeats it), then opens outside
 * [low, high], then the closes-only stretch of 1990-1991. 1.8 keeps real gaps: 1997-10-28 opened at 45.69
 * after a close of 31.12 (1.47 times) and traded up to 48.64.
 */
function repairVix(series: PanelSeries, days: Int32Array, file: string, repairs: Repair[]): void {
  const { vixOpen: o, vixHigh: h, vixLow: l, vixClose: c } = series;
  const far = (a: number, b: number): boolean => a > 1.8 * b || b > 1.8 * a;
  for (let i = 1; i < days.length; i++) {
    if (!Number.isFinite(o[i]) || !(c[i - 1] > 0) || !(c[i] > 0)) continue;
    if (!far(o[i], c[i - 1]) || !far(o[i], c[i])) continue;
    const bad = o[i];
    const alsoHigh = h[i] === bad;
    const alsoLow = l[i] === bad;
    o[i] = NaN;
    if (alsoHigh) h[i] = NaN;
    if (alsoLow) l[i] = NaN;
    repairs.push({
      series: 'vix',
      date: dayToIso(days[i]),
      file,
      action: `open ${bad} is a bad print (previous close ${c[i - 1]}, close ${c[i]}): set missing${alsoHigh ? ', with the high that repeats it' : ''}${alsoLow ? ', with the low that repeats it' : ''}`,
    });
  }
  repairOhlc('vix', o, h, l, c, days, file, repairs);
  // Cboe recorded only closes in 1990-1991: OHLC are equal there. Kept, and said.
  let first = -1;
  let last = -1;
  for (let i = 0; i < days.length; i++) {
    const flat = o[i] === c[i] && h[i] === c[i] && l[i] === c[i];
    if (flat && dayToIso(days[i]) < '1992-01-01') {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first >= 0) {
    repairs.push({
      series: 'vix',
      date: `${dayToIso(days[first])}..${dayToIso(days[last])}`,
      file,
      action: 'closes only (open = high = low = close); VIX options settle on the close there',
    });
  }
}

/**
 * SPX opens equal to the previous close to the last digit: the source carried the close forward because it
 * had no opening print (almost every day before 2006 in Yahoo's ^GSPC, 204 days of 2007-2021). The value is
 * kept, as the best estimate of the opening print there is (the overnight move is smaller than the day's), and
 * said per year, since AM-settled monthlies settle on it.
 */
function reportCarriedOpens(series: PanelSeries, days: Int32Array, file: string, repairs: Repair[]): void {
  const byYear = new Map<string, number>();
  let first = -1;
  let last = -1;
  for (let i = 1; i < days.length; i++) {
    if (!(series.spxOpen[i] === series.spxClose[i - 1])) continue;
    const year = dayToIso(days[i]).slice(0, 4);
    byYear.set(year, (byYear.get(year) ?? 0) + 1);
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return;
  const total = [...byYear.values()].reduce((a, b) => a + b, 0);
  repairs.push({
    series: 'spx',
    date: `${dayToIso(days[first])}..${dayToIso(days[last])}`,
    file,
    action: `${total} day(s) have an open equal to the previous close (the source had no opening print; by year: ${[...byYear].map(([y, k]) => `${y} ${k}`).join(', ')}): kept as the best estimate of the opening print, which AM settlements use`,
  });
}

/**
 * Breadth: a day with advances but no declines (or the reverse) cannot give A-D, so both are set missing; a
 * day whose advances plus declines is a small fraction of a normal day's issues is a broken row (e.g.
 * 1999-05-25: 108 advances and 19 declines among ~3,000 NYSE issues), set missing too. Both are listed.
 */
function repairBreadth(series: PanelSeries, days: Int32Array, file: string, repairs: Repair[]): void {
  const { advances: adv, declines: dec } = series;
  const oneSided: string[] = [];
  for (let i = 0; i < days.length; i++) {
    if (Number.isFinite(adv[i]) === Number.isFinite(dec[i])) continue;
    oneSided.push(dayToIso(days[i]));
    adv[i] = NaN;
    dec[i] = NaN;
  }
  if (oneSided.length > 0)
    repairs.push({
      series: 'breadth',
      date: `${oneSided[0]}..${oneSided[oneSided.length - 1]}`,
      file,
      action: `${oneSided.length} day(s) with advances but no declines, or declines but no advances: both set missing (${listDates(oneSided)})`,
    });
  const totals: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const t = adv[i] + dec[i];
    if (Number.isFinite(t)) totals.push(t);
  }
  if (totals.length === 0) return;
  totals.sort((a, b) => a - b);
  const typical = totals[totals.length >> 1];
  for (let i = 0; i < days.length; i++) {
    const t = adv[i] + dec[i];
    if (Number.isFinite(t) && t < 0.2 * typical) {
      repairs.push({
        series: 'breadth',
        date: dayToIso(days[i]),
        file,
        action: `advances ${adv[i]} + declines ${dec[i]} is far below a normal day's ${typical} issues: both set missing`,
      });
      adv[i] = NaN;
      dec[i] = NaN;
    }
  }
}

/** Longest run of trading days without a published rate that is carried over (bond-market holidays). */
const RATE_CARRY_MAX_DAYS = 5;

/**
 * Carries the rate over short gaps inside the published history (holidays of the bond market, when the NYSE
 * trades), and says how many. Days before the first or after the last published value stay missing: the
 * panel does not invent a rate past its file (the engine carries the last one forward and says so).
 */
function fillRate(rate: Float64Array, days: Int32Array, file: string, repairs: Repair[]): void {
  let filled = 0;
  let firstFilled = -1;
  let lastFilled = -1;
  let i = 0;
  while (i < rate.length) {
    if (Number.isFinite(rate[i]) || i === 0 || !Number.isFinite(rate[i - 1])) {
      i++;
      continue;
    }
    let j = i;
    while (j < rate.length && !Number.isFinite(rate[j])) j++;
    if (j < rate.length && j - i <= RATE_CARRY_MAX_DAYS) {
      for (let k = i; k < j; k++) rate[k] = rate[i - 1];
      filled += j - i;
      if (firstFilled < 0) firstFilled = i;
      lastFilled = j - 1;
    }
    i = j;
  }
  if (filled > 0) {
    repairs.push({
      series: 'rate',
      date: `${dayToIso(days[firstFilled])}..${dayToIso(days[lastFilled])}`,
      file,
      action: `${filled} trading day(s) inside the published history without a rate (gaps of at most ${RATE_CARRY_MAX_DAYS} days: bond-market holidays) carry the last published rate`,
    });
  }
}

const SPIKE_SERIES: readonly [ManifestSource['target'], SeriesName[]][] = [
  ['spx', ['spxOpen', 'spxHigh', 'spxLow', 'spxClose']],
  ['vix', ['vixOpen', 'vixHigh', 'vixLow', 'vixClose']],
  ['spy', ['spyOpen', 'spyClose']],
  ['vix9d', ['vix9dClose']],
  ['vix3m', ['vix3mClose']],
  ['vix6m', ['vix6mClose']],
  ['vvix', ['vvixClose']],
  ['skew', ['skewClose']],
];

/**
 * One-day spikes that revert the next day. In the SPX, the panel's backbone, a spike is an error to fix in
 * the file (setting it missing would leave a trading day without a price); elsewhere the value is set missing
 * and listed, as the VIX bad opens are (2005-07-25: a VIX high of 36.56 between days trading near 11).
 */
function checkSpikes(
  manifest: Manifest,
  series: PanelSeries,
  days: Int32Array,
  fileNames: (...targets: string[]) => string,
  repairs: Repair[],
): void {
  for (const [target, names] of SPIKE_SERIES) {
    const factor =
      manifest.sources.find((s) => s.target === target && s.spike !== undefined)?.spike ??
      SPIKE_FACTOR[target];
    if (factor === undefined) continue;
    for (const name of names) {
      const x = series[name];
      for (const i of oneDaySpikes(x, factor)) {
        const what = `${name} ${x[i]} on ${dayToIso(days[i])} is a one-day spike (more than ${factor} times away from the values before and after it, which agree)`;
        if (target === 'spx')
          throw new DataError(
            { file: fileNames('spx'), field: name },
            `${what}: a bad print; fix the row, or set the source's "spike" in the manifest`,
          );
        repairs.push({
          series: target,
          date: dayToIso(days[i]),
          file: fileNames(target),
          action: `${what}: set missing`,
        });
        x[i] = NaN;
      }
    }
  }
}
