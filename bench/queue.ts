// Study throughput through the Redis queue against the local worker pool, on the same configurations of the
// real-data run: two `alvh worker` processes (one thread each) on a redis-server of the bench's own, beside
// the pool on two threads. Target: the queue's overhead at most 10% of the local throughput.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
import { storeSink, studyJobs, studyQueueId } from '../src/study/queue/study-jobs.js';
import { createStudyContext } from '../src/study/run-chunk.js';
import { initStudySchema } from '../src/study/store.js';

const STUDY = `version: 1
name: bench-queue
base: alvh
axes:
  costs.spread_paid: [0.25, 0.5, 0.75, 1]
  layers.L1.use.0.sizing.fraction: [0.08, 0.09, 0.1, 0.11, 0.12]
  layers.financing.enabled: [true, false]
`;
const CHUNK = 5;

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  const why = !existsSync(dataDir) ? `no reference data at ${dataDir}` : redisUnavailable();
  if (why !== null) {
    process.stdout.write(`skipped: ${why}\n`);
    return;
  }
  const panel = loadPanel({ dataDir });
  const { plan, window, cores } = alvhStudyPlan(panel, STUDY, 'bench-queue.yaml');

  let t0 = process.hrtime.bigint();
  let done = 0;
  await runJobs(panel, chunkByCore(plan.configs, cores, { kind: 'panel', window }, CHUNK), () => done++, {
    workers: 2,
  });
  const localSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

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
  const db = new SQL.Database();
  initStudySchema(db);
  const days = createStudyContext(panel, window).days;
  const sink = storeSink(db, days, engineVersion(), () => undefined);
  const { shared, configs } = studyJobs(plan, window);
  const identity = {
    studyId: studyQueueId(plan, window),
    studyName: plan.name,
    version: engineVersion(),
    fingerprint: panel.fingerprint,
  };
  await Promise.all(ready);
  t0 = process.hrtime.bigint();
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
  const queueSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const w of workers) w.kill('SIGTERM');
  await server.stop();

  const local = done / localSeconds;
  const queued = plan.configs.length / queueSeconds;
  process.stdout.write(
    `${plan.configs.length} configurations (${plan.cores.length} unhedged cores), chunks of ${CHUNK}, run ${window.from} .. ${window.to}\n`,
  );
  process.stdout.write(
    `local pool, 2 threads: ${local.toFixed(1)} configurations/s (${localSeconds.toFixed(2)} s, cold)\n`,
  );
  process.stdout.write(
    `queue, 2 worker processes: ${queued.toFixed(1)} configurations/s (${queueSeconds.toFixed(2)} s, data loaded, JIT cold)\n`,
  );
  process.stdout.write(
    `queue overhead: ${((1 - queued / local) * 100).toFixed(1)}% of the local throughput (target at most 10%)\n`,
  );
}
