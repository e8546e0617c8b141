import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ConfigResult, StudyDays } from './types.js';
import initSqlJs from 'sql.js';
import {
  canonicalJson,
  readPathResults,
  storedEngines,
  storedPathEngines,
  UNKNOWN_ENGINE,
  writePathResults,
  decodeFloat64,
  encodeFloat64,
  readResults,
  storedIds,
  StudyStore,
  writeResults,
} from './store.js';

const E = '0.1.0+aaaaaaaaaaaa';
const days: StudyDays = {
  dates: ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'],
  dataFingerprint: 'abc',
};

function result(id: string, x: number): ConfigResult {
  return {
    id,
    settings: { 'condor.wings.percent': x, 'costs.spread_paid': 0.5 },
    metrics: {
      drawdown_reduction: 0.35,
      hedge_cost: 0.012345,
      hedge_cost_calm: NaN,
      months_credited_mtm: 0.65,
      months_credited_cash: 0.4,
      cagr: -0.048,
      max_drawdown: 0.76,
      volatility: 0.1,
      sharpe: -0.5123,
      hedge_spend: 0.02,
      unhedged_cagr: 0.01,
      unhedged_max_drawdown: 0.5,
      unhedged_sharpe: 0.1,
      stress_drawdown_reduction: { '2008-crisis': 0.2 },
    },
    returns: Float64Array.from([0.01, -1 / 3, 1e-300]),
    unhedgedReturns: Float64Array.from([0, Math.PI, -0.5]),
    sleeveReturns: Float64Array.from([-0, 1e-17, 2]),
  };
}

test('float64 blobs round-trip every bit', () => {
  const xs = Float64Array.from([0.1, -0, Number.MIN_VALUE, 1 / 3, -1e308, NaN]);
  const back = decodeFloat64(encodeFloat64(xs));
  assert.deepEqual([...new Uint8Array(back.buffer)], [...new Uint8Array(xs.buffer)]);
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
});

test('results are written once per key, read back exactly, and survive a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const store = await StudyStore.open(path);
    assert.equal(writeResults(store.db, [result('h1', 0.01), result('h2', 0.02)], days, E), 2);
    assert.equal(writeResults(store.db, [result('h1', 0.01), result('h3', 0.03)], days, E), 1);
    // Other data are other keys.
    assert.equal(storedIds(store.db, { ...days, dataFingerprint: 'other' }, E).size, 0);
    store.checkpoint();
    store.close();
    assert.ok(!existsSync(`${path}.tmp`));
    const again = await StudyStore.open(path);
    assert.deepEqual([...storedIds(again.db, days, E)].sort(), ['h1', 'h2', 'h3']);
    const [r] = readResults(again.db, ['h2'], days, E);
    const want = result('h2', 0.02);
    assert.deepEqual(r.settings, want.settings);
    assert.deepEqual(r.metrics, want.metrics);
    assert.deepEqual(r.returns, want.returns);
    assert.deepEqual(r.unhedgedReturns, want.unhedgedReturns);
    assert.deepEqual(r.sleeveReturns, want.sleeveReturns);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a study store is refused in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'not sqlite at all, just text that is long enough to look like a header');
    await assert.rejects(StudyStore.open(path), /not a study results file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a result stored by another engine is not reused, and rewriting it by this engine replaces it', async () => {
  const store = await StudyStore.open(join(tmpdir(), 'alvh-store-never-written.sqlite'));
  try {
    const B = '0.1.0+bbbbbbbbbbbb';
    assert.equal(writeResults(store.db, [result('h1', 0.01), result('h2', 0.02)], days, E), 2);
    assert.equal(storedIds(store.db, days, B).size, 0);
    assert.deepEqual(
      [...storedEngines(store.db, days)],
      [
        ['h1', E],
        ['h2', E],
      ],
    );
    assert.throws(() => readResults(store.db, ['h1'], days, B), /no result for configuration h1/);
    // Engine B recomputes h1 (its numbers differ): the row is replaced, not doubled; h2 stays A's.
    const newer = { ...result('h1', 0.01), metrics: { ...result('h1', 0.01).metrics, cagr: 0.05 } };
    assert.equal(writeResults(store.db, [newer], days, B), 1);
    assert.deepEqual([...storedEngines(store.db, days)].sort(), [
      ['h1', B],
      ['h2', E],
    ]);
    assert.equal(readResults(store.db, ['h1'], days, B)[0].metrics.cagr, 0.05);
    assert.equal(Number(store.db.exec('SELECT COUNT(*) FROM results')[0].values[0][0]), 2);
  } finally {
    store.close();
  }
});

test('path results: keyed by configuration and path, read back exactly, replaced by another engine', async () => {
  const store = await StudyStore.open(join(tmpdir(), 'alvh-store-never-written.sqlite'));
  try {
    const r = (id: string, market: string) => ({
      id,
      market,
      seed: 12345,
      years: 20,
      metrics: result(id, 0).metrics,
    });
    assert.equal(writePathResults(store.db, [r('h1', 'p0'), r('h1', 'p1'), r('h2', 'p0')], E), 3);
    assert.equal(writePathResults(store.db, [r('h1', 'p0')], E), 0);
    assert.deepEqual([...storedPathEngines(store.db, ['p0'])].sort(), [
      ['h1 p0', E],
      ['h2 p0', E],
    ]);
    const [back] = readPathResults(store.db, [{ id: 'h1', market: 'p1' }], E);
    assert.deepEqual(back, r('h1', 'p1'));
    assert.equal(writePathResults(store.db, [r('h1', 'p1')], 'other'), 1);
    assert.equal(storedPathEngines(store.db, ['p1']).get('h1 p1'), 'other');
    assert.equal(Number(store.db.exec('SELECT COUNT(*) FROM path_results')[0].values[0][0]), 3);
  } finally {
    store.close();
  }
});

test('a version-1 results file opens: its rows are kept as an unknown engine, so a study recomputes them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    // The version-1 schema as alvh wrote it before results recorded their engine.
    const SQL = await initSqlJs();
    const v1 = new SQL.Database();
    v1.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE results (config_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, window_from TEXT NOT NULL,
        window_to TEXT NOT NULL, settings TEXT NOT NULL, drawdown_reduction REAL, hedge_cost REAL, hedge_cost_calm REAL,
        months_credited_mtm REAL, months_credited_cash REAL, cagr REAL, max_drawdown REAL, volatility REAL, sharpe REAL,
        hedge_spend REAL, unhedged_cagr REAL, unhedged_max_drawdown REAL, unhedged_sharpe REAL,
        stress_drawdown_reduction TEXT NOT NULL, returns BLOB NOT NULL, unhedged_returns BLOB NOT NULL,
        sleeve_returns BLOB NOT NULL, PRIMARY KEY (config_hash, data_fingerprint, window_from, window_to));
      INSERT INTO results VALUES ('h1', 'abc', '2020-01-02', '2020-01-07', '{}', 0.3, 0.01, 0.01, 0.6, 0.4, 0.02,
        0.2, 0.1, 0.5, 0.02, 0.01, 0.3, 0.2, '{}', x'', x'', x'');`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, v1.export());
    v1.close();
    const store = await StudyStore.open(path);
    assert.deepEqual([...storedEngines(store.db, days)], [['h1', UNKNOWN_ENGINE]]);
    assert.equal(storedIds(store.db, days, E).size, 0);
    assert.equal(writeResults(store.db, [result('h1', 0.01)], days, E), 1);
    assert.deepEqual([...storedIds(store.db, days, E)], ['h1']);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a results file from a newer alvh is refused in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99');",
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, db.export());
    db.close();
    await assert.rejects(
      StudyStore.open(path),
      /study\.sqlite: study results file version 99: written by a newer alvh/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
