// Loads a data folder through its manifest into the aligned daily panel: SPX trading days define the rows,
// every other series is aligned by date (NaN where it has no value), and every known data quirk is
// repaired explicitly and listed in `repairs`, never hidden.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayToIso, isoToDay, type DayNumber } from '../core/dates.js';
import { DataError, UserError } from '../core/errors.js';
import { fingerprintOf, sha256Hex } from '../core/hash.js';
import { packageRoot } from '../core/paths.js';
import { isNyseTradingDay, tradingDaysBetween } from './calendar.js';
import { loadDatedColumns, type DatedColumns } from './loaders/dated-columns.js';
import { loadFomcDates } from './loaders/fomc.js';
import { loadVixContracts, loadVixWide, type FuturesLoad } from './loaders/vix-futures.js';
import { parseManifest, type Manifest, type ManifestSource } from './manifest.js';
import { SERIES_NAMES, type Panel, type PanelSeries, type Repair, type SeriesName } from './panel.js';

export interface LoadPanelOptions {
  dataDir: string;
  /** Default: `<dataDir>/alvh-manifest.json` when present, else the shipped reference manifest. */
  manifestPath?: string;
}

/** Which manifest a folder uses. */
export function resolveManifestPath(opts: LoadPanelOptions): string {
  if (opts.manifestPath !== undefined) return resolve(opts.manifestPath);
  const own = resolve(opts.dataDir, 'alvh-manifest.json');
  if (existsSync(own)) return own;
  return resolve(packageRoot(), 'data-manifests', 'reference.json');
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

function inRange(day: DayNumber, s: ManifestSource): boolean {
  return (s.from === undefined || day >= isoToDay(s.from)) && (s.to === undefined || day <= isoToDay(s.to));
}

function loadColumns(path: string, s: ManifestSource): DatedColumns {
  const range = {
    fromDay: s.from === undefined ? undefined : isoToDay(s.from),
    toDay: s.to === undefined ? undefined : isoToDay(s.to),
  };
  switch (s.format) {
    case 'ohlc':
    case 'cboe-ohlc':
      return loadDatedColumns(path, s.file, {
        columns: OHLC,
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
    hashes.push([s.file, sha256Hex(readFileSync(p))]);
    return p;
  };

  // Trading days: the SPX rows (restricted to their ranges), each checked against the NYSE calendar.
  const spxParts = manifest.sources
    .filter((s) => s.target === 'spx')
    .map((s) => ({ s, data: loadColumns(pathOf(s), s) }));
  const spxRows = new Map<DayNumber, { o: number; h: number; l: number; c: number }>();
  for (const { s, data } of spxParts) {
    data.days.forEach((d, j) => {
      if (!inRange(d, s)) return;
      if (!isNyseTradingDay(d)) {
        repairs.push({
          series: 'spx',
          date: dayToIso(d),
          file: s.file,
          action: 'row dropped: not an NYSE trading day',
        });
        return;
      }
      spxRows.set(d, {
        o: data.columns.open[j],
        h: data.columns.high[j],
        l: data.columns.low[j],
        c: data.columns.close[j],
      });
    });
  }
  const days = Int32Array.from([...spxRows.keys()].sort((a, b) => a - b));
  const n = days.length;
  if (n === 0)
    throw new DataError({ file: spxParts[0]?.s.file ?? manifestPath }, 'no SPX rows in the manifest ranges');
  const indexOf = new Map<DayNumber, number>();
  days.forEach((d, i) => indexOf.set(d, i));
  const series = Object.fromEntries(
    SERIES_NAMES.map((name) => [name, new Float64Array(n).fill(NaN)]),
  ) as unknown as PanelSeries;
  days.forEach((d, i) => {
    const r = spxRows.get(d)!;
    series.spxOpen[i] = r.o;
    series.spxHigh[i] = r.h;
    series.spxLow[i] = r.l;
    series.spxClose[i] = r.c;
  });
  repairOhlc('spx', series.spxOpen, series.spxHigh, series.spxLow, series.spxClose, days, 'spx', repairs);

  /** Rows on days that are not NYSE trading days, per file: dropped, and listed in one repair each. */
  const offDays = new Map<string, { s: ManifestSource; dates: string[] }>();
  /** Places a row of a non-SPX series on its panel day; a row on a day without SPX is reported. */
  const place = (s: ManifestSource, d: DayNumber, put: (i: number) => void): void => {
    if (!inRange(d, s) || d < days[0] || d > days[n - 1]) return;
    const i = indexOf.get(d);
    if (i !== undefined) put(i);
    else if (!isNyseTradingDay(d)) {
      const key = `${s.target}|${s.file}`;
      const e = offDays.get(key) ?? { s, dates: [] };
      e.dates.push(dayToIso(d));
      offDays.set(key, e);
    } else warnings.push(`${s.file}: ${s.target} has a row on ${dayToIso(d)}, which has no SPX row; dropped`);
  };

  const futureRows = new Map<number, { expiry: number[]; settle: number[] }>();
  const fomcDays: DayNumber[] = [];
  for (const s of manifest.sources) {
    if (s.target === 'spx') continue;
    const path = pathOf(s);
    if (s.target === 'vix-futures') {
      const load: FuturesLoad =
        s.format === 'vx-contracts'
          ? loadVixContracts(path, s.file)
          : s.format === 'vx-wide'
            ? loadVixWide(path, s.file)
            : badFormat(s);
      warnings.push(...load.warnings);
      for (const row of load.rows)
        place(s, row.day, (i) => futureRows.set(i, { expiry: row.expiry, settle: row.settle }));
      continue;
    }
    if (s.target === 'fomc') {
      if (s.format !== 'fomc-dates') badFormat(s);
      for (const d of loadFomcDates(path, s.file)) if (inRange(d, s)) fomcDays.push(d);
      continue;
    }
    const data = loadColumns(path, s);
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
    const name = TARGET_SERIES[s.target]!;
    const convert =
      s.format === 'fred-dtb3'
        ? dtb3ToContinuous
        : s.format === 'fred-percent'
          ? (p: number) => Math.log(1 + p / 100)
          : (x: number) => x;
    data.days.forEach((d, j) => place(s, d, (i) => (series[name][i] = convert(data.columns.close[j]))));
    if (s.from !== undefined || s.to !== undefined) {
      if (s.note)
        repairs.push({
          series: s.target,
          date: `${s.from ?? 'start'}..${s.to ?? 'end'}`,
          file: s.file,
          action: `only this range used: ${s.note}`,
        });
    }
  }
  for (const { s, dates } of offDays.values()) {
    const shown =
      dates.length > 12 ? `${dates.slice(0, 12).join(', ')} and ${dates.length - 12} more` : dates.join(', ');
    repairs.push({
      series: s.target,
      date: `${dates[0]}..${dates[dates.length - 1]}`,
      file: s.file,
      action: `${dates.length} row(s) on days the NYSE was closed dropped: ${shown}`,
    });
  }
  repairVix(series, days, repairs);
  repairBreadth(series, days, repairs);
  fillRate(series.rateAnnual, days, repairs);

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

  const fomcSorted = [...new Set(fomcDays)].sort((a, b) => a - b);
  const isDecisionDay = new Uint8Array(n);
  const tradingDaysToNext = new Int32Array(n).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k < fomcSorted.length && fomcSorted[k] < days[i]) k++;
    if (k < fomcSorted.length) {
      if (fomcSorted[k] === days[i]) isDecisionDay[i] = 1;
      tradingDaysToNext[i] = tradingDaysBetween(days[i], fomcSorted[k]);
    }
  }

  return {
    n,
    dates: Array.from(days, (d) => dayToIso(d)),
    days,
    series,
    futures: { start, expiry: Int32Array.from(expiry), settle: Float64Array.from(settle) },
    fomc: { isDecisionDay, tradingDaysToNext },
    repairs,
    warnings,
    source: 'real',
    description: `real data in ${dataDir}${manifest.description ? ` (${manifest.description})` : ''}`,
    fingerprint: fingerprintOf(hashes),
  };
}

function badFormat(s: ManifestSource): never {
  throw new DataError(
    { file: s.file, field: 'format' },
    `format '${s.format}' cannot feed target '${s.target}'`,
  );
}

/** Clamps an open outside [low, high] into it, and lists each repair; a day with high < low keeps only open and close. */
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
    } else if (o[i] > h[i] || o[i] < l[i]) {
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

function repairVix(series: PanelSeries, days: Int32Array, repairs: Repair[]): void {
  repairOhlc('vix', series.vixOpen, series.vixHigh, series.vixLow, series.vixClose, days, 'vix', repairs);
  // Cboe recorded only closes in 1990-1991: OHLC are equal there. Kept, and said.
  let first = -1;
  let last = -1;
  for (let i = 0; i < days.length; i++) {
    const flat =
      series.vixOpen[i] === series.vixClose[i] &&
      series.vixHigh[i] === series.vixClose[i] &&
      series.vixLow[i] === series.vixClose[i];
    if (flat && dayToIso(days[i]) < '1992-01-01') {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first >= 0) {
    repairs.push({
      series: 'vix',
      date: `${dayToIso(days[first])}..${dayToIso(days[last])}`,
      file: 'vix',
      action: 'closes only (open = high = low = close); VIX options settle on the close there',
    });
  }
}

/**
 * A day whose advances plus declines is a small fraction of a normal day's issues is a broken row (e.g.
 * 1999-05-25: 108 advances and 19 declines among ~3,000 NYSE issues): both are set missing, and listed.
 */
function repairBreadth(series: PanelSeries, days: Int32Array, repairs: Repair[]): void {
  const totals: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const t = series.advances[i] + series.declines[i];
    if (Number.isFinite(t)) totals.push(t);
  }
  if (totals.length === 0) return;
  totals.sort((a, b) => a - b);
  const typical = totals[totals.length >> 1];
  for (let i = 0; i < days.length; i++) {
    const t = series.advances[i] + series.declines[i];
    if (Number.isFinite(t) && t < 0.2 * typical) {
      repairs.push({
        series: 'breadth',
        date: dayToIso(days[i]),
        file: 'advances/declines',
        action: `advances ${series.advances[i]} + declines ${series.declines[i]} is far below a normal day's ${typical} issues: both set missing`,
      });
      series.advances[i] = NaN;
      series.declines[i] = NaN;
    }
  }
}

/** Carries the rate over days without a published value (holidays of the bond market), and says how many. */
function fillRate(rate: Float64Array, days: Int32Array, repairs: Repair[]): void {
  let last = NaN;
  let filled = 0;
  let firstFilled = -1;
  let lastFilled = -1;
  for (let i = 0; i < rate.length; i++) {
    if (Number.isFinite(rate[i])) last = rate[i];
    else if (Number.isFinite(last)) {
      rate[i] = last;
      filled++;
      if (firstFilled < 0) firstFilled = i;
      lastFilled = i;
    }
  }
  if (filled > 0) {
    repairs.push({
      series: 'rate',
      date: `${dayToIso(days[firstFilled])}..${dayToIso(days[lastFilled])}`,
      file: 'rate',
      action: `${filled} trading day(s) without a published T-bill rate carry the last published rate`,
    });
  }
}
