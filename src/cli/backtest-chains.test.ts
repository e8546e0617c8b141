// `alvh backtest --chains` end to end: a real Cboe chain imported, the run's legs marked from its quotes on
// that day, the counts in the notes and summary.json, and a clear error for a database that is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

const CHAIN = join(sharedDataDir(), 'options', 'spx_chain_cboe_2024-01-05.csv');

test(
  'backtest --chains: the books are marked from the real chain on its day, and say how many prices were quotes',
  { skip: existsSync(CHAIN) ? false : `needs the reference data (${CHAIN})` },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-bt-chains-'));
    try {
      const db = join(dir, 'chains.db');
      const imported = await runCli(['chains', 'import', CHAIN, '--format', 'cboe-quotes', '--out', db]);
      assert.equal(imported.code, 0, imported.stderr);
      const args = ['backtest', '--data', sharedDataDir(), '--from', '2023-11-01', '--to', '2024-02-29'];
      const withChains = await runCli([
        ...args,
        '--baselines',
        'none',
        '--chains',
        db,
        '--out',
        join(dir, 'q'),
      ]);
      assert.equal(withChains.code, 0, withChains.stderr);
      assert.match(
        withChains.stdout,
        /priced from real chains where listed \(alvh\): \d+ of \d+ option fills/,
      );
      const model = await runCli([...args, '--baselines', 'none', '--out', join(dir, 'm')]);
      assert.equal(model.code, 0, model.stderr);
      const summary = (name: string) =>
        JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8')).summary;
      const q = summary('q');
      assert.equal(summary('m').pricing, undefined, 'a model run has no pricing counts');
      assert.ok(q.pricing.quote_marks > 0, `marks from quotes: ${q.pricing.quote_marks}`);
      // One quote day: at most the legs open that day are marked from it.
      assert.ok(q.pricing.quote_marks <= 12, `${q.pricing.quote_marks} marks from one day's quotes`);
      // The equity before the chain's day is the model run's; on it, the marks differ.
      const equity = (name: string) =>
        readFileSync(join(dir, name, 'equity.csv'), 'utf8')
          .split('\n')
          .filter((l) => /^\d{4}-/.test(l));
      const [eq, em] = [equity('q'), equity('m')];
      const k = eq.findIndex((l) => l.startsWith('2024-01-05'));
      assert.ok(k > 0);
      assert.deepEqual(eq.slice(0, k), em.slice(0, k));
      assert.notEqual(eq[k], em[k], 'the chain day is marked from the quotes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('backtest --chains with no such database: a one-line user error naming it', async () => {
  const run = await runCli([
    'backtest',
    '--chains',
    '/nonexistent/chains.db',
    '--out',
    mkdtempSync(join(tmpdir(), 'alvh-')),
  ]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /\/nonexistent\/chains\.db: no such chain database/);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
});
