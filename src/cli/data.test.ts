import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

const mini = (): string => join(fixturesDir(), 'market', 'mini');

test('data check: coverage per series, then every repair with its file; exit 0', async () => {
  const run = await runCli(['data', 'check', '--data', mini()]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /7 SPX trading days 2024-01-02 \.\. 2024-01-10/);
  // VVIX has no row on 2024-01-09: one missing day, shown as the longest gap.
  assert.match(
    run.stdout,
    /vvixClose\s+2024-01-02\s+2024-01-10\s+6\s+1\s+1 d \(2024-01-09 \.\. 2024-01-09\)/,
  );
  assert.match(run.stdout, /repairs \(3\):/);
  assert.match(
    run.stdout,
    /vix 2024-01-03 \[vix\.csv\]: open 20 outside \[13\.36, 14\.22\]: clamped to 14\.22/,
  );
});

test('data check on a malformed file: one line with file, line, column and the value found; exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-data-'));
  try {
    cpSync(mini(), dir, { recursive: true });
    writeFileSync(join(dir, 'vvix.csv'), 'DATE,VVIX\n01/02/2024,86.1\n01/03/2024,8x8.4\n');
    const run = await runCli(['data', 'check', '--data', dir]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim(), "alvh: vvix.csv:3 [VVIX]: expected a number, found '8x8.4'");
    assert.equal(run.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data check on a folder that does not exist: a user error, not a stack trace', async () => {
  const run = await runCli(['data', 'check', '--data', join(tmpdir(), 'alvh-no-such-folder')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /data folder not found: .*alvh-no-such-folder/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});
