// `alvh data fetch`: downloads the public daily files (Cboe index histories, Cboe VX futures settlements per
// contract, FRED's 3-month T-bill rate) for users with internet, and writes a manifest. Each file goes to
// `<name>.part` and is renamed only after it validates, so a failure never leaves a half file. A rerun
// resumes: complete files are kept, except those whose last row is older than the last weekday before today
// (histories grow daily), which are downloaded again and replaced the same atomic way.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dayToIso, isoToDay, SATURDAY, SUNDAY, tryParseDay, weekday, type DayNumber } from '../core/dates.js';
import { FileError, UserError } from '../core/errors.js';
import { makeDir } from '../core/make-dir.js';
import { vixExpiration } from '../market/expirations.js';
import type { Manifest } from '../market/manifest.js';

export interface FetchHosts {
  /** Cboe's CDN (index histories and VX settlement files). */
  cboe: string;
  /** FRED. */
  fred: string;
}

export const DEFAULT_HOSTS: FetchHosts = {
  cboe: 'https://cdn.cboe.com',
  fred: 'https://fred.stlouisfed.org',
};

export interface FetchOptions {
  outDir: string;
  hosts?: FetchHosts;
  /** First VX contract month to download (YYYY-MM); Cboe's per-contract files start in 2013. */
  fromContract?: string;
  /** The last contract month (default: eight months after `today`). */
  toContract?: string;
  today?: DayNumber;
  timeoutMs?: number;
  retries?: number;
  /** Download again complete files that end before the last weekday before `today` (default true). */
  refresh?: boolean;
  log?: (line: string) => void;
}

interface FileSpec {
  name: string;
  url: string;
  /** The header the file must start with (validation). */
  header: RegExp;
  /** A VX contract file may not exist yet (not listed): then it is skipped, not an error. */
  optional?: boolean;
  /** The day after which the file never changes (a VX contract's expiration), if any. */
  finalDay?: string;
}

const INDICES = ['VIX', 'VIX9D', 'VIX3M', 'VIX6M', 'VVIX', 'SKEW'];
/** Cboe's strategy benchmark indices (`alvh check benchmark`), `DATE,<SYMBOL>` histories. */
export const BENCHMARK_SYMBOLS = ['CNDR', 'PUT', 'BXM', 'PPUT', 'CLL', 'BFLY'];

export function indexFiles(hosts: FetchHosts): FileSpec[] {
  return [
    ...INDICES.map((name) => ({
      name: `${name}_History.csv`,
      url: `${hosts.cboe}/api/global/us_indices/daily_prices/${name}_History.csv`,
      header:
        name === 'VVIX' || name === 'SKEW' ? new RegExp(`^DATE,${name}`, 'i') : /^DATE,OPEN,HIGH,LOW,CLOSE/i,
    })),
    {
      name: 'DTB3.csv',
      url: `${hosts.fred}/graph/fredgraph.csv?id=DTB3`,
      header: /^(DATE|observation_date),DTB3/i,
    },
    // Benchmarks are for checks only: one Cboe stops publishing is reported missing, not fatal.
    ...BENCHMARK_SYMBOLS.map((name) => ({
      name: `${name}_History.csv`,
      url: `${hosts.cboe}/api/global/us_indices/daily_prices/${name}_History.csv`,
      header: new RegExp(`^DATE,${name}\\b`, 'i'),
      optional: true,
    })),
  ];
}

/** The per-contract VX settlement files, named by expiration date as Cboe publishes them. */
export function vxFiles(hosts: FetchHosts, fromContract: string, toContract: string): FileSpec[] {
  const out: FileSpec[] = [];
  let [y, m] = fromContract.split('-').map(Number);
  const [ty, tm] = toContract.split('-').map(Number);
  while (y * 12 + m <= ty * 12 + tm) {
    const expiry = dayToIso(vixExpiration(y, m));
    out.push({
      name: `VX_${expiry}.csv`,
      url: `${hosts.cboe}/data/us/futures/market_statistics/historical_data/VX/VX_${expiry}.csv`,
      header: /^Trade Date,Futures/i,
      optional: true,
      finalDay: expiry,
    });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Why a request failed, with the system's cause (e.g. 'connect ECONNREFUSED 127.0.0.1:8080'). */
export function networkReason(err: unknown, timeoutMs: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause;
  const detail =
    cause instanceof AggregateError
      ? cause.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')
      : cause instanceof Error
        ? cause.message
        : '';
  return detail === '' ? err.message : `${err.message} (${detail})`;
}

/** The file's text once it validates, or null for an optional file that is not listed. */
async function fetchValid(
  spec: FileSpec,
  opts: Required<Pick<FetchOptions, 'timeoutMs' | 'retries'>>,
): Promise<string | null> {
  let lastError = '';
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    try {
      const res = await fetch(spec.url, { signal: AbortSignal.timeout(opts.timeoutMs) });
      if (res.status === 404 && spec.optional) return null;
      if (!res.ok) {
        lastError = `HTTP ${res.status} ${res.statusText}`;
        if (res.status >= 400 && res.status < 500) break; // a client error will not change on retry
        continue;
      }
      const text = await res.text();
      const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
      if (!spec.header.test(firstLine)) {
        lastError = `unexpected content: the first line is '${firstLine.slice(0, 80)}', expected ${spec.header.source}`;
        continue;
      }
      if (!/\n.*\d/.test(text)) {
        lastError = 'the file has a header but no data rows';
        continue;
      }
      return text;
    } catch (err) {
      lastError = networkReason(err, opts.timeoutMs);
    }
  }
  throw new UserError(`cannot download ${spec.url}: ${lastError}`);
}

/** Writes `<path>.part` and renames it over `path`: readers see the old file or the new one, never half. */
function writeAtomically(path: string, text: string): void {
  const part = `${path}.part`;
  try {
    writeFileSync(part, text);
    renameSync(part, path);
  } catch (err) {
    throw new FileError('cannot write', path, err);
  } finally {
    if (existsSync(part)) rmSync(part);
  }
}

/** The last data row's date of a complete file, or null when the file is missing or incomplete. */
function lastDayOf(path: string, spec: FileSpec): string | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2 || !spec.header.test(lines[0])) return null;
  const day = tryParseDay(lines[lines.length - 1].split(',')[0].trim());
  return Number.isNaN(day) ? null : dayToIso(day);
}

/** Calendar days before its expiry within which an expired contract's file counts as final. */
const FINAL_SLACK_DAYS = 7;

/** The last weekday before `today`: the newest close a daily file can hold while today's session runs. */
function lastClosedWeekday(today: DayNumber): string {
  let d = today - 1;
  while (weekday(d) === SATURDAY || weekday(d) === SUNDAY) d--;
  return dayToIso(d);
}

/** Combines Cboe per-contract files into one long file: trade_date, contract_month, settle. */
export function combineVxFiles(dir: string, files: string[]): string {
  const lines = ['trade_date,contract_month,settle'];
  const rows: [string, string, string][] = [];
  for (const name of files) {
    const m = /^VX_(\d{4})-(\d{2})-(\d{2})\.csv$/.exec(name);
    if (!m) continue;
    // A VX contract expiring in month M is the contract of month M - 1 or M (it expires before month end).
    const text = readFileSync(join(dir, name), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const header = text[0].split(',').map((h) => h.trim().toLowerCase());
    const cDate = header.indexOf('trade date');
    const cSettle = header.indexOf('settle');
    const contractMonth = contractMonthOfExpiry(`${m[1]}-${m[2]}-${m[3]}`);
    for (const line of text.slice(1)) {
      if (line.trim() === '') continue;
      const f = line.split(',');
      // Cboe has written trade dates both as ISO and as MM/DD/YYYY over the years: normalise to ISO.
      const day = tryParseDay(f[cDate].trim());
      if (Number.isNaN(day)) throw new UserError(`${name}: expected a trade date, found '${f[cDate]}'`);
      rows.push([dayToIso(day), contractMonth, f[cSettle].trim()]);
    }
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  for (const r of rows) lines.push(r.join(','));
  const out = join(dir, 'vx_contracts.csv');
  writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

/** The contract month whose VIX expiration is this date. */
function contractMonthOfExpiry(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  for (const [cy, cm] of [
    [y, m],
    [m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1],
  ]) {
    if (dayToIso(vixExpiration(cy, cm)) === iso) return `${cy}-${String(cm).padStart(2, '0')}`;
  }
  throw new UserError(`VX_${iso}.csv: ${iso} is not a VIX expiration date`);
}

export interface FetchResult {
  /** Files that were not there (or were incomplete) and are now. */
  written: string[];
  /** Complete files that ended too early and were replaced by a newer download. */
  refreshed: string[];
  /** Complete files kept as they were. */
  skipped: string[];
  missing: string[];
  manifest: string;
  notes: string[];
}

export async function fetchData(opts: FetchOptions): Promise<FetchResult> {
  const hosts = opts.hosts ?? DEFAULT_HOSTS;
  const dir = resolve(opts.outDir);
  try {
    makeDir(dir);
  } catch (err) {
    throw new FileError('cannot create the download folder', dir, err);
  }
  const log = opts.log ?? (() => undefined);
  const today = opts.today ?? Math.floor(Date.now() / 86_400_000);
  const t = dayToIso(today);
  const endY = Number(t.slice(0, 4)) + (Number(t.slice(5, 7)) + 8 > 12 ? 1 : 0);
  const endM = ((Number(t.slice(5, 7)) + 8 - 1) % 12) + 1;
  const toContract = opts.toContract ?? `${endY}-${String(endM).padStart(2, '0')}`;
  const files = [...indexFiles(hosts), ...vxFiles(hosts, opts.fromContract ?? '2013-01', toContract)];
  const result: FetchResult = {
    written: [],
    refreshed: [],
    skipped: [],
    missing: [],
    manifest: '',
    notes: [],
  };
  const newest = lastClosedWeekday(today);
  const settings = { timeoutMs: opts.timeoutMs ?? 30_000, retries: opts.retries ?? 2 };
  for (const spec of files) {
    const path = join(dir, spec.name);
    const last = lastDayOf(path, spec);
    const expired = spec.finalDay !== undefined && spec.finalDay < newest;
    const wanted = expired ? spec.finalDay! : newest;
    // An expired contract's archive file may lack its last day (Cboe's H14 has no row on its expiry): one
    // that ends within a few days of the expiry is final, or it would be downloaded again on every run.
    const final = expired && last !== null && last >= dayToIso(isoToDay(spec.finalDay!) - FINAL_SLACK_DAYS);
    if (last !== null && (opts.refresh === false || last >= wanted || final)) {
      result.skipped.push(spec.name);
      continue;
    }
    const text = await fetchValid(spec, settings);
    if (text === null) {
      result.missing.push(spec.name);
      log(`not listed ${spec.name}`);
      continue;
    }
    writeAtomically(path, text);
    (last === null ? result.written : result.refreshed).push(spec.name);
    log(`${last === null ? 'downloaded' : `refreshed (it ended ${last})`} ${spec.name}`);
  }
  const vx = files
    .filter((f) => f.name.startsWith('VX_') && existsSync(join(dir, f.name)))
    .map((f) => f.name);
  combineVxFiles(dir, vx);
  const manifest: Manifest = {
    version: 1,
    description: 'public daily files downloaded by alvh data fetch; SPX OHLC supplied by the user as spx.csv',
    sources: [
      {
        target: 'spx',
        file: 'spx.csv',
        format: 'ohlc',
        note: 'not downloadable from Cboe or FRED: supply date,open,high,low,close',
      },
      { target: 'vix', file: 'VIX_History.csv', format: 'cboe-ohlc' },
      { target: 'vix9d', file: 'VIX9D_History.csv', format: 'cboe-ohlc' },
      { target: 'vix3m', file: 'VIX3M_History.csv', format: 'cboe-ohlc' },
      { target: 'vix6m', file: 'VIX6M_History.csv', format: 'cboe-ohlc' },
      { target: 'vvix', file: 'VVIX_History.csv', format: 'cboe-value', column: 'VVIX', from: '2007-01-01' },
      { target: 'skew', file: 'SKEW_History.csv', format: 'cboe-value', column: 'SKEW' },
      { target: 'vix-futures', file: 'vx_contracts.csv', format: 'vx-contracts' },
      { target: 'rate', file: 'DTB3.csv', format: 'fred-dtb3', column: 'DTB3' },
    ],
  };
  result.manifest = join(dir, 'alvh-manifest.json');
  writeFileSync(result.manifest, JSON.stringify(manifest, null, 2) + '\n');
  if (!existsSync(join(dir, 'spx.csv')))
    result.notes.push(
      `add SPX daily OHLC as ${join(dir, 'spx.csv')} (date,open,high,low,close) before using this folder`,
    );
  return result;
}
