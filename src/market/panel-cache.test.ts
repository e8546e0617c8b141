import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { loadPanel } from './load-panel.js';
import { loadPanelCached, panelCacheDir } from './panel-cache.js';
import { decodePanel, encodePanel } from './panel-codec.js';

const mini = (): string => join(fixturesDir(), 'market', 'mini');

test('codec: the real reference panel survives a round trip, every array and field equal', () => {
  const dir = sharedDataDir();
  if (!existsSync(dir)) return;
  const panel = loadPanel({ dataDir: dir });
  const back = decodePanel(encodePanel(panel, { k: 1 }));
  assert.ok(back !== undefined);
  assert.deepEqual(back.meta, { k: 1 });
  assert.deepEqual(back.value, panel);
  assert.ok((back.value as typeof panel).series.spxClose instanceof Float64Array);
});

test('codec: a buffer that is not a cache file, or is cut short, decodes to nothing', () => {
  const buf = encodePanel({ a: Float64Array.from([1, 2, 3]) }, null);
  assert.equal(decodePanel(Buffer.from('hello world, not a panel')), undefined);
  assert.equal(decodePanel(buf.subarray(0, buf.byteLength - 8)), undefined);
});

test('cache: stored, then hit with the same panel; a touched file rebuilds it; off loads from the files', () => {
  const work = mkdtempSync(join(tmpdir(), 'alvh-cache-'));
  try {
    const data = join(work, 'data');
    cpSync(mini(), data, { recursive: true });
    const cache = join(work, 'cache');
    const direct = loadPanel({ dataDir: data });
    const first = loadPanelCached({ dataDir: data }, cache);
    assert.equal(first.cache, 'stored');
    const second = loadPanelCached({ dataDir: data }, cache);
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.panel, direct);
    // A new modification time on one file: the cache is rebuilt, never served stale.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(data, 'vvix.csv'), later, later);
    assert.equal(loadPanelCached({ dataDir: data }, cache).cache, 'stored');
    assert.equal(loadPanelCached({ dataDir: data }, cache).cache, 'hit');
    assert.equal(loadPanelCached({ dataDir: data }, null).cache, 'off');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('cache: an unwritable cache folder still gives the panel, and says why it was not cached', () => {
  const work = mkdtempSync(join(tmpdir(), 'alvh-cache-'));
  try {
    const cache = join(work, 'ro');
    cpSync(mini(), join(work, 'data'), { recursive: true });
    cpSync(mini(), cache, { recursive: true });
    chmodSync(cache, 0o500);
    const got = loadPanelCached({ dataDir: join(work, 'data') }, cache);
    if (process.getuid?.() === 0) return; // root writes anywhere
    assert.equal(got.cache, 'not-stored');
    assert.match(got.note ?? '', /panel cache not written to .*ro \(permission denied \(EACCES\)\)/);
    assert.deepEqual(got.panel, loadPanel({ dataDir: join(work, 'data') }));
  } finally {
    chmodSync(join(work, 'ro'), 0o700);
    rmSync(work, { recursive: true, force: true });
  }
});

test('cache folder: ALVH_CACHE_DIR moves it, off turns it off, else XDG_CACHE_HOME or ~/.cache', () => {
  assert.equal(panelCacheDir({ ALVH_CACHE_DIR: '/tmp/x' }), '/tmp/x');
  assert.equal(panelCacheDir({ ALVH_CACHE_DIR: 'off' }), null);
  assert.equal(panelCacheDir({ XDG_CACHE_HOME: '/var/c' }), '/var/c/alvh');
  assert.match(panelCacheDir({}) ?? '', /\.cache\/alvh$/);
});
