// The paper-trading journal: one SQLite file (sql.js, SQLite compiled to WebAssembly, so nothing is built or
// downloaded at install). Each day is written in one transaction and the file is replaced atomically
// (write a temp file, fsync, rename), so a crash never leaves a half-written day; a lock file refuses a
// second writer with a clear message.
import { closeSync, existsSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { FileError, UserError } from '../core/errors.js';

export const JOURNAL_SCHEMA_VERSION = 2;

export interface JournalOrder {
  book: string;
  sleeve: string;
  instrument: string;
  quantity: number;
  price: number;
  modelPrice: number;
  cost: number;
  cash: number;
  reason: string;
}

export interface JournalPosition {
  sleeve: string;
  instrument: string;
  quantity: number;
  mark: number;
}

export interface JournalDay {
  date: string;
  equity: number;
  cash: number;
  strategyHash: string;
  dataFingerprint: string;
  /** The last day of the data the day was run on: with the fingerprint, it says how the data changed. */
  dataLast: string;
  orders: JournalOrder[];
  positions: JournalPosition[];
  signals: { name: string; value: number | null }[];
}

export interface RecordedDay {
  date: string;
  equity: number;
  cash: number;
  strategyHash: string;
  dataFingerprint: string;
  /** Null for days recorded by a journal of schema version 1. */
  dataLast: string | null;
}

export interface JournalOptions {
  /** Refuse to create the journal: commands that only read it say that it is missing. */
  mustExist?: boolean;
  /** Called after the temp file is written and before it replaces the journal (tests simulate a crash here). */
  beforeRename?: () => void;
}

let sqlPromise: Promise<SqlJsStatic> | null = null;

function sql(): Promise<SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS days (date TEXT PRIMARY KEY, equity REAL NOT NULL, cash REAL NOT NULL, strategy_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL, data_last TEXT);
CREATE TABLE IF NOT EXISTS orders (date TEXT NOT NULL, seq INTEGER NOT NULL, book TEXT NOT NULL, sleeve TEXT NOT NULL, instrument TEXT NOT NULL,
  quantity REAL NOT NULL, price REAL NOT NULL, model_price REAL NOT NULL, cost REAL NOT NULL, cash REAL NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (date, seq));
CREATE TABLE IF NOT EXISTS positions (date TEXT NOT NULL, seq INTEGER NOT NULL, sleeve TEXT NOT NULL, instrument TEXT NOT NULL, quantity REAL NOT NULL, mark REAL NOT NULL, PRIMARY KEY (date, seq));
CREATE TABLE IF NOT EXISTS signals (date TEXT NOT NULL, name TEXT NOT NULL, value REAL, PRIMARY KEY (date, name));
`;

/** Brings an older journal to the current schema in memory; the next recorded day writes it back. */
function migrate(db: Database, path: string): void {
  const version = db.exec("SELECT value FROM meta WHERE key = 'schema_version'");
  const found = version.length === 0 ? null : Number(version[0].values[0][0]);
  if (found === JOURNAL_SCHEMA_VERSION) return;
  if (found === null) {
    db.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [String(JOURNAL_SCHEMA_VERSION)]);
    return;
  }
  if (found !== 1)
    throw new UserError(
      `${path}: journal schema version ${found}, this alvh reads versions 1 to ${JOURNAL_SCHEMA_VERSION}`,
    );
  // Version 2 records the data's last day beside its fingerprint; days recorded before have none.
  db.run('ALTER TABLE days ADD COLUMN data_last TEXT');
  db.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", [String(JOURNAL_SCHEMA_VERSION)]);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock file holding this process's id; false when it exists already. */
function createLock(lockPath: string, journalPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new FileError(`journal ${journalPath}: cannot create its lock file`, lockPath, err);
    return false;
  }
}

function lockHolder(lockPath: string): string {
  try {
    return readFileSync(lockPath, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * Takes the journal's lock. A lock whose process is gone (a run killed mid-way) is taken over, and the
 * returned line says so; a lock held by a running process refuses. Returns null when the lock was free.
 */
function takeLock(lockPath: string, journalPath: string): string | null {
  if (createLock(lockPath, journalPath)) return null;
  const holder = lockHolder(lockPath);
  const pid = Number(holder);
  if (Number.isInteger(pid) && pid > 0 && pidAlive(pid))
    throw new UserError(`journal ${journalPath} is in use by process ${pid}; wait for it to finish`);
  // Removed only if it still names the dead process: another run may have taken it over meanwhile.
  if (lockHolder(lockPath) === holder) rmSync(lockPath, { force: true });
  if (!createLock(lockPath, journalPath))
    throw new UserError(
      `journal ${journalPath} is in use by process ${lockHolder(lockPath) || '?'}; wait for it to finish`,
    );
  return `took over the lock ${lockPath} left by process ${holder || '?'}, which is no longer running`;
}

/** The one-line warning when a day runs on other data than the latest day recorded on or before it. */
function dataChange(before: readonly RecordedDay[], day: JournalDay): string | null {
  const prev = before[before.length - 1];
  if (prev === undefined || prev.dataFingerprint === day.dataFingerprint) return null;
  const span =
    prev.dataLast === null
      ? `the data now end ${day.dataLast}`
      : prev.dataLast === day.dataLast
        ? `the data still end ${day.dataLast}, so rows or files were revised`
        : `the data now end ${day.dataLast} (were ${prev.dataLast})`;
  return `data changed since the journal's day ${prev.date}: fingerprint ${prev.dataFingerprint} -> ${day.dataFingerprint}, ${span}; days already recorded are kept as they were run`;
}

export class Journal {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly db: Database,
    private readonly lockPath: string,
    private readonly options: JournalOptions,
    /** Set when a stale lock of a dead process was taken over: the line to show the user. */
    readonly lockTakenOver: string | null,
  ) {}

  /** Opens a journal, taking its lock; creates it unless `mustExist`. */
  static async open(path: string, options: JournalOptions = {}): Promise<Journal> {
    const exists = existsSync(path);
    if (options.mustExist === true && !exists)
      throw new UserError(`journal file ${path} not found ('alvh journal run --journal ${path}' creates it)`);
    const lockPath = `${path}.lock`;
    const takenOver = takeLock(lockPath, path);
    try {
      const SQL = await sql();
      let bytes: Buffer | undefined;
      try {
        bytes = exists ? readFileSync(path) : undefined;
      } catch (err) {
        throw new FileError('cannot read journal', path, err);
      }
      let db: Database;
      try {
        db = new SQL.Database(bytes);
        // sql.js reads the file's header only at the first statement: a file that is not SQLite fails here.
        db.run(SCHEMA);
      } catch (err) {
        throw new UserError(
          `${path} is not an alvh journal: not a readable SQLite file (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      migrate(db, path);
      return new Journal(path, db, lockPath, options, takenOver);
    } catch (err) {
      unlinkSync(lockPath);
      throw err;
    }
  }

  /** Dates recorded, ascending. */
  days(): RecordedDay[] {
    const res = this.db.exec(
      'SELECT date, equity, cash, strategy_hash, data_fingerprint, data_last FROM days ORDER BY date',
    );
    return res.length === 0
      ? []
      : res[0].values.map((r) => ({
          date: String(r[0]),
          equity: Number(r[1]),
          cash: Number(r[2]),
          strategyHash: String(r[3]),
          dataFingerprint: String(r[4]),
          dataLast: r[5] === null ? null : String(r[5]),
        }));
  }

  ordersOn(date: string): JournalOrder[] {
    const res = this.db.exec(
      'SELECT book, sleeve, instrument, quantity, price, model_price, cost, cash, reason FROM orders WHERE date = ? ORDER BY seq',
      [date],
    );
    return res.length === 0
      ? []
      : res[0].values.map((r) => ({
          book: String(r[0]),
          sleeve: String(r[1]),
          instrument: String(r[2]),
          quantity: Number(r[3]),
          price: Number(r[4]),
          modelPrice: Number(r[5]),
          cost: Number(r[6]),
          cash: Number(r[7]),
          reason: String(r[8]),
        }));
  }

  positionsOn(date: string): JournalPosition[] {
    const res = this.db.exec(
      'SELECT sleeve, instrument, quantity, mark FROM positions WHERE date = ? ORDER BY seq',
      [date],
    );
    return res.length === 0
      ? []
      : res[0].values.map((r) => ({
          sleeve: String(r[0]),
          instrument: String(r[1]),
          quantity: Number(r[2]),
          mark: Number(r[3]),
        }));
  }

  /**
   * Records a day in one transaction, replacing whatever the journal held for that date (a re-run is
   * idempotent). A missed day may be recorded later (`journal run --date D`): each day is a full replay of
   * the strategy from its first day, so it does not depend on the days recorded after it. A
   * journal follows one strategy: a different strategy hash is refused. Data folders grow daily, so
   * different data is accepted; the returned line (null when the data are the same) says what changed.
   */
  recordDay(day: JournalDay): string | null {
    const days = this.days();
    const last = days[days.length - 1];

    if (last && last.strategyHash !== day.strategyHash) {
      throw new UserError(
        `this journal follows strategy ${last.strategyHash}; today's strategy is ${day.strategyHash}: use another journal file`,
      );
    }
    const change = dataChange(
      days.filter((d) => d.date <= day.date),
      day,
    );
    this.db.run('BEGIN');
    try {
      for (const table of ['days', 'orders', 'positions', 'signals'])
        this.db.run(`DELETE FROM ${table} WHERE date = ?`, [day.date]);
      this.db.run(
        'INSERT INTO days (date, equity, cash, strategy_hash, data_fingerprint, data_last) VALUES (?, ?, ?, ?, ?, ?)',
        [day.date, day.equity, day.cash, day.strategyHash, day.dataFingerprint, day.dataLast],
      );
      day.orders.forEach((o, seq) =>
        this.db.run('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          day.date,
          seq,
          o.book,
          o.sleeve,
          o.instrument,
          o.quantity,
          o.price,
          o.modelPrice,
          o.cost,
          o.cash,
          o.reason,
        ]),
      );
      day.positions.forEach((p, seq) =>
        this.db.run('INSERT INTO positions VALUES (?, ?, ?, ?, ?, ?)', [
          day.date,
          seq,
          p.sleeve,
          p.instrument,
          p.quantity,
          p.mark,
        ]),
      );
      for (const s of day.signals)
        this.db.run('INSERT INTO signals VALUES (?, ?, ?)', [day.date, s.name, s.value]);
      this.db.run('COMMIT');
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    }
    this.persist();
    return change;
  }

  /** Writes the database next to the journal, fsyncs it, and renames it over the journal. */
  private persist(): void {
    writeFileAtomic(this.path, this.db.export(), 'the journal', this.options.beforeRename);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    if (existsSync(this.lockPath)) unlinkSync(this.lockPath);
  }
}
