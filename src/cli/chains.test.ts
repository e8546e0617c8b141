import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir } from '../core/paths.js';
import { ChainStore } from '../market/chain-store.js';
import { runCli } from './spawn-cli.test-helper.js';

const fx = (name: string): string => join(fixturesDir(), 'chains', name);

test('alvh chains import: counts per file, the skipped rows by reason, and a database that reopens', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'alvh-chains-')), 'chains.db');
  const run = await runCli([
    'chains',
    'import',
    fx('bad-rows.csv'),
    fx('datashop.csv'),
    '--format',
    'cboe-datashop',
    '--out',
    out,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /bad-rows\.csv: 6 rows, 1 quotes; skipped 1 crossed quote \(first at bad-rows\.csv:3 \[bid_eod\]\)/,
  );
  // The 4700 call is in both files: the second replaces the first, and the count says so.
  assert.match(run.stdout, /chains\.db: 4 quotes \(1 imported again replaced the earlier quote\)/);
  const store = await ChainStore.create(readFileSync(out));
  assert.equal(store.count(), 4);
  const missing = await runCli([
    'chains',
    'import',
    fx('missing-column.csv'),
    '--format',
    'cboe-datashop',
    '--out',
    out,
  ]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /missing-column\.csv:1 \[ask_eod\]: missing column/);
});
