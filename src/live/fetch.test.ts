import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoToDay } from '../core/dates.js';
import { fixturesDir } from '../core/paths.js';
import { loadPanel } from '../market/load-panel.js';
import { loadCboeIndex } from '../market/loaders/cboe-index.js';
import { fetchData } from './fetch.js';

const fixture = (name: string): string => readFileSync(join(fixturesDir(), 'fetch', name), 'utf8');

/** A fixture one day longer: its last row again, dated 2024-01-04 (as the publisher's file the next day). */
function grownByADay(text: string): string {
  const last = text.trimEnd().split('\n').pop()!;
  return `${text.trimEnd()}\n${last.replace('01/03/2024', '01/04/2024').replace('2024-01-03', '2024-01-04')}\n`;
}

/**
 * A local server on 127.0.0.1 serving the fixtures at the paths Cboe and FRED use; `mode` breaks one file,
 * and `mode.grown` serves every file one day longer.
 */
async function serve(
  mode: { status?: number; hang?: boolean; wrongHeader?: boolean; path?: string; grown?: boolean } = {},
): Promise<{ server: Server; base: string; hits: string[] }> {
  const hits: string[] = [];
  const fx = (name: string): string => (mode.grown ? grownByADay(fixture(name)) : fixture(name));
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    if (mode.path && url.includes(mode.path)) {
      if (mode.hang) return; // never answers
      if (mode.status) {
        res.writeHead(mode.status).end('error');
        return;
      }
      if (mode.wrongHeader) {
        res.writeHead(200).end('<html>maintenance</html>\n1');
        return;
      }
    }
    const index = /daily_prices\/(\w+)_History\.csv$/.exec(url);
    // Cboe's strategy benchmarks (CNDR, PUT, ...): DATE,<SYMBOL>; BFLY is served as not listed.
    if (index && index[1] === 'BFLY') return void res.writeHead(404).end('not found');
    if (index && ['CNDR', 'PUT', 'BXM', 'PPUT', 'CLL'].includes(index[1]))
      return void res.writeHead(200).end(fx('benchmark.csv').replace('SYMBOL', index[1]));
    if (index)
      return void res
        .writeHead(200)
        .end(index[1] === 'VVIX' ? fx('VVIX.csv') : index[1] === 'SKEW' ? fx('SKEW.csv') : fx('index.csv'));
    if (url.includes('fredgraph.csv?id=DTB3')) return void res.writeHead(200).end(fx('DTB3.csv'));
    if (url.endsWith('VX_2024-01-17.csv')) return void res.writeHead(200).end(fx('VX_jan.csv'));
    if (url.endsWith('VX_2024-02-14.csv')) return void res.writeHead(200).end(fx('VX_feb.csv'));
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, hits };
}

/** Every file the fixtures serve for contracts 2024-01 .. 2024-03 (March is not listed yet). */
const ALL_FILES = [
  'BXM_History.csv',
  'CLL_History.csv',
  'CNDR_History.csv',
  'DTB3.csv',
  'PPUT_History.csv',
  'PUT_History.csv',
  'SKEW_History.csv',
  'VIX3M_History.csv',
  'VIX6M_History.csv',
  'VIX9D_History.csv',
  'VIX_History.csv',
  'VVIX_History.csv',
  'VX_2024-01-17.csv',
  'VX_2024-02-14.csv',
];

type Served = Awaited<ReturnType<typeof serve>>;

/** A folder filled by a first run against the plain fixtures; `body` then runs against a server in `mode`. */
async function afterFirstFetch(
  mode: Parameters<typeof serve>[0],
  body: (dir: string, second: Served) => Promise<void>,
): Promise<void> {
  const first = await serve();
  const dir = mkdtempSync(join(tmpdir(), 'alvh-fetch-'));
  try {
    await fetchData(opts(dir, first.base));
    first.server.close();
    const second = await serve(mode);
    try {
      await body(dir, second);
    } finally {
      second.server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const partFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.part'));

const opts = (dir: string, base: string) => ({
  outDir: dir,
  hosts: { cboe: base, fred: base },
  fromContract: '2024-01',
  toContract: '2024-03',
  today: isoToDay('2024-01-03'),
  timeoutMs: 500,
  retries: 1,
});

test('downloads, writes a manifest that loads, and a second run resumes without downloading again', async () => {
  const { server, base, hits } = await serve();
  const dir = mkdtempSync(join(tmpdir(), 'alvh-fetch-'));
  try {
    const first = await fetchData(opts(dir, base));
    assert.deepEqual(first.written.sort(), ALL_FILES);
    assert.deepEqual(
      first.missing.sort(),
      ['BFLY_History.csv', 'VX_2024-03-20.csv'],
      'a contract not listed yet (or a benchmark not published) is skipped, not an error',
    );
    // Benchmark histories arrive in Cboe's layout and parse as index files.
    const put = loadCboeIndex(join(dir, 'PUT_History.csv'), 'PUT');
    assert.deepEqual(put.dates, ['2024-01-02', '2024-01-03']);
    assert.equal(put.values[1], 1230.25);
    assert.ok(
      first.notes.some((n) => /spx\.csv/.test(n)),
      'says that SPX must be supplied',
    );
    assert.match(
      readFileSync(join(dir, 'vx_contracts.csv'), 'utf8'),
      /^trade_date,contract_month,settle\n2024-01-02,2024-01,14.25\n2024-01-02,2024-02,15.15\n/,
    );
    // With the user's SPX file in place, the folder loads through its own manifest.
    writeFileSync(
      join(dir, 'spx.csv'),
      'date,open,high,low,close\n2024-01-02,4745,4754,4722,4742.83\n2024-01-03,4725,4729,4699,4704.81\n',
    );
    const panel = loadPanel({ dataDir: dir });
    assert.equal(panel.series.vvixClose[1], 88.4);
    assert.equal(panel.futures.settle[panel.futures.start[1]], 14.75);
    const before = hits.length;
    const second = await fetchData(opts(dir, base));
    assert.equal(second.written.length, 0);
    assert.equal(second.skipped.length, ALL_FILES.length);
    assert.equal(hits.length - before, 2, 'only the unlisted contract and benchmark are asked for again');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const [label, mode, pattern] of [
  [
    'a 404 on a required file',
    { path: 'VIX3M_History', status: 404 },
    /cannot download .*VIX3M_History\.csv: HTTP 404/,
  ],
  ['a 500 after retries', { path: 'DTB3', status: 500 }, /cannot download .*DTB3: HTTP 500/],
  [
    'a page that is not the expected CSV',
    { path: 'SKEW_History', wrongHeader: true },
    /unexpected content: the first line is '<html>maintenance<\/html>'/,
  ],
  ['a server that never answers', { path: 'VVIX_History', hang: true }, /no answer within 500 ms/],
] as const) {
  test(`${label}: a clear error and no half file left`, async () => {
    const { server, base } = await serve(mode);
    const dir = mkdtempSync(join(tmpdir(), 'alvh-fetch-'));
    try {
      await assert.rejects(fetchData(opts(dir, base)), pattern);
      assert.deepEqual(partFiles(dir), []);
      const broken = mode.path;
      assert.ok(!readdirSync(dir).some((f) => f.startsWith(broken)), 'the failed file is not there at all');
      assert.ok(!existsSync(join(dir, 'alvh-manifest.json')), 'no manifest for an incomplete folder');
    } finally {
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a later run replaces files that end before the last weekday with the longer download; --no-refresh keeps them', () =>
  afterFirstFetch({ grown: true }, async (dir, grown) => {
    // Monday 2024-01-08: the files end on Wednesday 2024-01-03, before Friday 2024-01-05.
    const monday = { ...opts(dir, grown.base), today: isoToDay('2024-01-08') };
    const kept = await fetchData({ ...monday, refresh: false });
    assert.deepEqual([kept.written, kept.refreshed, kept.skipped.length], [[], [], ALL_FILES.length]);
    assert.equal(
      grown.hits.length,
      2,
      'with --no-refresh only the unlisted contract and benchmark are asked for',
    );
    const later = await fetchData(monday);
    assert.deepEqual(later.refreshed.sort(), ALL_FILES);
    assert.deepEqual(later.written, []);
    assert.match(readFileSync(join(dir, 'VIX_History.csv'), 'utf8'), /\n01\/04\/2024,13\.50,/);
    assert.match(readFileSync(join(dir, 'vx_contracts.csv'), 'utf8'), /\n2024-01-04,2024-02,15\.45\n/);
    assert.deepEqual(partFiles(dir), []);
  }));

for (const [lastRow, why] of [
  ['01/17/2024', 'reaches its expiration'],
  ['01/16/2024', 'stops a day short of its expiration (as H14 did)'],
] as const) {
  test(`an expired contract whose file ${why} is never asked for again`, async () => {
    const { server, base, hits } = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'alvh-fetch-'));
    try {
      const kept = `${fixture('VX_jan.csv').trimEnd()}\n${lastRow},F (Jan 2024),13.1,13.2,13.0,13.1,13.12,0,10,0,0\n`;
      writeFileSync(join(dir, 'VX_2024-01-17.csv'), kept);
      const r = await fetchData({ ...opts(dir, base), toContract: '2024-01', today: isoToDay('2024-02-01') });
      assert.ok(r.skipped.includes('VX_2024-01-17.csv'));
      assert.ok(!hits.some((h) => h.includes('VX_2024-01-17')));
      assert.equal(readFileSync(join(dir, 'VX_2024-01-17.csv'), 'utf8'), kept);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a refresh that fails keeps the previous file whole', () =>
  afterFirstFetch({ grown: true, path: 'daily_prices/VIX_History', status: 503 }, async (dir, broken) => {
    const before = readFileSync(join(dir, 'VIX_History.csv'), 'utf8');
    await assert.rejects(
      fetchData({ ...opts(dir, broken.base), today: isoToDay('2024-01-08') }),
      /cannot download .*VIX_History\.csv: HTTP 503/,
    );
    assert.equal(readFileSync(join(dir, 'VIX_History.csv'), 'utf8'), before);
    assert.deepEqual(partFiles(dir), []);
  }));

test('a refused connection names the cause and the address, not just "fetch failed"', async () => {
  const { server, base } = await serve();
  await new Promise<void>((r) => server.close(() => r()));
  const dir = mkdtempSync(join(tmpdir(), 'alvh-fetch-'));
  try {
    await assert.rejects(
      fetchData({ ...opts(dir, base), retries: 0 }),
      new RegExp(
        `fetch failed \\(connect ECONNREFUSED ${base.replace('http://', '').replace(/\./g, '\\.')}\\)`,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
