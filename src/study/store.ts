// The study's results: one SQLite file (sql.js) of rows, one per configuration, keyed by its strategy hash,
// the data fingerprint and the run window, with the engine that computed it, every metric and its unhedged
// core's, and its daily returns by reference to content-addressed blobs (little-endian float64, exact), each
// stored once: a study's configurations share their cores' returns. A store opened on a file keeps the blob
// bytes in an append-only heap beside it (study.returns), so a checkpoint appends the new returns and
// rewrites only the small index; a bare database keeps them inline. One row per configuration and synthetic
// path. Writes are idempotent; the index is replaced atomically after the heap is synced.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import { BlobHeap } from './blob-heap.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { FileError, UserError } from '../core/errors.js';
import type { ConfigResult, StudyDays, StudyMetrics } from './types.js';

/**
 * 2: rows record their engine (engineVersion()); a version-1 file's rows read as computed by an unknown one.
 * 3: daily returns are blobs by content hash (table `blobs`, bytes in the heap file or inline), not columns;
 * older files are migrated when opened.
 */
export const STUDY_STORE_VERSION = 3;

/** The scalar metrics, one column each (stress reductions travel as JSON). */
export const METRIC_COLUMNS = [
  'drawdown_reduction',
  'hedge_cost',
  'hedge_cost_calm',
  'months_credited_mtm',
  'months_credited_cash',
  'cagr',
  'max_drawdown',
  'volatility',
  'sharpe',
  'hedge_spend',
  'unhedged_cagr',
  'unhedged_max_drawdown',
  'unhedged_sharpe',
] as const satisfies readonly Exclude<keyof StudyMetrics, 'stress_drawdown_reduction'>[];

const METRICS_SQL = `${METRIC_COLUMNS.map((c) => `${c} REAL`).join(', ')}, stress_drawdown_reduction TEXT NOT NULL`;

// The engine is a column, not part of the key: a result recomputed by another engine replaces the old row.
// The returns columns hold blob hashes (table blobs: the bytes inline, or their place in the heap file).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (
  hash TEXT PRIMARY KEY, byte_length INTEGER NOT NULL, heap_offset INTEGER, bytes BLOB);
CREATE TABLE IF NOT EXISTS results (
  config_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, window_from TEXT NOT NULL, window_to TEXT NOT NULL,
  engine TEXT NOT NULL,
  settings TEXT NOT NULL,
  ${METRICS_SQL},
  returns TEXT NOT NULL, unhedged_returns TEXT NOT NULL, sleeve_returns TEXT NOT NULL,
  PRIMARY KEY (config_hash, data_fingerprint, window_from, window_to));
CREATE TABLE IF NOT EXISTS path_results (
  config_hash TEXT NOT NULL, path_market TEXT NOT NULL, engine TEXT NOT NULL,
  path_seed INTEGER NOT NULL, path_years INTEGER NOT NULL,
  ${METRICS_SQL},
  PRIMARY KEY (config_hash, path_market));
`;

/** What an engine column holds for rows of a version-1 file (never equal to a real engine version). */
export const UNKNOWN_ENGINE = '';

let sqlPromise: Promise<SqlJsStatic> | null = null;
function sql(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** Float64 values as little-endian bytes, whatever the machine's byte order. */
export function encodeFloat64(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  if (LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return bytes;
  }
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.byteLength / 8);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/**
 * The bytes of values as the store keeps them, without a copy where the machine is little-endian: the
 * store holds them until its next checkpoint, and a study's results are not changed once made.
 */
function bytesOf(values: Float64Array): Uint8Array {
  return LITTLE_ENDIAN
    ? new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
    : encodeFloat64(values);
}

/** Values from bytes the caller hands over (read for this call only): wrapped, not copied, where it can. */
function valuesOf(bytes: Uint8Array): Float64Array {
  return LITTLE_ENDIAN && bytes.byteOffset % 8 === 0 && bytes.byteLength % 8 === 0
    ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
    : decodeFloat64(bytes);
}

/** The heap file of each database a StudyStore opened on a file (a bare database keeps blobs inline). */
const heaps = new WeakMap<Database, BlobHeap>();

/** A blob's key: 128 bits of its SHA-256, hex. */
function blobHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** Stores a blob once (by content) and returns its hash. */
function putBlob(db: Database, bytes: Uint8Array): string {
  const hash = blobHash(bytes);
  const heap = heaps.get(db);
  let stmt = blobInserts.get(db);
  if (stmt === undefined) {
    stmt = db.prepare(
      'INSERT OR IGNORE INTO blobs (hash, byte_length, heap_offset, bytes) VALUES (?, ?, ?, ?)',
    );
    blobInserts.set(db, stmt);
  }
  stmt.run([hash, bytes.byteLength, heap ? heap.nextOffset() : null, heap ? null : bytes]);
  if (heap && db.getRowsModified() === 1) heap.add(bytes);
  return hash;
}

/** Each database's prepared blob insert (freed with the store, or with the database). */
const blobInserts = new WeakMap<Database, Statement>();

/** Bytes read from the heap in one call at most, when reading many blobs back (adjacent blobs share a read). */
const READ_RUN_BYTES = 64 * 1024 * 1024;

/**
 * Reads blobs by hash, each decoded once (results sharing a core share its returns array). `prefetch` reads a
 * set of heap blobs in runs of adjacent bytes, each run one read and one buffer the blobs are views of.
 */
function blobReader(db: Database): {
  prefetch: (hashes: Iterable<string>) => void;
  get: (hash: string) => Float64Array;
  free: () => void;
} {
  const stmt = db.prepare('SELECT byte_length, heap_offset, bytes FROM blobs WHERE hash = ?');
  const heap = heaps.get(db);
  const seen = new Map<string, Float64Array>();
  const locate = (hash: string): { length: number; offset: number | null; bytes: Uint8Array | null } => {
    stmt.bind([hash]);
    if (!stmt.step()) {
      stmt.reset();
      throw new UserError(`study store: no returns blob ${hash}`);
    }
    const [length, offset, bytes] = stmt.get();
    stmt.reset();
    return {
      length: Number(length),
      offset: offset === null ? null : Number(offset),
      bytes: bytes instanceof Uint8Array ? bytes : null,
    };
  };
  const get = (hash: string): Float64Array => {
    let out = seen.get(hash);
    if (out !== undefined) return out;
    const b = locate(hash);
    if (b.bytes !== null) out = decodeFloat64(b.bytes);
    else if (heap && b.offset !== null) out = valuesOf(heap.readCopy(b.offset, b.length));
    else throw new UserError(`study store: returns blob ${hash} is in a heap file this store has not opened`);
    seen.set(hash, out);
    return out;
  };
  const prefetch = (hashes: Iterable<string>): void => {
    if (!heap || !LITTLE_ENDIAN) return;
    const want: { hash: string; offset: number; length: number }[] = [];
    for (const hash of new Set(hashes)) {
      if (seen.has(hash)) continue;
      const b = locate(hash);
      if (
        b.bytes === null &&
        b.offset !== null &&
        b.length % 8 === 0 &&
        b.offset + b.length <= heap.syncedEnd()
      )
        want.push({ hash, offset: b.offset, length: b.length });
    }
    want.sort((a, b) => a.offset - b.offset);
    for (let k = 0; k < want.length;) {
      let end = k + 1;
      let stop = want[k].offset + want[k].length;
      while (
        end < want.length &&
        want[end].offset === stop &&
        stop + want[end].length - want[k].offset <= READ_RUN_BYTES
      )
        stop += want[end++].length;
      const run = heap.readCopy(want[k].offset, stop - want[k].offset);
      for (let j = k; j < end; j++)
        seen.set(
          want[j].hash,
          new Float64Array(run.buffer, run.byteOffset + want[j].offset - want[k].offset, want[j].length / 8),
        );
      k = end;
    }
  };
  return { prefetch, get, free: () => stmt.free() };
}

/** JSON with object keys sorted, so equal settings always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function windowOf(days: StudyDays): [string, string] {
  if (days.dates.length === 0) throw new UserError('a study window has no days');
  return [days.dates[0], days.dates[days.dates.length - 1]];
}

/** Creates the tables in a sql.js database (a new one, or one read from a study file), migrating older files. */
export function initStudySchema(db: Database): void {
  db.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const row = db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0];
  const version = row === undefined ? STUDY_STORE_VERSION : Number(row);
  if (!(version >= 1 && version <= STUDY_STORE_VERSION))
    throw new UserError(
      `study results file version ${String(row)}: written by a newer alvh (this one reads up to ${STUDY_STORE_VERSION})`,
    );
  const hasResults =
    db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'results'").length > 0;
  const migrate = version < 3 && hasResults;
  if (migrate) db.run('ALTER TABLE results RENAME TO results_before_v3');
  db.run(SCHEMA);
  if (migrate) inTransaction(db, () => migrateInlineReturns(db, version));
  db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [
    'schema_version',
    String(STUDY_STORE_VERSION),
  ]);
}

/**
 * Moves a version-1 or -2 file's rows (returns as blob columns) into the version-3 tables. Version 1 did not
 * record the engine: its rows are kept but count as another engine's, so they rerun.
 */
function migrateInlineReturns(db: Database, version: number): void {
  const cols = [
    'config_hash',
    'data_fingerprint',
    'window_from',
    'window_to',
    'engine',
    'settings',
    ...METRIC_COLUMNS,
    'stress_drawdown_reduction',
  ];
  const source = cols.map((c) => (c === 'engine' && version === 1 ? `'${UNKNOWN_ENGINE}'` : c));
  const read = db.prepare(
    `SELECT ${source.join(', ')}, returns, unhedged_returns, sleeve_returns FROM results_before_v3`,
  );
  const write = db.prepare(
    `INSERT OR IGNORE INTO results (${cols.join(', ')}, returns, unhedged_returns, sleeve_returns) VALUES (${[...cols, 1, 2, 3].map(() => '?').join(', ')})`,
  );
  try {
    while (read.step()) {
      const row = read.get();
      const blobs = row
        .slice(cols.length)
        .map((b) => putBlob(db, b instanceof Uint8Array ? b : new Uint8Array()));
      write.run([...row.slice(0, cols.length), ...blobs]);
    }
  } finally {
    read.free();
    write.free();
  }
  db.run('DROP TABLE results_before_v3');
}

const metricValues = (m: StudyMetrics): (number | string | null)[] => [
  ...METRIC_COLUMNS.map((c) => (Number.isFinite(m[c]) ? m[c] : null)),
  canonicalJson(m.stress_drawdown_reduction),
];

/** The metrics from a row's metric columns starting at `at` (NULL back to NaN). */
function metricsFrom(row: readonly unknown[], at: number): StudyMetrics {
  const metrics: Record<string, unknown> = {};
  METRIC_COLUMNS.forEach((c, k) => (metrics[c] = row[at + k] === null ? NaN : Number(row[at + k])));
  metrics.stress_drawdown_reduction = JSON.parse(String(row[at + METRIC_COLUMNS.length])) as Record<
    string,
    number
  >;
  return metrics as unknown as StudyMetrics;
}

/** Runs `fn` in one transaction. */
function inTransaction<T>(db: Database, fn: () => T): T {
  db.run('BEGIN');
  try {
    const out = fn();
    db.run('COMMIT');
    return out;
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  }
}

/** Every (first column, engine) pair a query returns. */
function engines(db: Database, query: string, params: (string | number)[]): Map<string, string> {
  const stmt = db.prepare(query);
  const out = new Map<string, string>();
  try {
    stmt.bind(params);
    while (stmt.step()) {
      const [id, engine] = stmt.get();
      out.set(String(id), String(engine));
    }
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * Writes results keyed by (configuration hash, data fingerprint, window), computed by `engine`: a result
 * already stored by the same engine is kept (a configuration's run is deterministic, so writing it twice
 * changes nothing), one stored by another engine is replaced. Returns how many rows changed.
 */
export function writeResults(
  db: Database,
  results: readonly ConfigResult[],
  days: StudyDays,
  engine: string,
): number {
  const [from, to] = windowOf(days);
  const cols = ['config_hash', 'data_fingerprint', 'window_from', 'window_to', 'engine', 'settings'];
  const n = cols.length + METRIC_COLUMNS.length + 4;
  const drop = db.prepare(
    'DELETE FROM results WHERE config_hash = ? AND data_fingerprint = ? AND window_from = ? AND window_to = ? AND engine <> ?',
  );
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO results (${[...cols, ...METRIC_COLUMNS].join(', ')}, stress_drawdown_reduction, returns, unhedged_returns, sleeve_returns) VALUES (${Array.from({ length: n }, () => '?').join(', ')})`,
  );
  try {
    return inTransaction(db, () => {
      let added = 0;
      for (const r of results) {
        drop.run([r.id, days.dataFingerprint, from, to, engine]);
        stmt.run([
          r.id,
          days.dataFingerprint,
          from,
          to,
          engine,
          canonicalJson(r.settings),
          ...metricValues(r.metrics),
          // Stored before the row, so the row never names a blob that is not there.
          putBlob(db, bytesOf(r.returns)),
          putBlob(db, bytesOf(r.unhedgedReturns)),
          putBlob(db, bytesOf(r.sleeveReturns)),
        ]);
        added += db.getRowsModified();
      }
      return added;
    });
  } finally {
    drop.free();
    stmt.free();
  }
}

/** Per configuration hash stored for these data and window: the engine that computed it. */
export function storedEngines(db: Database, days: StudyDays): Map<string, string> {
  const [from, to] = windowOf(days);
  return engines(
    db,
    'SELECT config_hash, engine FROM results WHERE data_fingerprint = ? AND window_from = ? AND window_to = ?',
    [days.dataFingerprint, from, to],
  );
}

/** The configuration hashes stored for these data and window by `engine` (the only ones reusable). */
export function storedIds(db: Database, days: StudyDays, engine: string): Set<string> {
  const out = new Set<string>();
  for (const [id, e] of storedEngines(db, days)) if (e === engine) out.add(id);
  return out;
}

/** Reads the results for `ids` (in that order) stored for these data and window by `engine`. */
export function readResults(
  db: Database,
  ids: readonly string[],
  days: StudyDays,
  engine: string,
): ConfigResult[] {
  const [from, to] = windowOf(days);
  const stmt = db.prepare(
    `SELECT settings, ${METRIC_COLUMNS.join(', ')}, stress_drawdown_reduction, returns, unhedged_returns, sleeve_returns FROM results WHERE config_hash = ? AND data_fingerprint = ? AND window_from = ? AND window_to = ? AND engine = ?`,
  );
  const blobs = blobReader(db);
  const n = METRIC_COLUMNS.length;
  try {
    const rows = ids.map((id) => {
      stmt.bind([id, days.dataFingerprint, from, to, engine]);
      if (!stmt.step()) {
        stmt.reset();
        throw new UserError(`study store: no result for configuration ${id}`);
      }
      const row = stmt.get();
      stmt.reset();
      return row;
    });
    blobs.prefetch(rows.flatMap((row) => [String(row[n + 2]), String(row[n + 3]), String(row[n + 4])]));
    return rows.map((row, k) => ({
      id: ids[k],
      settings: JSON.parse(String(row[0])) as Record<string, unknown>,
      metrics: metricsFrom(row, 1),
      returns: blobs.get(String(row[n + 2])),
      unhedgedReturns: blobs.get(String(row[n + 3])),
      sleeveReturns: blobs.get(String(row[n + 4])),
    }));
  } finally {
    stmt.free();
    blobs.free();
  }
}

/** One configuration's metrics on one synthetic path (paths do not line up, so no daily returns). */
export interface PathResult {
  id: string;
  /** The path's key (pathMarketKey): its simulation and the window rule, so equal keys are equal runs. */
  market: string;
  seed: number;
  years: number;
  metrics: StudyMetrics;
}

/** Writes path results as writeResults does (same engine kept, another engine's replaced). */
export function writePathResults(db: Database, results: readonly PathResult[], engine: string): number {
  const cols = ['config_hash', 'path_market', 'engine', 'path_seed', 'path_years', ...METRIC_COLUMNS];
  const drop = db.prepare(
    'DELETE FROM path_results WHERE config_hash = ? AND path_market = ? AND engine <> ?',
  );
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO path_results (${cols.join(', ')}, stress_drawdown_reduction) VALUES (${[...cols, 1].map(() => '?').join(', ')})`,
  );
  try {
    return inTransaction(db, () => {
      let added = 0;
      for (const r of results) {
        drop.run([r.id, r.market, engine]);
        stmt.run([r.id, r.market, engine, r.seed, r.years, ...metricValues(r.metrics)]);
        added += db.getRowsModified();
      }
      return added;
    });
  } finally {
    drop.free();
    stmt.free();
  }
}

/** Per `<config hash> <path key>` of the path results stored for `markets`: the engine that computed it. */
export function storedPathEngines(db: Database, markets: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const market of markets)
    for (const [id, e] of engines(db, 'SELECT config_hash, engine FROM path_results WHERE path_market = ?', [
      market,
    ]))
      out.set(`${id} ${market}`, e);
  return out;
}

/** The stored path result of each (configuration, path key) pair, by `engine`, in that order. */
export function readPathResults(
  db: Database,
  pairs: readonly { id: string; market: string }[],
  engine: string,
): PathResult[] {
  const stmt = db.prepare(
    `SELECT path_seed, path_years, ${METRIC_COLUMNS.join(', ')}, stress_drawdown_reduction FROM path_results WHERE config_hash = ? AND path_market = ? AND engine = ?`,
  );
  const out: PathResult[] = [];
  try {
    for (const { id, market } of pairs) {
      stmt.bind([id, market, engine]);
      if (!stmt.step()) throw new UserError(`study store: no path result for configuration ${id}`);
      const row = stmt.get();
      stmt.reset();
      out.push({ id, market, seed: Number(row[0]), years: Number(row[1]), metrics: metricsFrom(row, 2) });
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** The heap file beside a study's SQLite file: `study.sqlite` -> `study.returns`. */
export function heapPathOf(path: string): string {
  return `${path.replace(/\.sqlite$/, '')}.returns`;
}

/**
 * A study's results: the SQLite index, opened (or created) in memory and saved atomically at each
 * checkpoint, and the blob heap beside it, appended and synced first.
 */
export class StudyStore {
  private constructor(
    readonly path: string,
    readonly db: Database,
    private readonly heap: BlobHeap,
  ) {}

  static async open(path: string): Promise<StudyStore> {
    const SQL = await sql();
    let db: Database;
    if (existsSync(path)) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch (err) {
        throw new FileError('cannot read the study results', path, err);
      }
      db = new SQL.Database(bytes);
    } else db = new SQL.Database();
    let heap: BlobHeap | null = null;
    try {
      try {
        initStudySchema(db);
      } catch (err) {
        if (err instanceof UserError) throw new UserError(`${path}: ${err.message}`);
        throw new UserError(
          `${path}: not a study results file (SQLite); move it away or choose another --out`,
        );
      }
      const end = db.exec('SELECT MAX(heap_offset + byte_length) FROM blobs WHERE heap_offset IS NOT NULL')[0]
        ?.values[0]?.[0];
      heap = new BlobHeap(heapPathOf(path), end === null || end === undefined ? 0 : Number(end));
      heaps.set(db, heap);
      // A file migrated from an older version holds its blobs inline: they move to the heap when saved.
      moveInlineBlobs(db, heap);
    } catch (err) {
      heap?.close();
      db.close();
      throw err;
    }
    return new StudyStore(path, db, heap);
  }

  /** Makes everything written so far durable: the heap's new blobs (fsync), then the index (atomically). */
  checkpoint(): void {
    this.heap.sync();
    writeFileAtomic(this.path, this.db.export(), 'the study results');
  }

  close(): void {
    blobInserts.get(this.db)?.free();
    blobInserts.delete(this.db);
    heaps.delete(this.db);
    this.heap.close();
    this.db.close();
  }
}

/** Gives the heap every blob a database holds inline (a migrated file's), in one transaction. */
function moveInlineBlobs(db: Database, heap: BlobHeap): void {
  const found = db.exec('SELECT hash, bytes FROM blobs WHERE heap_offset IS NULL')[0]?.values ?? [];
  if (found.length === 0) return;
  inTransaction(db, () => {
    for (const [hash, bytes] of found) {
      const b = bytes instanceof Uint8Array ? bytes : new Uint8Array();
      db.run('UPDATE blobs SET heap_offset = ?, bytes = NULL WHERE hash = ?', [heap.add(b), String(hash)]);
    }
  });
}
