// Importing 10 million generated quote rows (one option per row, the cboe-datashop layout) through the
// importer into the SQLite store and out to a file: rows a second, against the 60-second target.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_MAPPINGS } from '../src/market/chain-formats.js';
import { importChainLines } from '../src/market/chain-import.js';
import { ChainStore } from '../src/market/chain-store.js';

const HEADER = 'underlying_symbol,quote_date,root,expiration,strike,option_type,bid_eod,ask_eod';

/** Rows of `days` quote dates x 20 expirations x strikes x call/put, deterministic. */
function* rows(total: number): Generator<string> {
  yield HEADER;
  let n = 0;
  for (let day = 0; n < total; day++) {
    const date = `20${String(10 + Math.floor(day / 250)).padStart(2, '0')}-0${1 + ((day % 250) % 9)}-${String(1 + (day % 28)).padStart(2, '0')}`;
    for (let e = 0; e < 20 && n < total; e++) {
      const exp = `2030-${String(1 + (e % 12)).padStart(2, '0')}-${String(1 + e).padStart(2, '0')}`;
      for (let k = 0; k < 125 && n < total; k++) {
        const strike = 3000 + 10 * k;
        for (const cp of ['C', 'P']) {
          const bid = (1 + ((k * 7 + e) % 50)).toFixed(2);
          yield `^SPX,${date},SPX,${exp},${strike},${cp},${bid},${(Number(bid) + 0.2).toFixed(2)}`;
          if (++n >= total) break;
        }
      }
    }
  }
}

export async function run(total = Number(process.env.ALVH_BENCH_CHAIN_ROWS ?? 10_000_000)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bench-chains-'));
  try {
    const t0 = process.hrtime.bigint();
    const store = await ChainStore.create();
    const report = store.transaction(() =>
      importChainLines(rows(total), 'generated.csv', BUILT_IN_MAPPINGS['cboe-datashop'], (q) => store.add(q)),
    );
    const t1 = process.hrtime.bigint();
    const out = join(dir, 'chains.db');
    store.save(out);
    const t2 = process.hrtime.bigint();
    const parse = Number(t1 - t0) / 1e9;
    const all = Number(t2 - t0) / 1e9;
    process.stdout.write(
      `chains import: ${report.rows.toLocaleString('en-US')} rows, ${report.quotes.toLocaleString('en-US')} quotes in ${all.toFixed(1)} s ` +
        `(${Math.round(report.rows / all).toLocaleString('en-US')} rows/s; parse and insert ${parse.toFixed(1)} s, ` +
        `write ${(all - parse).toFixed(1)} s, ${(statSync(out).size / 1e6).toFixed(0)} MB); target 10 million in <= 60 s\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
