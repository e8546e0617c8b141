import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { UserError } from '../core/errors.js';
import { Journal, type JournalDay } from './journal-store.js';

const day = (date: string, equity: number, extra: Partial<JournalDay> = {}): JournalDay => ({
  date,
  equity,
  cash: equity - 100,
  strategyHash: 'abc',
  dataFingerprint: 'fp',
  dataLast: date,
  orders: [
    {
      book: 'alvh',
      sleeve: 'core',
      instrument: 'SPX 2024-02-16 P 4450',
      quantity: -10,
      price: 12.5,
      modelPrice: 12.6,
      cost: 10,
      cash: 12490,
      reason: 'open',
    },
  ],
  positions: [{ sleeve: 'core', instrument: 'SPX 2024-02-16 P 4450', quantity: -10, mark: 12.6 }],
  signals: [
    { name: 'vix', value: 13.2 },
    { name: 'm1', value: null },
  ],
  ...extra,
});

function tempJournal(): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-journal-'));
  return { path: join(dir, 'journal.sqlite'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('records days, reads them back, and re-running a day is idempotent', async () => {
  const { path, done } = tempJournal();
  try {
    const j = await Journal.open(path);
    j.recordDay(day('2024-01-02', 1_000_000));
    j.recordDay(day('2024-01-03', 1_001_000));
    j.recordDay(day('2024-01-03', 1_001_000));
    assert.deepEqual(
      j.days().map((d) => d.date),
      ['2024-01-02', '2024-01-03'],
    );
    assert.equal(j.ordersOn('2024-01-03').length, 1);
    assert.equal(j.ordersOn('2024-01-03')[0].price, 12.5);
    assert.deepEqual(j.positionsOn('2024-01-02'), [
      { sleeve: 'core', instrument: 'SPX 2024-02-16 P 4450', quantity: -10, mark: 12.6 },
    ]);
    j.close();
    const again = await Journal.open(path);
    assert.deepEqual(
      again.days().map((d) => d.equity),
      [1_000_000, 1_001_000],
      'persisted to the file',
    );
    // A missed day recorded later: it lands in date order, the later days untouched.
    again.recordDay(day('2023-12-29', 999_000));
    assert.deepEqual(
      again.days().map((d) => [d.date, d.equity]),
      [
        ['2023-12-29', 999_000],
        ['2024-01-02', 1_000_000],
        ['2024-01-03', 1_001_000],
      ],
    );
    assert.throws(
      () => again.recordDay(day('2024-01-04', 1, { strategyHash: 'other' })),
      /follows strategy abc/,
    );
    again.close();
  } finally {
    done();
  }
});

test('a failing day is rolled back whole: no partial day in the journal', async () => {
  const { path, done } = tempJournal();
  try {
    const j = await Journal.open(path);
    j.recordDay(day('2024-01-02', 1_000_000));
    const bad = day('2024-01-03', 1_000_500);
    // The second order has a NULL where the schema says NOT NULL: the insert fails after the day row went in.
    bad.orders.push({ ...bad.orders[0], instrument: null as unknown as string });
    assert.throws(() => j.recordDay(bad));
    assert.deepEqual(
      j.days().map((d) => d.date),
      ['2024-01-02'],
    );
    assert.deepEqual(j.ordersOn('2024-01-03'), []);
    j.close();
  } finally {
    done();
  }
});

test('a crash between the temp write and the rename leaves the previous journal intact', async () => {
  const { path, done } = tempJournal();
  try {
    const j = await Journal.open(path);
    j.recordDay(day('2024-01-02', 1_000_000));
    j.close();
    const before = readFileSync(path);
    const crashing = await Journal.open(path, {
      beforeRename: () => {
        throw new Error('simulated crash');
      },
    });
    assert.throws(() => crashing.recordDay(day('2024-01-03', 1_000_500)), /simulated crash/);
    crashing.close();
    assert.deepEqual(readFileSync(path), before);
    const after = await Journal.open(path);
    assert.deepEqual(
      after.days().map((d) => d.date),
      ['2024-01-02'],
    );
    after.close();
  } finally {
    done();
  }
});

test('two runs at once are refused; the lock of a process that is gone is taken over, and said', async () => {
  const { path, done } = tempJournal();
  try {
    const first = await Journal.open(path);
    await assert.rejects(
      Journal.open(path),
      (e: unknown) =>
        e instanceof UserError && new RegExp(`in use by process ${process.pid}`).test(e.message),
    );
    first.close();
    assert.ok(!existsSync(`${path}.lock`));
    writeFileSync(`${path}.lock`, '999999');
    const taken = await Journal.open(path);
    assert.match(
      taken.lockTakenOver ?? '',
      /took over the lock .*\.lock left by process 999999, which is no longer running/,
    );
    assert.equal(readFileSync(`${path}.lock`, 'utf8'), String(process.pid));
    await assert.rejects(Journal.open(path), /in use by process/);
    taken.close();
    assert.ok(!existsSync(`${path}.lock`));
    const clean = await Journal.open(path);
    assert.equal(clean.lockTakenOver, null);
    clean.close();
  } finally {
    done();
  }
});

test('a day run on other data is recorded and returns a one-line warning saying what changed', async () => {
  const { path, done } = tempJournal();
  try {
    const j = await Journal.open(path);
    assert.equal(j.recordDay(day('2024-01-02', 1_000_000)), null);
    assert.equal(j.recordDay(day('2024-01-03', 1_000_100, { dataLast: '2024-01-02' })), null);
    const grown = j.recordDay(day('2024-01-04', 1_000_200, { dataFingerprint: 'fp2' }));
    assert.match(
      grown ?? '',
      /^data changed since the journal's day 2024-01-03: fingerprint fp -> fp2, the data now end 2024-01-04 \(were 2024-01-02\)/,
    );
    assert.doesNotMatch(grown ?? '', /\n/);
    const revised = j.recordDay(day('2024-01-04', 1_000_200, { dataFingerprint: 'fp3' }));
    assert.match(revised ?? '', /fp2 -> fp3, the data still end 2024-01-04, so rows or files were revised/);
    assert.deepEqual(
      j.days().map((d) => [d.dataFingerprint, d.dataLast]),
      [
        ['fp', '2024-01-02'],
        ['fp', '2024-01-02'],
        ['fp3', '2024-01-04'],
      ],
    );
    j.close();
  } finally {
    done();
  }
});

test('a version 1 journal (no data_last) opens, and its days compare by fingerprint', async () => {
  const { path, done } = tempJournal();
  try {
    const SQL = await initSqlJs();
    const old = new SQL.Database();
    old.run(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE days (date TEXT PRIMARY KEY, equity REAL NOT NULL, cash REAL NOT NULL, strategy_hash TEXT NOT NULL, data_fingerprint TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      INSERT INTO days VALUES ('2024-01-02', 1000000, 999900, 'abc', 'fp');`);
    writeFileSync(path, old.export());
    old.close();
    const j = await Journal.open(path);
    assert.equal(j.days()[0].dataLast, null);
    assert.match(
      j.recordDay(day('2024-01-03', 1_000_100, { dataFingerprint: 'fp2' })) ?? '',
      /fingerprint fp -> fp2, the data now end 2024-01-03;/,
    );
    j.close();
  } finally {
    done();
  }
});

test('a missing, misplaced or foreign journal file is a clear user error and leaves no lock', async () => {
  const { path, done } = tempJournal();
  try {
    await assert.rejects(
      Journal.open(path, { mustExist: true }),
      (e: unknown) => e instanceof UserError && /journal file .* not found/.test(e.message),
    );
    assert.ok(!existsSync(path));
    writeFileSync(path, 'date,equity\n2024-01-02,1\n'.repeat(200));
    await assert.rejects(
      Journal.open(path),
      (e: unknown) =>
        e instanceof UserError && /is not an alvh journal: not a readable SQLite file/.test(e.message),
    );
    assert.ok(!existsSync(`${path}.lock`));
    // A journal inside a path whose parent is a file: the lock cannot be made; the error says where and why.
    await assert.rejects(
      Journal.open(join(path, 'j.sqlite')),
      (e: unknown) =>
        e instanceof UserError &&
        /cannot create its lock file .*: not a directory \(ENOTDIR\)/.test(e.message),
    );
  } finally {
    done();
  }
});
