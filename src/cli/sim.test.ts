import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

test('sim check --params: a misspelt parameter stops the command in one line before any path runs; a valid override is named in the header', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-simparams-'));
  try {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"thetaq": 0.04}');
    const run = await runCli(['sim', 'check', '--params', bad, '--data', join(dir, 'no-such-folder')]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim(), "alvh: unknown model parameter 'thetaq'");
    const good = join(dir, 'good.json');
    writeFileSync(good, '{"fearKappaQ": 5}');
    const ok = await runCli(['sim', 'check', '--params', good, '--paths', '1', '--data', sharedDataDir()]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      new RegExp(
        `synthetic: 1 paths x \\d+ years, seeds 1\\.\\.1, parameters from ${good.replace(/[.]/g, '\\.')}`,
      ),
    );
    assert.match(ok.stdout, /real value inside the synthetic 5-95% range: \d+ of 49 statistics/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sim check --years and --seed reach the check, though sim has options of the same names', async () => {
  const run = await runCli([
    'sim',
    'check',
    '--data',
    sharedDataDir(),
    '--years',
    '3',
    '--paths',
    '2',
    '--seed',
    '7',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^synthetic: 2 paths x 3 years, seeds 7\.\.8$/m);
});
