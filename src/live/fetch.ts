// `alvh data fetch`: downloads the public daily files (Cboe index histories, Cboe VX futures settlements per
// contract, FRED's 3-month T-bill rate) for users with internet, and writes a manifest. Each file goes to
// `<name>.part` and is renamed only after it validates, so a failure never leaves a half file; files already
// complete are skipped, so a rerun resumes.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dayToIso, tryParseDay, type DayNumber } from '../core/dates.js';
import { UserError } from '../core/errors.js';
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
  log?: (line: string) => void;
}

interface FileSpec {
  name: string;
  url: string;
  /** The header the file must start with (validation). */
  header: RegExp;
  /** A VX contract file may not exist yet (not listed): then it is skipped, not an error. */
  optional?: boolean;
}

const INDICES = ['VIX', 'VIX9D', 'VIX3M', 'VIX6M', 'VVIX', 'SKEW'];

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
    });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

async function download(
  spec: FileSpec,
  path: string,
  opts: Required<Pick<FetchOptions, 'timeoutMs' | 'retries'>>,
): Promise<'written' | 'missing'> {
  const part = `${path}.part`;
  let lastError = '';
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    try {
      const res = await fetch(spec.url, { signal: AbortSignal.timeout(opts.timeoutMs) });
      if (res.status === 404 && spec.optional) return 'missing';
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
      writeFileSync(part, text);
      renameSync(part, path);
      return 'written';
    } catch (err) {
      lastError =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${opts.timeoutMs} ms`
          : err instanceof Error
            ? err.message
            : String(err);
    } finally {
      if (existsSync(part)) rmSync(part);
    }
  }
  throw new UserError(`cannot download ${spec.url}: ${lastError}`);
}

function isComplete(path: string, spec: FileSpec): boolean {
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return spec.header.test(text.split(/\r?\n/, 1)[0]) && /\n.*\d/.test(text);
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
  written: string[];
  skipped: string[];
  missing: string[];
  manifest: string;
  notes: string[];
}

export async function fetchData(opts: FetchOptions): Promise<FetchResult> {
  const hosts = opts.hosts ?? DEFAULT_HOSTS;
  const dir = resolve(opts.outDir);
  mkdirSync(dir, { recursive: true });
  const log = opts.log ?? (() => undefined);
  const today = opts.today ?? Math.floor(Date.now() / 86_400_000);
  const t = dayToIso(today);
  const endY = Number(t.slice(0, 4)) + (Number(t.slice(5, 7)) + 8 > 12 ? 1 : 0);
  const endM = ((Number(t.slice(5, 7)) + 8 - 1) % 12) + 1;
  const toContract = opts.toContract ?? `${endY}-${String(endM).padStart(2, '0')}`;
  const files = [...indexFiles(hosts), ...vxFiles(hosts, opts.fromContract ?? '2013-01', toContract)];
  const result: FetchResult = { written: [], skipped: [], missing: [], manifest: '', notes: [] };
  const settings = { timeoutMs: opts.timeoutMs ?? 30_000, retries: opts.retries ?? 2 };
  for (const spec of files) {
    const path = join(dir, spec.name);
    if (isComplete(path, spec)) {
      result.skipped.push(spec.name);
      continue;
    }
    const outcome = await download(spec, path, settings);
    if (outcome === 'missing') result.missing.push(spec.name);
    else result.written.push(spec.name);
    log(`${outcome === 'missing' ? 'not listed' : 'downloaded'} ${spec.name}`);
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
