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
import { fetchData } from './fetch.js';

const fx = (name: string): string => readFileSync(join(fixturesDir(), 'fetch', name), 'utf8');

/** A local server on 127.0.0.1 serving the fixtures at the paths Cboe and FRED use; `mode` breaks one file. */
async function serve(
  mode: { status?: number; hang?: boolean; wrongHeader?: boolean; path?: string } = {},
): Promise<{ server: Server; base: string; hits: string[] }> {
  const hits: string[] = [];
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
    assert.deepEqual(first.written.sort(), [
      'DTB3.csv',
      'SKEW_History.csv',
      'VIX3M_History.csv',
      'VIX6M_History.csv',
      'VIX9D_History.csv',
      'VIX_History.csv',
      'VVIX_History.csv',
      'VX_2024-01-17.csv',
      'VX_2024-02-14.csv',
    ]);
    assert.deepEqual(
      first.missing,
      ['VX_2024-03-20.csv'],
      'a contract not listed yet is skipped, not an error',
    );
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
    assert.equal(second.skipped.length, 9);
    assert.equal(hits.length - before, 1, 'only the unlisted contract is asked for again');
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
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith('.part')),
        [],
      );
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
