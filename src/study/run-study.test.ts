import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { simulateMarket } from '../sim/simulate.js';
import { loadStrategy } from '../strategy/load.js';
import { expandStudy } from './expand.js';
import { studyJson } from './output.js';
import { chunkByCore, runJobs } from './pool.js';
import { pathMarkets, runStudy } from './run-study.js';
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

test('a study resumed by a changed engine recomputes every stored result, says so, and matches a clean run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  try {
    const first = await runStudy(plan, { panel, outDir: dir, workers: 2, engine: '0.1.0+aaaaaaaaaaaa' });
    assert.equal(first.ran, plan.configs.length);
    assert.deepEqual(first.stale, { configs: 0, paths: 0, engines: [] });
    const changed = await runStudy(plan, { panel, outDir: dir, workers: 2, engine: '0.1.0+bbbbbbbbbbbb' });
    assert.equal(changed.reused, 0);
    assert.equal(changed.ran, plan.configs.length);
    assert.deepEqual(changed.stale, {
      configs: plan.configs.length,
      paths: 0,
      engines: ['0.1.0+aaaaaaaaaaaa'],
    });
    // Same code under both names, so the recomputed document is the first one, byte for byte.
    assert.equal(
      JSON.stringify(studyJson(changed, changed.statistics)),
      JSON.stringify(studyJson(first, first.statistics)),
    );
    const again = await runStudy(plan, { panel, outDir: dir, workers: 1, engine: '0.1.0+bbbbbbbbbbbb' });
    assert.equal(again.ran, 0);
    assert.deepEqual(again.stale, { configs: 0, paths: 0, engines: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--paths runs are stored: an interrupted path phase resumes, a finished one reruns nothing, same shares', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  const clean = mkdtempSync(join(tmpdir(), 'alvh-study-'));
  try {
    const opts = { panel, workers: 2, paths: 3, top: 2, pathYears: 2 };
    const abort = new AbortController();
    const cut = await runStudy(plan, {
      ...opts,
      outDir: dir,
      signal: abort.signal,
      onProgress: (phase, done) => {
        if (phase === 'paths' && done >= 2) abort.abort();
      },
    });
    assert.equal(cut.interrupted, true);
    assert.equal(cut.paths, null);
    const resumed = await runStudy(plan, { ...opts, outDir: dir });
    const p = resumed.paths!;
    assert.equal(resumed.interrupted, false);
    assert.ok(p.reused >= 2 && p.reused < 6, `reused ${p.reused} of 6 path runs`);
    assert.equal(p.ran + p.reused, 6);
    const finished = await runStudy(plan, { ...opts, outDir: dir, workers: 1 });
    assert.equal(finished.paths!.ran, 0);
    assert.equal(finished.paths!.reused, 6);
    const fresh = await runStudy(plan, { ...opts, outDir: clean, workers: 1 });
    assert.equal(fresh.paths!.ran, 6);
    assert.deepEqual(resumed.paths!.byConfig, fresh.paths!.byConfig);
    assert.deepEqual(finished.paths!.byConfig, fresh.paths!.byConfig);
    // A changed engine reruns the path runs too.
    const changed = await runStudy(plan, { ...opts, outDir: dir, engine: 'another' });
    assert.equal(changed.paths!.ran, 6);
    assert.equal(changed.stale.paths, 6);
    assert.deepEqual(changed.paths!.byConfig, fresh.paths!.byConfig);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(clean, { recursive: true, force: true });
  }
});

test('a path run gives the same metrics whichever configurations share its job (one window per path)', async () => {
  const markets = pathMarkets(plan, 1, 2, 1);
  const cores = new Map(plan.cores.map((c) => [c.id, c.strategy]));
  const one = async (configs: typeof plan.configs) => {
    const out = new Map<string, unknown>();
    await runJobs(
      null,
      chunkByCore(configs, cores, markets[0].market, configs.length),
      (_j, r) => out.set(r.id, r.metrics),
      {
        workers: 1,
      },
    );
    return out;
  };
  const all = await one(plan.configs);
  const alone = await one([plan.configs[3]]);
  assert.deepEqual(alone.get(plan.configs[3].id), all.get(plan.configs[3].id));
});
