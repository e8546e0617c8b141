// The paper-trading journal: one SQLite file (sql.js, SQLite compiled to WebAssembly, so nothing is built or
// downloaded at install). Each day is written in one transaction and the file is replaced atomically
// (write a temp file, fsync, rename), so a crash never leaves a half-written day; a lock file refuses a
// second writer with a clear message.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { UserError } from '../core/errors.js';

export const JOURNAL_SCHEMA_VERSION = 1;

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
  orders: JournalOrder[];
  positions: JournalPosition[];
  signals: { name: string; value: number | null }[];
}

export interface JournalHooks {
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
CREATE TABLE IF NOT EXISTS days (date TEXT PRIMARY KEY, equity REAL NOT NULL, cash REAL NOT NULL, strategy_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (date TEXT NOT NULL, seq INTEGER NOT NULL, book TEXT NOT NULL, sleeve TEXT NOT NULL, instrument TEXT NOT NULL,
  quantity REAL NOT NULL, price REAL NOT NULL, model_price REAL NOT NULL, cost REAL NOT NULL, cash REAL NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (date, seq));
CREATE TABLE IF NOT EXISTS positions (date TEXT NOT NULL, seq INTEGER NOT NULL, sleeve TEXT NOT NULL, instrument TEXT NOT NULL, quantity REAL NOT NULL, mark REAL NOT NULL, PRIMARY KEY (date, seq));
CREATE TABLE IF NOT EXISTS signals (date TEXT NOT NULL, name TEXT NOT NULL, value REAL, PRIMARY KEY (date, name));
`;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(lockPath: string, journalPath: string): void {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) {
      throw new UserError(`journal ${journalPath} is in use by process ${pid}; wait for it to finish`);
    }
    throw new UserError(
      `journal ${journalPath} has a stale lock ${lockPath} left by process ${Number.isInteger(pid) ? pid : '?'}, which is no longer running; remove the lock file if no other alvh is using this journal`,
    );
  }
}

export class Journal {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly db: Database,
    private readonly lockPath: string,
    private readonly hooks: JournalHooks,
  ) {}

  /** Opens (or creates) a journal, taking its lock. */
  static async open(path: string, hooks: JournalHooks = {}): Promise<Journal> {
    const lockPath = `${path}.lock`;
    takeLock(lockPath, path);
    try {
      const SQL = await sql();
      let db: Database;
      try {
        db = existsSync(path) ? new SQL.Database(readFileSync(path)) : new SQL.Database();
      } catch {
        throw new UserError(`${path} is not an alvh journal (not a readable SQLite file)`);
      }
      db.run(SCHEMA);
      const version = db.exec("SELECT value FROM meta WHERE key = 'schema_version'");
      if (version.length === 0)
        db.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", [
          String(JOURNAL_SCHEMA_VERSION),
        ]);
      else if (Number(version[0].values[0][0]) !== JOURNAL_SCHEMA_VERSION) {
        throw new UserError(
          `${path}: journal schema version ${version[0].values[0][0]}, this alvh reads version ${JOURNAL_SCHEMA_VERSION}`,
        );
      }
      return new Journal(path, db, lockPath, hooks);
    } catch (err) {
      unlinkSync(lockPath);
      throw err;
    }
  }

  /** Dates recorded, ascending. */
  days(): { date: string; equity: number; cash: number; strategyHash: string; dataFingerprint: string }[] {
    const res = this.db.exec(
      'SELECT date, equity, cash, strategy_hash, data_fingerprint FROM days ORDER BY date',
    );
    return res.length === 0
      ? []
      : res[0].values.map((r) => ({
          date: String(r[0]),
          equity: Number(r[1]),
          cash: Number(r[2]),
          strategyHash: String(r[3]),
          dataFingerprint: String(r[4]),
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
   * idempotent). A date before the last recorded one is refused unless it is already in the journal, and a
   * journal follows one strategy: a different strategy hash is refused.
   */
  recordDay(day: JournalDay): void {
    const days = this.days();
    const last = days[days.length - 1];
    if (last && day.date < last.date && !days.some((d) => d.date === day.date)) {
      throw new UserError(
        `the journal already runs to ${last.date}; ${day.date} is earlier and was never recorded`,
      );
    }
    if (last && last.strategyHash !== day.strategyHash) {
      throw new UserError(
        `this journal follows strategy ${last.strategyHash}; today's strategy is ${day.strategyHash}: use another journal file`,
      );
    }
    this.db.run('BEGIN');
    try {
      for (const table of ['days', 'orders', 'positions', 'signals'])
        this.db.run(`DELETE FROM ${table} WHERE date = ?`, [day.date]);
      this.db.run(
        'INSERT INTO days (date, equity, cash, strategy_hash, data_fingerprint) VALUES (?, ?, ?, ?, ?)',
        [day.date, day.equity, day.cash, day.strategyHash, day.dataFingerprint],
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
  }

  /** Writes the database next to the journal, fsyncs it, and renames it over the journal. */
  private persist(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, this.db.export());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.hooks.beforeRename?.();
    renameSync(tmp, this.path);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    if (existsSync(this.lockPath)) unlinkSync(this.lockPath);
  }
}
