import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import initSqlJs from 'sql.js';
import { heapPathOf, readResults, storedIds, StudyStore, writeResults } from './store.js';
import type { ConfigResult, StudyDays } from './types.js';

const E = '0.1.0+aaaaaaaaaaaa';
const DAYS = 300;
const days: StudyDays = {
  dates: Array.from(
    { length: DAYS + 1 },
    (_, t) =>
      `2020-${String(1 + Math.floor(t / 28)).padStart(2, '0')}-${String(1 + (t % 28)).padStart(2, '0')}`,
  ),
  dataFingerprint: 'abc',
};

/** Deterministic pseudo-returns: every configuration its own, the core's shared by `core`. */
function series(seed: number): Float64Array {
  const out = new Float64Array(DAYS);
  let x = seed;
  for (let t = 0; t < DAYS; t++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[t] = (x / 2147483648 - 0.5) / 50;
  }
  return out;
}

function result(id: string, k: number, core: number): ConfigResult {
  return {
    id,
    settings: { k },
    metrics: {
      drawdown_reduction: k / 10,
      hedge_cost: 0.01,
      hedge_cost_calm: NaN,
      months_credited_mtm: 0.6,
      months_credited_cash: 0.4,
      cagr: 0.02,
      max_drawdown: 0.3,
      volatility: 0.1,
      sharpe: 0.5,
      hedge_spend: 0.02,
      unhedged_cagr: 0.01,
      unhedged_max_drawdown: 0.5,
      unhedged_sharpe: 0.1,
      stress_drawdown_reduction: {},
    },
    returns: series(1000 + k),
    unhedgedReturns: series(core),
    sleeveReturns: series(2000 + k),
  };
}

const withDir = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-heap-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('returns go to the heap beside the index, each blob once: configurations share their core', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'study.sqlite');
    const store = await StudyStore.open(path);
    const rs = [result('h1', 1, 7), result('h2', 2, 7), result('h3', 3, 7)];
    assert.equal(writeResults(store.db, rs, days, E), 3);
    store.checkpoint();
    store.close();
    // Three hedged, three sleeve and one shared core series: seven blobs of 8 bytes a day.
    assert.equal(statSync(heapPathOf(path)).size, 7 * DAYS * 8);
    const again = await StudyStore.open(path);
    const back = readResults(again.db, ['h1', 'h2', 'h3'], days, E);
    for (let k = 0; k < 3; k++) {
      assert.deepEqual(back[k].returns, rs[k].returns);
      assert.deepEqual(back[k].sleeveReturns, rs[k].sleeveReturns);
      assert.deepEqual(back[k].unhedgedReturns, rs[k].unhedgedReturns);
    }
    assert.equal(back[0].unhedgedReturns, back[2].unhedgedReturns, 'one array for the shared core');
    // The index holds no returns bytes.
    assert.equal(
      Number(again.db.exec('SELECT COUNT(*) FROM blobs WHERE bytes IS NOT NULL')[0].values[0][0]),
      0,
    );
    again.close();
  });
});

test('killed after the heap was synced but before the index was saved: the tail is cut off on the rerun', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'study.sqlite');
    const store = await StudyStore.open(path);
    writeResults(store.db, [result('h1', 1, 7)], days, E);
    store.checkpoint();
    copyFileSync(path, join(dir, 'index-before'));
    writeResults(store.db, [result('h2', 2, 7)], days, E);
    store.checkpoint();
    store.close();
    // Play the kill: the new index never replaced the old one; the heap already holds h2's bytes.
    copyFileSync(join(dir, 'index-before'), path);
    assert.equal(statSync(heapPathOf(path)).size, 5 * DAYS * 8);
    const rerun = await StudyStore.open(path);
    assert.deepEqual([...storedIds(rerun.db, days, E)], ['h1']);
    writeResults(rerun.db, [result('h2', 2, 7), result('h3', 3, 7)], days, E);
    rerun.checkpoint();
    rerun.close();
    // h1 (3 blobs), h2 and h3 (2 each, the core already stored): no orphan bytes left behind.
    assert.equal(statSync(heapPathOf(path)).size, 7 * DAYS * 8);
    const last = await StudyStore.open(path);
    const back = readResults(last.db, ['h1', 'h2', 'h3'], days, E);
    assert.deepEqual(back[1].returns, result('h2', 2, 7).returns);
    assert.deepEqual(back[2].sleeveReturns, result('h3', 3, 7).sleeveReturns);
    last.close();
  });
});

test('a heap shorter than its index is refused in one line', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'study.sqlite');
    const store = await StudyStore.open(path);
    writeResults(store.db, [result('h1', 1, 7)], days, E);
    store.checkpoint();
    store.close();
    truncateSync(heapPathOf(path), 100);
    await assert.rejects(
      StudyStore.open(path),
      /study\.returns: 100 bytes, but its index names 7200: the results files are damaged/,
    );
  });
});

test('a version-2 file (returns inline) is migrated: the same numbers, the bytes moved to the heap', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'study.sqlite');
    const SQL = await initSqlJs();
    const v2 = new SQL.Database();
    const metrics =
      'drawdown_reduction REAL, hedge_cost REAL, hedge_cost_calm REAL, months_credited_mtm REAL, months_credited_cash REAL, cagr REAL, max_drawdown REAL, volatility REAL, sharpe REAL, hedge_spend REAL, unhedged_cagr REAL, unhedged_max_drawdown REAL, unhedged_sharpe REAL, stress_drawdown_reduction TEXT NOT NULL';
    v2.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '2');
      CREATE TABLE results (config_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, window_from TEXT NOT NULL,
        window_to TEXT NOT NULL, engine TEXT NOT NULL, settings TEXT NOT NULL, ${metrics},
        returns BLOB NOT NULL, unhedged_returns BLOB NOT NULL, sleeve_returns BLOB NOT NULL,
        PRIMARY KEY (config_hash, data_fingerprint, window_from, window_to));`);
    const r = result('h1', 1, 7);
    const bytes = (x: Float64Array): Uint8Array => new Uint8Array(x.buffer.slice(0));
    v2.run(
      `INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ${Array.from({ length: 14 }, () => '?').join(', ')}, ?, ?, ?)`,
      [
        'h1',
        'abc',
        days.dates[0],
        days.dates[DAYS],
        E,
        '{"k":1}',
        0.1,
        0.01,
        null,
        0.6,
        0.4,
        0.02,
        0.3,
        0.1,
        0.5,
        0.02,
        0.01,
        0.5,
        0.1,
        '{}',
        bytes(r.returns),
        bytes(r.unhedgedReturns),
        bytes(r.sleeveReturns),
      ],
    );
    writeFileSync(path, v2.export());
    v2.close();
    const store = await StudyStore.open(path);
    const [back] = readResults(store.db, ['h1'], days, E);
    assert.deepEqual(back.returns, r.returns);
    assert.deepEqual(back.unhedgedReturns, r.unhedgedReturns);
    assert.deepEqual(back.metrics, r.metrics);
    store.checkpoint();
    store.close();
    assert.equal(statSync(heapPathOf(path)).size, 3 * DAYS * 8);
    const again = await StudyStore.open(path);
    assert.deepEqual(readResults(again.db, ['h1'], days, E)[0].sleeveReturns, r.sleeveReturns);
    assert.equal(
      Number(again.db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0].values[0][0]),
      3,
    );
    again.close();
  });
});
