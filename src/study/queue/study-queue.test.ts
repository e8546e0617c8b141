import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { alvhVersion } from '../../core/version.js';
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
import { encodeResult, storeSink, studyJobs, studyQueueId } from './study-jobs.js';

const skip = redisUnavailable() ?? false;
const cli = resolve(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const YEARS = 3;
const SEED = 7;
let server: TestRedis;
before(async () => {
  if (!skip) server = await startRedis();
});
after(async () => server?.stop());

function worker(seed: number): ChildProcess & { err: string } {
  const child = spawn(
    process.execPath,
    [
      cli,
      'worker',
      '--queue',
      server.url,
      '--years',
      String(YEARS),
      '--seed',
      String(seed),
      '--stall-seconds',
      '2',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  ) as ChildProcess & { err: string };
  child.err = '';
  child.stderr!.on('data', (d) => (child.err += d));
  return child;
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
    const sink = storeSink(db, ctx.days, () => undefined);
    const workers = [worker(SEED), worker(SEED)];
    after(() => workers.forEach((w) => w.kill('SIGKILL')));
    const { shared, configs } = studyJobs(plan, window);
    await runStudyOnQueue({
      address: parseRedisUrl(server.url),
      identity: {
        studyId: studyQueueId(plan, window),
        studyName: plan.name,
        version: alvhVersion(),
        fingerprint: panel.fingerprint,
      },
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
    writeResults(localDb, local, ctx.days);
    const ids = plan.configs.map((c) => c.id);
    const queued = readResults(db, ids, ctx.days);
    const expected = readResults(localDb, ids, ctx.days);
    assert.equal(queued.length, 200);
    for (let k = 0; k < 200; k++) assert.equal(encodeResult(queued[k]), encodeResult(expected[k]), ids[k]);
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
      identity: {
        studyId: studyQueueId(plan, window),
        studyName: plan.name,
        version: alvhVersion(),
        fingerprint: panel.fingerprint,
      },
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
