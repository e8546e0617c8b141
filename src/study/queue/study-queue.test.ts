import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import initSqlJs from 'sql.js';
import { engineVersion } from '../../core/engine-version.js';
import { packageRoot } from '../../core/paths.js';
import { simulateMarket } from '../../sim/simulate.js';
import { loadStrategy } from '../../strategy/load.js';
import { expandStudy } from '../expand.js';
import { createStudyContext, runChunk, studyWindow } from '../run-chunk.js';
import { initStudySchema, readResults, writeResults } from '../store.js';
import { parseStudyText } from '../study-file.js';
import { runStudyOnQueue } from './coordinator.js';
import { parseRedisUrl } from './redis-url.js';
import { redisUnavailable, startRedis, type TestRedis } from './redis-server.test-helper.js';
import { encodeResult } from './result-codec.js';
import { storeSink, studyJobs, studyQueueIdentity } from './study-jobs.js';

const skip = redisUnavailable() ?? false;
const cli = resolve(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const YEARS = 3;
const SEED = 7;
let server: TestRedis;
before(async () => {
  if (!skip) server = await startRedis();
});
after(async () => server?.stop());

function worker(seed: number, url = server.url): ChildProcess & { err: string; out: string } {
  const child = spawn(
    process.execPath,
    [cli, 'worker', '--queue', url, '--years', String(YEARS), '--seed', String(seed), '--stall-seconds', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ) as ChildProcess & { err: string; out: string };
  child.err = '';
  child.out = '';
  child.stderr!.on('data', (d) => (child.err += d));
  child.stdout!.on('data', (d) => (child.out += d));
  return child;
}

/** `alvh ARGS` to its end: exit code and stderr. */
function runCli(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((done) => {
    const c = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.once('exit', (code) => done({ code, err }));
  });
}
const exited = (c: ChildProcess): Promise<number | null> =>
  c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));

const panel = simulateMarket({ years: YEARS, seed: SEED });
const study = parseStudyText(
  `version: 1
name: queue-200
base: alvh
axes:
  layers.L1.use.0.sizing.fraction: { from: 0.05, to: 0.24, step: 0.01 }
  condor.profit_take: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]
`,
  'queue-200.yaml',
  '.',
);
const plan = expandStudy(study, new Map([['alvh', loadStrategy('alvh')]]));
const window = studyWindow(
  panel,
  plan.configs.map((c) => c.strategy),
  plan,
);

test(
  'a 200-configuration study through a coordinator and two worker processes gives the local rows, byte for byte',
  { skip, timeout: 300_000 },
  async () => {
    assert.equal(plan.configs.length, 200);
    const ctx = createStudyContext(panel, window);
    const local = runChunk(ctx, plan.configs, new Map(plan.cores.map((c) => [c.id, c.strategy])));

    const SQL = await initSqlJs();
    const db = new SQL.Database();
    initStudySchema(db);
    const sink = storeSink(db, ctx.days, engineVersion(), () => undefined);
    const workers = [worker(SEED), worker(SEED)];
    after(() => workers.forEach((w) => w.kill('SIGKILL')));
    const { shared, configs } = studyJobs(plan, window);
    await runStudyOnQueue({
      address: parseRedisUrl(server.url),
      identity: studyQueueIdentity(plan, window, panel.fingerprint),
      shared,
      configs,
      done: new Set(),
      chunkSize: 8,
      pollMs: 100,
      ...sink,
    });
    // Both sides through the store, so the rows compared are the rows a study file holds.
    const localDb = new SQL.Database();
    initStudySchema(localDb);
    writeResults(localDb, local, ctx.days, engineVersion());
    const ids = plan.configs.map((c) => c.id);
    const queued = readResults(db, ids, ctx.days, engineVersion());
    const expected = readResults(localDb, ids, ctx.days, engineVersion());
    assert.equal(queued.length, 200);
    for (let k = 0; k < 200; k++)
      assert.ok(encodeResult(queued[k]).equals(encodeResult(expected[k])), ids[k]);
    for (const w of workers) w.kill('SIGTERM');
    assert.deepEqual(await Promise.all(workers.map(exited)), [0, 0]);
  },
);

test(
  'alvh worker on another market is refused: it says why and exits 3',
  { skip, timeout: 120_000 },
  async () => {
    const { shared, configs } = studyJobs(plan, window);
    const stop = new AbortController();
    const running = runStudyOnQueue({
      address: parseRedisUrl(server.url),
      identity: studyQueueIdentity(plan, window, panel.fingerprint),
      shared,
      configs: configs.slice(0, 4),
      done: new Set(),
      chunkSize: 2,
      pollMs: 50,
      signal: stop.signal,
      onResult: () => undefined,
    }).catch((e: Error) => e);
    const wrong = worker(SEED + 1);
    assert.equal(await exited(wrong), 3);
    assert.match(
      wrong.err,
      /alvh: refused study 'queue-200' .*this worker's data \(synthetic market, seed 8, fingerprint [0-9a-f]+\) differ from the study's/,
    );
    stop.abort();
    assert.equal(((await running) as Error).name, 'StudyInterrupted');
  },
);

test(
  'alvh study --queue writes the same study document as a local alvh study',
  { skip, timeout: 300_000 },
  async () => {
    // A database of its own: the refusal test above leaves its interrupted study on database 0, as a
    // stopped coordinator should (for a resume).
    const url = server.url.replace(/\/0$/, '/3');
    const dir = mkdtempSync(join(tmpdir(), 'alvh-queue-cli-'));
    const file = join(dir, 'small.yaml');
    writeFileSync(
      file,
      'version: 1\nname: small\nbase: alvh\naxes:\n  layers.L1.use.0.sizing.fraction: [0.08, 0.1, 0.12]\n  costs.spread_paid: [0.25, 0.5]\n',
    );
    const market = ['--years', String(YEARS), '--seed', String(SEED)];
    const local = await runCli(['study', file, '--out', join(dir, 'local'), '--json', ...market]);
    assert.equal(local.code, 0, local.err);
    const workers = [worker(SEED, url), worker(SEED, url)];
    after(() => workers.forEach((w) => w.kill('SIGKILL')));
    const queued = await runCli([
      'study',
      file,
      '--out',
      join(dir, 'queued'),
      '--queue',
      url,
      '--chunk',
      '2',
      ...market,
    ]);
    assert.equal(queued.code, 0, queued.err);
    assert.equal(
      readFileSync(join(dir, 'queued', 'study.json'), 'utf8'),
      readFileSync(join(dir, 'local', 'study.json'), 'utf8'),
    );
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
  },
);

test(
  'alvh study --paths --queue: the path runs go to the workers as jobs, are stored, and give the local document',
  { skip, timeout: 300_000 },
  async () => {
    // A database of its own (see above).
    const url = server.url.replace(/\/0$/, '/4');
    const dir = mkdtempSync(join(tmpdir(), 'alvh-queue-paths-'));
    const file = join(dir, 'small.yaml');
    writeFileSync(
      file,
      'version: 1\nname: small-paths\nbase: alvh\naxes:\n  layers.L1.use.0.sizing.fraction: [0.08, 0.12]\n  costs.spread_paid: [0.25, 0.5]\n',
    );
    const args = [
      '--years',
      String(YEARS),
      '--seed',
      String(SEED),
      '--paths',
      '3',
      '--top',
      '2',
      '--path-years',
      '2',
    ];
    const local = await runCli(['study', file, '--out', join(dir, 'local'), '--json', ...args]);
    assert.equal(local.code, 0, local.err);
    const workers = [worker(SEED, url), worker(SEED, url)];
    after(() => workers.forEach((w) => w.kill('SIGKILL')));
    const queuedArgs = ['study', file, '--out', join(dir, 'queued'), '--queue', url, '--chunk', '2', ...args];
    const queued = await runCli(queuedArgs);
    assert.equal(queued.code, 0, queued.err);
    const doc = readFileSync(join(dir, 'queued', 'study.json'), 'utf8');
    assert.equal(doc, readFileSync(join(dir, 'local', 'study.json'), 'utf8'));
    assert.equal(
      (JSON.parse(doc) as { configs: { paths?: unknown }[] }).configs.filter((c) => c.paths).length,
      2,
    );
    // The workers ran them: 4 configurations, then 3 paths x 2 configurations, one job per path (more on a
    // loaded machine, where a lock not renewed in time hands a chunk over again: delivery is at least once).
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    const ran = workers.map((w) => Number(/(\d+) configuration\(s\)\s*$/.exec(w.out)?.[1] ?? NaN));
    assert.ok(ran[0] + ran[1] >= 4 + 6, workers.map((w) => w.out).join('\n'));
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(join(dir, 'queued', 'study.sqlite')));
    assert.equal(db.exec('SELECT COUNT(*) FROM path_results')[0].values[0][0], 6);
    db.close();
    // Everything is stored: a rerun needs no worker and leaves the queue alone.
    const again = await runCli(queuedArgs);
    assert.equal(again.code, 0, again.err);
    assert.equal(readFileSync(join(dir, 'queued', 'study.json'), 'utf8'), doc);
  },
);

/**
 * An alvh worker on a Redis of its own, stopped (SIGTERM) once it waits for chunks and `harm` has been done to
 * that Redis: the exit code ('hung' after 60 s) and its stderr lines. `restore` undoes the harm before the
 * Redis is stopped.
 */
async function workerStoppedAfter(
  harm: (own: TestRedis) => Promise<void> | void,
  restore: (own: TestRedis) => void = () => undefined,
): Promise<{ code: unknown; err: string; lines: string[] }> {
  const own = await startRedis();
  const w = worker(SEED, own.url);
  try {
    while (!w.out.includes('waiting for chunks')) await sleep(100);
    await harm(own);
    w.kill('SIGTERM');
    const code = await Promise.race([exited(w), sleep(60_000, null, { ref: false }).then(() => 'hung')]);
    return { code, err: w.err, lines: w.err.trimEnd().split('\n') };
  } finally {
    w.kill('SIGKILL');
    restore(own);
    await own.stop();
  }
}

test(
  'alvh worker stopped (SIGTERM) while Redis is frozen (sockets open, no answer): it exits after the grace period, with one line saying so',
  { skip, timeout: 120_000 },
  async () => {
    // SIGSTOP: the server keeps its sockets, so the client sees no close; only its silence tells. (On a loaded
    // machine the client may still see its connection close first: the same stop, named by that.)
    const { code, err, lines } = await workerStoppedAfter(
      (own) => void process.kill(own.pid!, 'SIGSTOP'),
      (own) => void process.kill(own.pid!, 'SIGCONT'),
    );
    assert.equal(code, 4, err);
    assert.equal(lines[0], 'alvh worker: stopping after the running chunks');
    assert.match(
      lines.slice(1).join('\n'),
      /^alvh: lost Redis at redis:\/\/127\.0\.0\.1:\d+\/0 \((no answer for 5 s|connection closed)\): stopped without it$/,
    );
  },
);

test(
  'alvh worker stopped (SIGTERM) while Redis has gone: it exits, with one line saying so',
  { skip, timeout: 120_000 },
  async () => {
    const { code, err, lines } = await workerStoppedAfter((own) => own.stop());
    assert.equal(code, 4, err);
    assert.equal(lines[0], 'alvh worker: stopping after the running chunks');
    assert.match(
      lines.slice(1).join('\n'),
      /^alvh: lost Redis at redis:\/\/127\.0\.0\.1:\d+\/0 \(connection (refused|closed)\): stopped without it( after waiting 5 s for it)?$/,
    );
  },
);
