// The study's results in one SQLite file (sql.js): one row per configuration, keyed by its strategy hash,
// the data fingerprint and the run window, with the engine that computed it, every metric, its unhedged
// core's, and the daily returns as little-endian float64 blobs (exact and compact); one row per
// configuration and synthetic path. Writes are idempotent; the file is replaced atomically.
import { existsSync, readFileSync } from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { FileError, UserError } from '../core/errors.js';
import type { ConfigResult, StudyDays, StudyMetrics } from './types.js';

/** 2: rows record their engine (engineVersion()); a version-1 file's rows read as computed by an unknown one. */
export const STUDY_STORE_VERSION = 2;

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
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
  config_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, window_from TEXT NOT NULL, window_to TEXT NOT NULL,
  engine TEXT NOT NULL,
  settings TEXT NOT NULL,
  ${METRICS_SQL},
  returns BLOB NOT NULL, unhedged_returns BLOB NOT NULL, sleeve_returns BLOB NOT NULL,
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

/** Float64 values as little-endian bytes, whatever the machine's byte order. */
export function encodeFloat64(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
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

/** Creates the tables in a sql.js database (a new one, or one read from a study file). */
export function initStudySchema(db: Database): void {
  db.run(SCHEMA);
  const row = db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0];
  const version = row === undefined ? STUDY_STORE_VERSION : Number(row);
  if (!(version >= 1 && version <= STUDY_STORE_VERSION))
    throw new UserError(
      `study results file version ${String(row)}: written by a newer alvh (this one reads up to ${STUDY_STORE_VERSION})`,
    );
  // Version 1 did not record the engine: its rows are kept but count as another engine's, so they rerun.
  if (version === 1)
    db.run(`ALTER TABLE results ADD COLUMN engine TEXT NOT NULL DEFAULT '${UNKNOWN_ENGINE}'`);
  db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [
    'schema_version',
    String(STUDY_STORE_VERSION),
  ]);
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
          encodeFloat64(r.returns),
          encodeFloat64(r.unhedgedReturns),
          encodeFloat64(r.sleeveReturns),
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
  const out: ConfigResult[] = [];
  try {
    for (const id of ids) {
      stmt.bind([id, days.dataFingerprint, from, to, engine]);
      if (!stmt.step()) throw new UserError(`study store: no result for configuration ${id}`);
      const row = stmt.get();
      stmt.reset();
      const n = METRIC_COLUMNS.length;
      out.push({
        id,
        settings: JSON.parse(String(row[0])) as Record<string, unknown>,
        metrics: metricsFrom(row, 1),
        returns: decodeFloat64(row[n + 2] as Uint8Array),
        unhedgedReturns: decodeFloat64(row[n + 3] as Uint8Array),
        sleeveReturns: decodeFloat64(row[n + 4] as Uint8Array),
      });
    }
  } finally {
    stmt.free();
  }
  return out;
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

/** A study's SQLite file: opened (or created) in memory, saved atomically at each checkpoint. */
export class StudyStore {
  private constructor(
    readonly path: string,
    readonly db: Database,
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
      try {
        initStudySchema(db);
      } catch (err) {
        db.close();
        if (err instanceof UserError) throw new UserError(`${path}: ${err.message}`);
        throw new UserError(
          `${path}: not a study results file (SQLite); move it away or choose another --out`,
        );
      }
    } else {
      db = new SQL.Database();
      initStudySchema(db);
    }
    return new StudyStore(path, db);
  }

  /** Saves the database: temp file, fsync, rename. */
  checkpoint(): void {
    writeFileAtomic(this.path, this.db.export(), 'the study results');
  }

  close(): void {
    this.db.close();
  }
}
