// Study throughput through the Redis queue against the local worker pool, on the same configurations of the
// real-data run: two `alvh worker` processes (one thread each) on a redis-server of the bench's own, beside
// the pool on two threads, in alternating rounds (the machine is shared: one round alone says little).
// Target: the queue's overhead at most 10% of the local throughput.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { engineVersion } from '../src/core/engine-version.js';
import { packageRoot, sharedDataDir } from '../src/core/paths.js';
import { loadPanel } from '../src/market/load-panel.js';
import { alvhStudyPlan } from './study-plan.js';
import { chunkByCore, runJobs } from '../src/study/pool.js';
import { runStudyOnQueue } from '../src/study/queue/coordinator.js';
import { parseRedisUrl } from '../src/study/queue/redis-url.js';
import { redisUnavailable, startRedis } from '../src/study/queue/redis-server.test-helper.js';
import {
  decodeResult,
  encodeResult,
  storeSink,
  studyJobs,
  studyQueueId,
} from '../src/study/queue/study-jobs.js';
import { createStudyContext } from '../src/study/run-chunk.js';
import { initStudySchema, writeResults } from '../src/study/store.js';
import type { ConfigResult } from '../src/study/types.js';

const STUDY = `version: 1
name: bench-queue
base: alvh
axes:
  costs.spread_paid: [0.25, 0.5, 0.75, 1]
  layers.L1.use.0.sizing.fraction: [0.08, 0.09, 0.1, 0.11, 0.12]
  layers.financing.enabled: [true, false]
`;
const CHUNK = 5;
const ROUNDS = 3;

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  const why = !existsSync(dataDir) ? `no reference data at ${dataDir}` : redisUnavailable();
  if (why !== null) {
    process.stdout.write(`skipped: ${why}\n`);
    return;
  }
  const panel = loadPanel({ dataDir });
  const { plan, window, cores } = alvhStudyPlan(panel, STUDY, 'bench-queue.yaml');

  let results: ConfigResult[] = [];
  const localRun = async (): Promise<number> => {
    const t0 = process.hrtime.bigint();
    results = [];
    await runJobs(
      panel,
      chunkByCore(plan.configs, cores, { kind: 'panel', window }, CHUNK),
      (_job, r) => results.push(r),
      { workers: 2 },
    );
    if (results.length !== plan.configs.length)
      throw new Error(`local pool: ${results.length} of ${plan.configs.length} results`);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };

  const server = await startRedis();
  const cli = resolve(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  // The workers load the data before the clock starts: the bench measures the queue, not start-up.
  const workers = [0, 1].map(() =>
    spawn(process.execPath, [cli, 'worker', '--queue', server.url, '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const ready = workers.map(
    (w) =>
      new Promise<void>((resolveReady) => {
        let text = '';
        w.stdout.on('data', (d) => {
          text += String(d);
          if (text.includes('ready:')) resolveReady();
        });
      }),
  );
  const SQL = await initSqlJs();
  const days = createStudyContext(panel, window).days;
  const { shared, configs } = studyJobs(plan, window);
  const identity = {
    studyId: studyQueueId(plan, window),
    studyName: plan.name,
    version: engineVersion(),
    fingerprint: panel.fingerprint,
  };
  await Promise.all(ready);
  const queueRun = async (): Promise<number> => {
    const db = new SQL.Database();
    initStudySchema(db);
    const sink = storeSink(db, days, engineVersion(), () => undefined);
    const t0 = process.hrtime.bigint();
    await runStudyOnQueue({
      address: parseRedisUrl(server.url),
      identity,
      shared,
      configs,
      done: new Set(),
      chunkSize: CHUNK,
      pollMs: 50,
      ...sink,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const stored = Number(db.exec('SELECT COUNT(*) FROM results')[0].values[0][0]);
    db.close();
    if (stored !== plan.configs.length) throw new Error(`queue: ${stored} of ${plan.configs.length} results`);
    return seconds;
  };

  process.stdout.write(
    `${plan.configs.length} configurations (${plan.cores.length} unhedged cores), chunks of ${CHUNK}, run ${window.from} .. ${window.to}; ${ROUNDS} alternating rounds\n`,
  );
  const local: number[] = [];
  const queued: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const load = loadavg()[0];
    local.push(await localRun());
    queued.push(await queueRun());
    const [l, q] = [plan.configs.length / local[round - 1], plan.configs.length / queued[round - 1]];
    process.stdout.write(
      `round ${round} (load average ${load.toFixed(1)} on ${availableParallelism()} cores): local pool, 2 threads ${l.toFixed(1)} configurations/s; queue, 2 worker processes ${q.toFixed(1)} configurations/s; overhead ${((1 - q / l) * 100).toFixed(1)}%\n`,
    );
  }
  // The workers finish before their Redis goes (a worker stopping against a dead server would hang).
  await Promise.all(
    workers.map((w) => {
      const exited = new Promise((done) => w.once('exit', done));
      w.kill('SIGTERM');
      return exited;
    }),
  );
  await server.stop();

  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const l = plan.configs.length / median(local);
  const q = plan.configs.length / median(queued);
  // What the queue adds per configuration on this process, whatever the load of the rest of the machine:
  // the worker's encoding, the coordinator's decoding and its store write (Redis round trips are per chunk).
  const db = new SQL.Database();
  initStudySchema(db);
  const t0 = process.hrtime.bigint();
  writeResults(
    db,
    results.map((r) => decodeResult(encodeResult(r))),
    days,
    engineVersion(),
  );
  const transportMs = Number(process.hrtime.bigint() - t0) / 1e6 / results.length;
  db.close();
  const bytes = encodeResult(results[0]).length;
  const cold = 1 - plan.configs.length / queued[0] / (plan.configs.length / local[0]);
  process.stdout.write(
    `local pool, 2 threads: ${l.toFixed(1)} configurations/s (median ${median(local).toFixed(2)} s; every round starts its threads, copies the panel and builds their markets)\n`,
  );
  process.stdout.write(
    `queue, 2 worker processes: ${q.toFixed(1)} configurations/s (median ${median(queued).toFixed(2)} s; workers started and data loaded before the clock, markets built in round 1 and kept, as long-running workers keep them)\n`,
  );
  process.stdout.write(
    `transport per configuration: ${transportMs.toFixed(2)} ms (encode, decode, store; ${(bytes / 1024).toFixed(0)} KiB through Redis) against ${((median(local) * 2 * 1000) / plan.configs.length).toFixed(0)} ms of worker-thread time per configuration locally\n`,
  );
  process.stdout.write(
    `queue overhead: ${((1 - q / l) * 100).toFixed(1)}% of the local throughput on the medians, ${(cold * 100).toFixed(1)}% in round 1 (both building their markets) (target at most 10%)\n`,
  );
}
