// `--history modelled` end to end on the reference data: the run starts in early 1990 and says what was modelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

test('study --history modelled: a study across 2007 reports the claim box per era', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-history-study-'));
  try {
    const file = join(dir, 'eras.yaml');
    writeFileSync(
      file,
      'version: 1\nname: eras\nbase: alvh\nfrom: 2005-06-01\nto: 2008-06-30\naxes:\n  costs.spread_paid: [0.25, 0.5]\n',
    );
    const args = ['study', file, '--data', sharedDataDir(), '--workers', '1', '--out', join(dir, 'out')];
    const run = await runCli([...args, '--history', 'modelled', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.trials, 2);
    // Before 2007 the VIX complex is modelled: the study starts in 2005 and splits at the era boundary.
    const eras = doc.statistics.eras.map((e: { era: string; from: string; to: string }) => [
      e.era,
      e.from,
      e.to,
    ]);
    assert.deepEqual(
      eras.map((e: string[]) => e[0]),
      ['1990-2006', '2007-2026', 'whole span'],
    );
    assert.ok(eras[0][1] >= '2005-06-01' && eras[0][2] <= '2006-12-31', String(eras[0]));
    assert.ok(eras[1][1] >= '2007-01-01' && eras[1][2] <= '2008-06-30', String(eras[1]));
    assert.equal(eras[2][1], eras[0][1]);
    assert.equal(eras[2][2], eras[1][2]);
    // Without modelled inputs the same study cannot start before 2007.
    const plain = await runCli([...args.slice(0, -2), '--out', join(dir, 'real'), '--json']);
    assert.equal(plain.code, 0, plain.stderr);
    const real = JSON.parse(plain.stdout);
    assert.ok(real.statistics.from >= '2007-01-01', real.statistics.from);
    assert.deepEqual(real.statistics.eras, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check benchmark --history modelled: a VIX-hedged book compared with CNDR from 1990', async () => {
  const args = [
    'check',
    'benchmark',
    'cndr',
    '--data',
    sharedDataDir(),
    '--strategy',
    'alvh',
    '--to',
    '1992-12-31',
  ];
  const run = await runCli([...args, '--history', 'modelled', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout);
  assert.ok(doc.first_month <= '1990-06', doc.first_month);
  assert.deepEqual(
    doc.modelled.map((m: { input: string }) => m.input),
    ['vix-futures', 'vvix'],
  );
  // On the data as they are, a book with VIX layers cannot start before 2007.
  const real = await runCli(args);
  assert.equal(real.code, 2);
  assert.match(real.stderr, /empty run/);
});
