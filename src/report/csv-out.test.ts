import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundTrips } from '../analytics/trades.js';
import { readCsv as readCsvFile } from '../market/csv.js';
import { equityCsv, ledgerCsv, tradesCsv } from './csv-out.js';
import { hedgedBacktest } from './fixture-runs.test-helper.js';

/**
 * Reads the text as any CSV reader does with its defaults (pandas.read_csv, a spreadsheet): the header is the
 * first line, each later line a row of that many fields, as records keyed by the header's names.
 */
function readCsv(text: string): Record<string, string>[] {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-csv-'));
  try {
    const file = join(dir, 'out.csv');
    writeFileSync(file, text);
    const table = readCsvFile(file, 'out.csv', 1);
    for (const [k, r] of table.rows.entries())
      assert.equal(r.length, table.header.length, `line ${table.lines[k]}: ${r.length} fields`);
    return table.rows.map((r) => Object.fromEntries(table.header.map((h, j) => [h, r[j]])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every CSV starts with its header: a plain CSV reader gets named columns and every row', () => {
  const { run } = hedgedBacktest().outcome;
  const equity = readCsv(equityCsv(run));
  assert.equal(equity.length, run.books[0].dates.length);
  assert.equal(equity[0].date, run.books[0].dates[0]);
  for (const b of run.books)
    assert.equal(Number(equity.at(-1)![`${b.name}_equity`]).toFixed(2), b.equity.at(-1)!.toFixed(2));
  const ledger = readCsv(ledgerCsv(run));
  assert.equal(
    ledger.length,
    run.books.reduce((s, b) => s + b.ledger.length, 0),
  );
  assert.ok(ledger.every((r) => Number.isInteger(Number(r.position)) && Number(r.position) > 0));
  const trades = readCsv(tradesCsv(run));
  assert.equal(
    trades.length,
    run.books.reduce((s, b) => s + roundTrips(b).length, 0),
  );
  assert.deepEqual(Object.keys(trades[0]), [
    'book',
    'position',
    'sleeve',
    'open_date',
    'close_date',
    'legs',
    'leg_count',
    'kind',
    'open_cash',
    'exit',
    'pnl',
    'days_held',
  ]);
  // The round trips' P&L per book adds up to the ledger's cash plus what is still open, to the cent.
  for (const b of run.books) {
    const pnl = trades.filter((t) => t.book === b.name).reduce((s, t) => s + Number(t.pnl), 0);
    const cash = b.ledger.reduce((s, t) => s + t.cash, 0);
    const open = (b.openAtEnd ?? []).reduce((s, l) => s + l.value, 0);
    assert.ok(Math.abs(pnl - cash - open) < 0.01 * trades.length, `${b.name}: ${pnl} vs ${cash + open}`);
  }
});
