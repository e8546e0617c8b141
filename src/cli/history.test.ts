// `--history modelled` end to end on the reference data: the run starts in early 1990 and says what was modelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

test('backtest --history modelled: ALVH from March 1990, modelled inputs named in every output', async () => {
  const out = mkdtempSync(join(tmpdir(), 'alvh-history-'));
  try {
    const args = ['backtest', '--data', sharedDataDir(), '--to', '1990-12-31', '--baselines', 'none'];
    const run = await runCli([...args, '--history', 'modelled', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /MODELLED INPUTS \(--history modelled/);
    assert.match(run.stdout, /MODELLED vix-futures on [\d,]+ day\(s\): 1990-01-16\.\.2004-03-25/);
    assert.match(run.stdout, /hypothetical instrument/);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.ok(doc.summary.run.from < '1990-04-01', doc.summary.run.from);
    assert.deepEqual(
      doc.summary.run.modelled.map((m: { input: string }) => m.input),
      ['vix-futures', 'vvix'],
    );
    assert.match(doc.data.description, /MODELLED vix-futures/);
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /"markArea"/);
    // The CSVs open with their header; what produced them (the modelled panel's fingerprint) is in summary.json.
    assert.match(readFileSync(join(out, 'equity.csv'), 'utf8'), /^date,spx_close,/);
    const modelledPrint = /MODELLED INPUTS \(--history modelled; fingerprint ([0-9a-f]+)\)/.exec(
      run.stdout,
    )?.[1];
    assert.equal(doc.summary.run.dataFingerprint, modelledPrint);
    // The same run on the data as they are cannot start before 2007: no VVIX or futures in 1990.
    const plain = await runCli([...args, '--out', join(out, 'real')]);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /empty run: no trading day between 2007-01-03 and 1990-12-31/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
