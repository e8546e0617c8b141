// The study's results in one SQLite file (sql.js): one row per configuration, keyed by its strategy hash,
// the data fingerprint and the run window, with every metric, its unhedged core's, and the daily returns as
// little-endian float64 blobs (exact and compact). Writes are idempotent; the file is replaced atomically.
import { existsSync, readFileSync } from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { FileError, UserError } from '../core/errors.js';
import type { ConfigResult, StudyDays, StudyMetrics } from './types.js';

export const STUDY_STORE_VERSION = 1;

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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
  config_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, window_from TEXT NOT NULL, window_to TEXT NOT NULL,
  settings TEXT NOT NULL,
  ${METRIC_COLUMNS.map((c) => `${c} REAL`).join(', ')},
  stress_drawdown_reduction TEXT NOT NULL,
  returns BLOB NOT NULL, unhedged_returns BLOB NOT NULL, sleeve_returns BLOB NOT NULL,
  PRIMARY KEY (config_hash, data_fingerprint, window_from, window_to));
`;

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
  db.run('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', [
    'schema_version',
    String(STUDY_STORE_VERSION),
  ]);
}

/**
 * Writes results keyed by (configuration hash, data fingerprint, window): a result already stored is kept
 * (a configuration's run is deterministic, so writing it twice changes nothing). Returns how many were new.
 */
export function writeResults(db: Database, results: readonly ConfigResult[], days: StudyDays): number {
  const [from, to] = windowOf(days);
  const cols = ['config_hash', 'data_fingerprint', 'window_from', 'window_to', 'settings', ...METRIC_COLUMNS];
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO results (${cols.join(', ')}, stress_drawdown_reduction, returns, unhedged_returns, sleeve_returns) VALUES (${[...cols, 1, 2, 3, 4].map(() => '?').join(', ')})`,
  );
  let added = 0;
  db.run('BEGIN');
  try {
    for (const r of results) {
      const m = r.metrics;
      stmt.run([
        r.id,
        days.dataFingerprint,
        from,
        to,
        canonicalJson(r.settings),
        ...METRIC_COLUMNS.map((c) => (Number.isFinite(m[c]) ? m[c] : null)),
        canonicalJson(m.stress_drawdown_reduction),
        encodeFloat64(r.returns),
        encodeFloat64(r.unhedgedReturns),
        encodeFloat64(r.sleeveReturns),
      ]);
      added += db.getRowsModified();
    }
    db.run('COMMIT');
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  } finally {
    stmt.free();
  }
  return added;
}

/** The configuration hashes already stored for these data and window. */
export function storedIds(db: Database, days: StudyDays): Set<string> {
  const [from, to] = windowOf(days);
  const stmt = db.prepare(
    'SELECT config_hash FROM results WHERE data_fingerprint = ? AND window_from = ? AND window_to = ?',
  );
  const out = new Set<string>();
  try {
    stmt.bind([days.dataFingerprint, from, to]);
    while (stmt.step()) out.add(String(stmt.get()[0]));
  } finally {
    stmt.free();
  }
  return out;
}

/** Reads the stored results for `ids` (in that order), for these data and window. */
export function readResults(db: Database, ids: readonly string[], days: StudyDays): ConfigResult[] {
  const [from, to] = windowOf(days);
  const stmt = db.prepare(
    `SELECT settings, ${METRIC_COLUMNS.join(', ')}, stress_drawdown_reduction, returns, unhedged_returns, sleeve_returns FROM results WHERE config_hash = ? AND data_fingerprint = ? AND window_from = ? AND window_to = ?`,
  );
  const out: ConfigResult[] = [];
  try {
    for (const id of ids) {
      stmt.bind([id, days.dataFingerprint, from, to]);
      if (!stmt.step()) throw new UserError(`study store: no result for configuration ${id}`);
      const row = stmt.get();
      stmt.reset();
      const metrics: Record<string, unknown> = {};
      METRIC_COLUMNS.forEach((c, k) => (metrics[c] = row[k + 1] === null ? NaN : Number(row[k + 1])));
      const n = METRIC_COLUMNS.length;
      metrics.stress_drawdown_reduction = JSON.parse(String(row[n + 1])) as Record<string, number>;
      out.push({
        id,
        settings: JSON.parse(String(row[0])) as Record<string, unknown>,
        metrics: metrics as unknown as StudyMetrics,
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
      } catch {
        db.close();
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
