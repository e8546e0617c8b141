import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { expandStudy } from './expand.js';
import { studyJson } from './output.js';
import { runStudy } from './run-study.js';
import { parseStudyText } from './study-file.js';

const panel = simulateMarket({ years: 3, seed: 5 });
const plan = expandStudy(
  parseStudyText(
    `version: 1
name: resume
base: alvh
axes:
  condor.wings.percent: [0.01, 0.02, 0.03]
  costs.spread_paid: [0.5, 1]
`,
    'resume.yaml',
    '.',
  ),
  new Map([['alvh', loadStrategy('alvh')]]),
);

test('a study stopped mid-run resumes on rerun, reruns nothing once finished, and matches a clean run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  const clean = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  try {
    const abort = new AbortController();
    const first = await runStudy(plan, {
      panel,
      outDir: dir,
      workers: 2,
      signal: abort.signal,
      onProgress: (_phase, done) => {
        if (done >= 1) abort.abort();
      },
    });
    assert.equal(first.interrupted, true);
    assert.ok(first.results.length >= 1 && first.results.length < plan.configs.length);
    const second = await runStudy(plan, { panel, outDir: dir, workers: 2 });
    assert.equal(second.interrupted, false);
    assert.equal(second.reused, first.results.length);
    assert.equal(second.ran, plan.configs.length - first.results.length);
    const third = await runStudy(plan, { panel, outDir: dir, workers: 1 });
    assert.equal(third.ran, 0);
    const fresh = await runStudy(plan, { panel, outDir: clean, workers: 1 });
    // Byte-identical documents whatever the interruptions and worker counts.
    assert.equal(
      JSON.stringify(studyJson(third, third.statistics)),
      JSON.stringify(studyJson(fresh, fresh.statistics)),
    );
    assert.equal(third.results.length, plan.configs.length);
    assert.deepEqual(
      third.results.map((r) => r.id),
      plan.configs.map((c) => c.id),
    );
    assert.deepEqual(third.results[4].returns, fresh.results[4].returns);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }
});

test('--paths: each configuration on K synthetic paths, with the share of paths per claim', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  try {
    const out = await runStudy(plan, { panel, outDir: dir, workers: 2, paths: 2, top: 2, pathYears: 2 });
    const byConfig = out.paths!.byConfig;
    assert.equal(Object.keys(byConfig).length, 2);
    for (const shares of Object.values(byConfig)) {
      assert.equal(shares.paths, 2);
      for (const v of [...Object.values(shares.claims), shares.inClaimBox])
        assert.ok([0, 0.5, 1].includes(v), `a share of 2 paths, got ${v}`);
      assert.deepEqual(Object.keys(shares.claims).sort(), [
        'cost-per-year',
        'cost-per-year-calm',
        'drawdown-cut',
        'months-credited',
        'months-credited-cash',
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
