import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonteCarloResult } from '../sim/montecarlo.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { summarizeMonteCarlo } from '../sim/montecarlo-summary.js';
import { saveMonteCarlo } from './montecarlo.js';
import { runCli } from './spawn-cli.test-helper.js';

test('Ctrl-C before any path finished: exit 130, nothing written, the previous results kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-mc-'));
  try {
    writeFileSync(join(dir, 'montecarlo.json'), '{"previous": true}\n');
    let sent = false;
    // One 100-year path takes far longer than the moment between the start line and the signal.
    const run = await runCli(
      ['montecarlo', '--paths', '2', '--years', '100', '--workers', '1', '--out', dir],
      (text, child) => {
        if (!sent && /Ctrl-C stops/.test(text)) sent = child.kill('SIGINT');
      },
    );
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stdout, /interrupted before any path finished: nothing written/);
    assert.equal(readFileSync(join(dir, 'montecarlo.json'), 'utf8'), '{"previous": true}\n');
    assert.ok(!existsSync(join(dir, 'montecarlo.csv')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interrupted run writes its finished paths only, and says how many', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-mc-'));
  try {
    // Paths 0 and 2 finished; path 1 was still running when Ctrl-C came.
    const finished = Uint8Array.from([1, 0, 1]);
    const result: MonteCarloResult = {
      requested: 3,
      completed: 2,
      interrupted: true,
      years: 2,
      seed: 1,
      values: Object.fromEntries(
        PATH_METRICS.map((m) => [m.name, Float64Array.from([0.1, NaN, 0.2])]),
      ) as MonteCarloResult['values'],
      finished,
      strategyHash: 'abc',
      elapsedSeconds: 1,
    };
    const lines = saveMonteCarlo(result, summarizeMonteCarlo(result), dir);
    assert.ok(lines.includes('montecarlo.csv: 2 finished path(s) of 3'), lines.join('\n'));
    const csv = readFileSync(join(dir, 'montecarlo.csv'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      csv.slice(1).map((row) => row.split(',')[0]),
      ['0', '2'],
    );
    assert.equal(JSON.parse(readFileSync(join(dir, 'montecarlo.json'), 'utf8')).interrupted, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
