// What a user sees from `alvh backtest`: the last line names the report, --quiet prints only it, tables fit
// 120 columns, --resample gives the same files for the same seed, and the scale memo changes no byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCALE_MEMO_FILE } from '../api/scale-memo.js';
import { STRATEGY_MEMO_FILE } from '../api/strategy-memo.js';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { runCli } from './spawn-cli.test-helper.js';

const BASE = ['backtest', '--years', '2', '--seed', '5', '--baselines', 'vxth'];

test('backtest: 120 columns, a last line naming report.html; --quiet prints only that line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bt-'));
  try {
    const full = await runCli([...BASE, '--out', dir, '--resample', '20', '--no-color']);
    assert.equal(full.code, 0, full.stderr);
    const lines = full.stdout.trimEnd().split('\n');
    assert.equal(lines[lines.length - 1], `report: ${join(dir, 'report.html')}`);
    assert.deepEqual(
      lines.filter((l) => l.length > 120 && !l.startsWith('SYNTHETIC')),
      [],
    );
    assert.match(full.stdout, /Resampling stress test: 20 stationary block bootstrap paths/);
    assert.match(full.stdout, /Probability of a max drawdown deeper than 30%/);
    const first = readFileSync(join(dir, 'summary.json'), 'utf8');
    assert.ok(JSON.parse(first).resample.books.length >= 2);
    const quiet = await runCli([...BASE, '--out', dir, '--resample', '20', '-q']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, `report: ${join(dir, 'report.html')}\n`);
    assert.equal(readFileSync(join(dir, 'summary.json'), 'utf8'), first, 'same seed, same bytes');
    const reseeded = await runCli([...BASE, '--out', dir, '--resample', '20', '--resample-seed', '2', '-q']);
    assert.equal(reseeded.code, 0, reseeded.stderr);
    assert.notEqual(readFileSync(join(dir, 'summary.json'), 'utf8'), first, 'another seed, other resamples');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backtest on real data: the same files with the memos off, cold, warm, and warm without the run memo', async (t) => {
  // Uses the reference data (skipped without it). Two years keep it quick and hold a crash (2020) the
  // baselines' scales are matched over.
  if (skipWithoutSharedData(t)) return;
  const work = mkdtempSync(join(tmpdir(), 'alvh-bt-memo-'));
  const files = ['summary.json', 'equity.csv', 'ledger.csv', 'trades.csv', 'report.html'];
  const args = ['backtest', '--data', sharedDataDir(), '--from', '2019-06-03', '--to', '2021-05-28', '-q'];
  const run = async (name: string, cache: string): Promise<string[]> => {
    const out = join(work, name);
    const got = await runCli([...args, '--out', out], undefined, { ...process.env, ALVH_CACHE_DIR: cache });
    assert.equal(got.code, 0, got.stderr);
    return files.map((f) => readFileSync(join(out, f), 'utf8'));
  };
  try {
    const cache = join(work, 'cache');
    const off = await run('off', 'off');
    const cold = await run('cold', cache);
    const memo = JSON.parse(readFileSync(join(cache, SCALE_MEMO_FILE), 'utf8')) as {
      scales: Record<string, number>;
    };
    assert.equal(Object.keys(memo.scales).length, 3, 'vxth, put-spread and size-cut matched');
    assert.ok(
      readdirSync(cache).some((f) => /^smile-levels-.*\.bin$/.test(f)),
      'the solved smile levels are kept',
    );
    const kept = readdirSync(cache);
    assert.ok(kept.includes(STRATEGY_MEMO_FILE), 'the checked strategies are kept');
    assert.equal(kept.filter((f) => /^run-.*\.bin$/.test(f)).length, 1, 'the whole run is kept');
    const warm = await run('warm', cache);
    // The run memo gone, the scale and smile-level memos do the work again.
    for (const f of readdirSync(cache)) if (/^run-.*\.bin$/.test(f)) rmSync(join(cache, f));
    const engine = await run('engine', cache);
    files.forEach((f, k) => {
      assert.ok(cold[k] === off[k], `${f}: cold memo differs from no memo`);
      assert.ok(warm[k] === off[k], `${f}: warm memo differs from no memo`);
      assert.ok(engine[k] === off[k], `${f}: the scale memos without the run memo differ from no memo`);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('backtest: a bad resampling flag is a one-line error', async () => {
  for (const [args, message] of [
    [
      ['--drawdown-threshold', '150%'],
      /--drawdown-threshold: expected a fraction or percentage between 0 and 1/,
    ],
    [['--resample', '0'], /--resample: expected a whole number from 1 to 100000, found '0'/],
  ] as const) {
    const run = await runCli(['backtest', ...args]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, message);
    assert.ok(!run.stderr.includes('    at '), 'no stack trace');
  }
});

test('montecarlo --history: a file that is not a backtest summary says so in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-mch-'));
  try {
    const run = await runCli(['montecarlo', '--history', join(dir, 'nope.json'), '--out', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /--history: cannot read .*nope\.json as JSON/);
    assert.ok(!run.stderr.includes('    at '), 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backtest: a warm run on a cached data folder loads neither the YAML parser nor the schema library', async (t) => {
  // What keeps a warm start short (issue 16). A module hook names every package module the run resolves;
  // the cold run, which parses the strategies and the manifest, shows that the hook sees them.
  if (skipWithoutSharedData(t)) return;
  const work = mkdtempSync(join(tmpdir(), 'alvh-bt-lazy-'));
  try {
    const hook = join(work, 'hook.mjs');
    const resolveHook = `export async function resolve(s, c, next) { const r = await next(s, c); const m = /node_modules\\/(zod|yaml)\\//.exec(r.url); if (m) process.stderr.write('loaded ' + m[1] + '\\n'); return r; }`;
    writeFileSync(
      hook,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(resolveHook)}));\n`,
    );
    const env = {
      ...process.env,
      ALVH_CACHE_DIR: join(work, 'cache'),
      NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`,
    };
    const args = ['backtest', '--data', sharedDataDir(), '--from', '2021-01-04', '--to', '2021-06-30', '-q'];
    const cold = await runCli([...args, '--out', join(work, 'cold')], undefined, env);
    assert.equal(cold.code, 0, cold.stderr);
    assert.match(cold.stderr, /loaded zod/);
    assert.match(cold.stderr, /loaded yaml/);
    const warm = await runCli([...args, '--out', join(work, 'warm')], undefined, env);
    assert.equal(warm.code, 0, warm.stderr);
    assert.doesNotMatch(warm.stderr, /loaded (zod|yaml)/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('backtest: a run after another with one input changed gives what it gives with the caches off', async () => {
  // The run memo's key must name every input: a folder written by alvh sim holds every input, so
  // --history modelled models nothing there yet marks the run as modelled; the window and the baselines too.
  const work = mkdtempSync(join(tmpdir(), 'alvh-bt-key-'));
  try {
    const data = join(work, 'data');
    const sim = await runCli(['sim', '--years', '3', '--seed', '7', '--out', data]);
    assert.equal(sim.code, 0, sim.stderr);
    const cache = join(work, 'cache');
    const base = ['backtest', '--data', data, '-q'];
    const runs: [string, string[]][] = [
      ['modelled', ['--history', 'modelled']],
      ['real', []],
      ['shorter', ['--to', '2007-06-29']],
      ['fewer baselines', ['--baselines', 'vxth']],
      ['modelled again', ['--history', 'modelled']],
    ];
    for (const [name, extra] of runs) {
      const read = async (cacheDir: string, out: string): Promise<string> => {
        const got = await runCli([...base, ...extra, '--out', out], undefined, {
          ...process.env,
          ALVH_CACHE_DIR: cacheDir,
        });
        assert.equal(got.code, 0, got.stderr);
        return readFileSync(join(out, 'summary.json'), 'utf8');
      };
      const cached = await read(cache, join(work, `${name}-cached`));
      const off = await read('off', join(work, `${name}-off`));
      assert.ok(cached === off, `${name}: summary.json differs from the run with the caches off`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
