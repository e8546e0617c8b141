import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, sharedDataDir } from '../core/paths.js';
import { runCli } from './spawn-cli.test-helper.js';

test('check benchmark cndr --json: the six figures, the same from the manifest and from a Cboe-layout --index file', async () => {
  const fromManifest = await runCli(['check', 'benchmark', 'cndr', '--json', '--data', sharedDataDir()]);
  assert.equal(fromManifest.code, 0, fromManifest.stderr);
  const a = JSON.parse(fromManifest.stdout) as Record<string, number>;
  for (const k of ['months', 'correlation', 'beta', 'tracking_error', 'growth_strategy', 'growth_index'])
    assert.equal(typeof a[k], 'number', k);
  assert.ok(a.months >= 230 && a.correlation > 0.85 && Math.abs(a.growth_strategy - a.growth_index) < 0.0075);
  // The monthly file rewritten in Cboe's layout (MM/DD/YYYY) gives the same month-ends, so the same figures.
  const dir = mkdtempSync(join(tmpdir(), 'alvh-index-'));
  const rows = (await import('node:fs'))
    .readFileSync(join(sharedDataDir(), 'cboe-indices', 'CNDR_monthly_1986_2026.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [d, v] = l.split(',');
      return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)},${v}`;
    });
  writeFileSync(join(dir, 'CNDR_History.csv'), `DATE,CNDR\n${rows.join('\n')}\n`);
  const fromFile = await runCli([
    'check',
    'benchmark',
    'cndr',
    '--json',
    '--data',
    sharedDataDir(),
    '--index',
    join(dir, 'CNDR_History.csv'),
  ]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const b = JSON.parse(fromFile.stdout) as Record<string, number>;
  assert.equal(b.months, a.months);
  assert.ok(Math.abs(b.correlation - a.correlation) < 1e-9);
  // A bad row: one line naming file, line and field, non-zero exit.
  writeFileSync(join(dir, 'BAD.csv'), 'DATE,CNDR\n01/31/2020,100\n02/30/2020,101\n');
  const bad = await runCli([
    'check',
    'benchmark',
    'cndr',
    '--data',
    sharedDataDir(),
    '--index',
    join(dir, 'BAD.csv'),
  ]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /BAD\.csv:3 \[DATE\]: expected a date/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

// PPUT, CLL and BFLY histories are not in the reference data: these fixtures, written for the test in
// Cboe's layout with made-up values, check the loader and the command path only, not the presets.
test('check benchmark pput | cll | bfly --index FILE --json: the command runs the preset against a Cboe-layout file', async () => {
  const runs = ['pput', 'cll', 'bfly'].map(async (name) => {
    const file = join(fixturesDir(), 'cboe-index', `${name.toUpperCase()}_History.csv`);
    const out = await runCli([
      'check',
      'benchmark',
      name,
      '--json',
      '--data',
      sharedDataDir(),
      '--index',
      file,
      '--from',
      '2008-01-02',
      '--to',
      '2008-06-30',
    ]);
    assert.equal(out.code, 0, `${name}: ${out.stderr}`);
    const got = JSON.parse(out.stdout) as Record<string, number>;
    // Five month-end to month-end returns (February to June), and the index's growth over them a year,
    // recomputed from the file's own first and last value.
    const values = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[1]));
    assert.equal(got.months, 5, name);
    const growth = (values[values.length - 1] / values[0]) ** (12 / 5) - 1;
    assert.ok(Math.abs(got.growth_index - growth) < 1e-12, `${name}: ${got.growth_index} vs ${growth}`);
    assert.ok(Number.isFinite(got.growth_strategy) && Math.abs(got.correlation) <= 1, name);
  });
  await Promise.all(runs);
});

test('check benchmark pput with another symbol in the file: one line naming the file and column', async () => {
  const out = await runCli([
    'check',
    'benchmark',
    'pput',
    '--data',
    sharedDataDir(),
    '--index',
    join(fixturesDir(), 'cboe-index', 'CLL_History.csv'),
  ]);
  assert.notEqual(out.code, 0);
  assert.match(out.stderr, /CLL_History\.csv:1 \[CLL\]: expected the index column PPUT/);
  assert.equal(out.stderr.trim().split('\n').length, 1);
});
