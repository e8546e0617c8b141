// Option quotes in one SQLite file (sql.js), one row per chain slice (quote day, root, expiry) holding its
// strikes, sides, bids and asks as little-endian arrays: the slice is what a day's view reads, and a row
// per quote made a 10-million-quote import ten times slower. A quote imported twice keeps the later value,
// and the store counts how many were replaced.
import type { Database, SqlJsStatic } from 'sql.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { ImportedQuote } from './chain-import.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS slices (
  quote_day INTEGER NOT NULL, root TEXT NOT NULL, expiry_day INTEGER NOT NULL,
  strikes BLOB NOT NULL, is_call BLOB NOT NULL, bids BLOB NOT NULL, asks BLOB NOT NULL,
  PRIMARY KEY (quote_day, root, expiry_day));
`;

let sqlPromise: Promise<SqlJsStatic> | null = null;
/** sql.js loaded on first use: a backtest without --chains never needs it. */
function sql(): Promise<SqlJsStatic> {
  sqlPromise ??= import('sql.js').then((m) => m.default());
  return sqlPromise;
}

/** Quotes buffered for one slice, in arrival order. */
interface Pending {
  quoteDay: number;
  root: string;
  expiry: number;
  strikes: number[];
  isCall: number[];
  bids: number[];
  asks: number[];
}

/** Buffered quotes are written once this many have arrived (bounds memory on large imports). */
const FLUSH_QUOTES = 1_000_000;

function f64(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

function fromF64(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** A stored slice's columns as arrays. */
function decodeSlice(row: Uint8Array[]): {
  strikes: Float64Array;
  isCall: Uint8Array;
  bids: Float64Array;
  asks: Float64Array;
} {
  const [s, c, b, a] = row;
  return { strikes: fromF64(s), isCall: c, bids: fromF64(b), asks: fromF64(a) };
}

/** One day's quotes of one root and expiration, by strike (puts first at a strike). */
export interface ChainSlice {
  quoteDay: number;
  root: string;
  expiry: number;
  strikes: Float64Array;
  /** 1 for a call, 0 for a put. */
  isCall: Uint8Array;
  bids: Float64Array;
  asks: Float64Array;
}

export class ChainStore {
  private pending = new Map<string, Pending>();
  private pendingCount = 0;
  private replacedCount = 0;

  private constructor(private readonly db: Database) {
    db.run(SCHEMA);
  }

  static async create(bytes?: Uint8Array): Promise<ChainStore> {
    const SQL = await sql();
    return new ChainStore(new SQL.Database(bytes));
  }

  /** Runs `body` and writes what it added in one transaction. */
  transaction<T>(body: () => T): T {
    const out = body();
    this.flush();
    return out;
  }

  add(q: ImportedQuote): void {
    const key = `${q.quoteDay}|${q.root}|${q.expiry}`;
    let p = this.pending.get(key);
    if (p === undefined) {
      p = {
        quoteDay: q.quoteDay,
        root: q.root,
        expiry: q.expiry,
        strikes: [],
        isCall: [],
        bids: [],
        asks: [],
      };
      this.pending.set(key, p);
    }
    p.strikes.push(q.strike);
    p.isCall.push(q.isCall ? 1 : 0);
    p.bids.push(q.bid);
    p.asks.push(q.ask);
    if (++this.pendingCount >= FLUSH_QUOTES) this.flush();
  }

  /** Merges every buffered slice into the stored one (later quotes win), sorted by strike, puts first. */
  private flush(): void {
    if (this.pending.size === 0) return;
    const select = this.db.prepare(
      'SELECT strikes, is_call, bids, asks FROM slices WHERE quote_day = ? AND root = ? AND expiry_day = ?',
    );
    const upsert = this.db.prepare('INSERT OR REPLACE INTO slices VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.run('BEGIN');
    try {
      for (const p of this.pending.values()) {
        const merged = new Map<number, [number, number, number, number]>();
        select.bind([p.quoteDay, p.root, p.expiry]);
        if (select.step()) {
          const { strikes, isCall, bids, asks } = decodeSlice(select.get() as Uint8Array[]);
          for (let k = 0; k < strikes.length; k++)
            merged.set(strikes[k] * 2 + isCall[k], [strikes[k], isCall[k], bids[k], asks[k]]);
        }
        select.reset();
        for (let k = 0; k < p.strikes.length; k++) {
          const id = p.strikes[k] * 2 + p.isCall[k];
          if (merged.has(id)) this.replacedCount++;
          merged.set(id, [p.strikes[k], p.isCall[k], p.bids[k], p.asks[k]]);
        }
        const rows = [...merged.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        upsert.run([
          p.quoteDay,
          p.root,
          p.expiry,
          f64(rows.map((r) => r[0])),
          Uint8Array.from(rows.map((r) => r[1])),
          f64(rows.map((r) => r[2])),
          f64(rows.map((r) => r[3])),
        ]);
      }
      this.db.run('COMMIT');
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    } finally {
      select.free();
      upsert.free();
    }
    this.pending = new Map();
    this.pendingCount = 0;
  }

  count(): number {
    this.flush();
    return Number(this.db.exec('SELECT coalesce(sum(length(is_call)), 0) FROM slices')[0].values[0][0]);
  }

  /** Quotes added so far that replaced one already stored. */
  replaced(): number {
    this.flush();
    return this.replacedCount;
  }

  /** The quotes of one day, one root and one expiry, by strike (puts first). */
  quotesOn(quoteDay: number, root: string, expiry: number): ImportedQuote[] {
    this.flush();
    const st = this.db.prepare(
      'SELECT strikes, is_call, bids, asks FROM slices WHERE quote_day = ? AND root = ? AND expiry_day = ?',
    );
    st.bind([quoteDay, root, expiry]);
    const out: ImportedQuote[] = [];
    if (st.step()) {
      const { strikes, isCall, bids, asks } = decodeSlice(st.get() as Uint8Array[]);
      for (let k = 0; k < strikes.length; k++)
        out.push({
          quoteDay,
          root,
          expiry,
          strike: strikes[k],
          isCall: isCall[k] === 1,
          bid: bids[k],
          ask: asks[k],
        });
    }
    st.free();
    return out;
  }

  /** Every stored slice quoted from `fromDay` to `toDay` (inclusive), in key order. */
  slicesBetween(fromDay: number, toDay: number): ChainSlice[] {
    this.flush();
    const st = this.db.prepare(
      'SELECT quote_day, root, expiry_day, strikes, is_call, bids, asks FROM slices WHERE quote_day BETWEEN ? AND ? ORDER BY quote_day, root, expiry_day',
    );
    st.bind([fromDay, toDay]);
    const out: ChainSlice[] = [];
    while (st.step()) {
      const row = st.get();
      out.push({
        quoteDay: row[0] as number,
        root: row[1] as string,
        expiry: row[2] as number,
        ...decodeSlice(row.slice(3) as Uint8Array[]),
      });
    }
    st.free();
    return out;
  }

  save(path: string): void {
    this.flush();
    writeFileAtomic(path, this.db.export(), 'the chain database');
    this.db.close();
  }
}
