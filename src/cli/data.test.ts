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
  assert.match(run.stdout, /repairs \(4\):/);
  // The fixture's VIX close of 2024-01-09 (12.76) is below that day's low (12.77): the low is widened, said.
  assert.match(
    run.stdout,
    /vix 2024-01-09 \[vix\.csv\]: close 12\.76 outside \[12\.77, 13\.4\]: low set to the close/,
  );
  assert.match(
    run.stdout,
    /vix 2024-01-03 \[vix\.csv\]: open 20 outside \[13\.36, 14\.22\]: clamped to 14\.22/,
  );
  // Seven days cannot fit the modelled inputs: said in one line, not an error.
  assert.match(
    run.stdout,
    /modelled VIX futures and VVIX \(--history modelled\), out of sample: fitted to 2014-12-31, judged from 2015-01-01: not validated: cannot model VIX futures and VVIX: too few days to fit on \(0 with VIX futures, 0 with VVIX; at least 250 each\)/,
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
