// Study throughput through the Redis queue against the local worker pool, on the same configurations of the
// real-data run: two `alvh worker` processes (one thread each) on a redis-server of the bench's own, beside
// the pool on two threads, in alternating rounds after an untimed warm-up (the machine is shared: one round
// alone says little). Target: the queue's overhead at most 10% of the local throughput, in steady state:
// each side runs a 200- and a 600-configuration study, and the extra 400 configurations' time (start-up,
// thread start and market building cancel out), pooled over the rounds, gives the steady-state throughput the
// verdict compares.
// Other processes' CPU time is measured in each round (Linux): a round they slowed says nothing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { engineVersion } from '../src/core/engine-version.js';
import { packageRoot, sharedDataDir } from '../src/core/paths.js';
import { loadPanel } from '../src/market/load-panel.js';
import { CpuMeter } from './cpu-meter.js';
import { alvhStudyPlan } from './study-plan.js';
import { chunkByCore, runJobs } from '../src/study/pool.js';
import { runStudyOnQueue } from '../src/study/queue/coordinator.js';
import { parseRedisUrl } from '../src/study/queue/redis-url.js';
import { redisUnavailable, startRedis } from '../src/study/queue/redis-server.test-helper.js';
import { decodeResult, encodeResult } from '../src/study/queue/result-codec.js';
import { resultSink, storeSink, studyJobs, studyQueueIdentity } from '../src/study/queue/study-jobs.js';
import { createStudyContext } from '../src/study/run-chunk.js';
import { initStudySchema, writeResults } from '../src/study/store.js';
import type { ConfigResult } from '../src/study/types.js';

const study = (spreads: string): string => `version: 1
name: bench-queue
base: alvh
axes:
  costs.spread_paid: [${spreads}]
  layers.L1.use.0.sizing.fraction: { from: 0.05, to: 0.29, step: 0.01 }
  layers.financing.enabled: [true, false]
`;
/**
 * 200 configurations, and 600 (the same 200 and 400 more): the difference is the steady-state work. Large
 * enough that the extra work (about 3 s a side on 2 idle cores) is not lost in start-up noise.
 */
const SMALL = study('0.25, 0.5, 0.75, 1');
const LARGE = study('0.25, 0.5, 0.75, 1, 0.3, 0.4, 0.6, 0.7, 0.35, 0.45, 0.55, 0.65');
/** The CLI's default `--chunk`. */
const CHUNK = 10;
const ROUNDS = 5;
/** Other processes using more than this many cores during a round make its timing worthless. */
const FOREIGN_CORES_LIMIT = 0.25;

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  const why = !existsSync(dataDir) ? `no reference data at ${dataDir}` : redisUnavailable();
  if (why !== null) {
    process.stdout.write(`skipped: ${why}\n`);
    return;
  }
  const panel = loadPanel({ dataDir });
  const studies = [SMALL, LARGE].map((text) => alvhStudyPlan(panel, text, 'bench-queue.yaml'));
  const [small, large] = studies;
  const extra = large.plan.configs.length - small.plan.configs.length;

  let results: ConfigResult[] = [];
  const SQL = await initSqlJs();
  // Both sides write every result into a study store as a study run does: the store's work is part of a
  // study's throughput, and through the queue it runs on the coordinator beside the workers.
  const localRun = async ({ plan, window, cores }: (typeof studies)[number]): Promise<number> => {
    const db = new SQL.Database();
    initStudySchema(db);
    const sink = resultSink(db, createStudyContext(panel, window).days, engineVersion(), () => undefined);
    const t0 = process.hrtime.bigint();
    results = [];
    await runJobs(
      panel,
      chunkByCore(plan.configs, cores, { kind: 'panel', window }, CHUNK),
      (_job, r) => {
        results.push(r);
        sink.add(r);
      },
      { workers: 2 },
    );
    sink.flush();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const stored = Number(db.exec('SELECT COUNT(*) FROM results')[0].values[0][0]);
    db.close();
    if (stored !== plan.configs.length)
      throw new Error(`local pool: ${stored} of ${plan.configs.length} results`);
    return seconds;
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
          if (text.includes('waiting for chunks')) resolveReady();
        });
      }),
  );
  await Promise.all(ready);
  const queueRun = async ({ plan, window }: (typeof studies)[number]): Promise<number> => {
    const days = createStudyContext(panel, window).days;
    const { shared, configs } = studyJobs(plan, window);
    const db = new SQL.Database();
    initStudySchema(db);
    const sink = storeSink(db, days, engineVersion(), () => undefined);
    const t0 = process.hrtime.bigint();
    await runStudyOnQueue({
      address: parseRedisUrl(server.url),
      identity: studyQueueIdentity(plan, window, panel.fingerprint),
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
    `${small.plan.configs.length} and ${large.plan.configs.length} configurations, chunks of ${CHUNK}, run ${small.window.from} .. ${small.window.to}; an untimed warm-up, then ${ROUNDS} alternating rounds\n`,
  );
  const meter = CpuMeter.create(() => [process.pid, ...workers.map((w) => w.pid ?? 0), server.pid ?? 0]);
  // The first study of each side compiles the engine's hot paths in every thread and process.
  await localRun(small);
  await queueRun(small);
  const rate = (t: { small: number; large: number }): number => extra / (t.large - t.small);
  const local: { small: number; large: number }[] = [];
  const queued: { small: number; large: number }[] = [];
  const foreign: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const before = meter?.sample();
    local.push({ small: await localRun(small), large: await localRun(large) });
    queued.push({ small: await queueRun(small), large: await queueRun(large) });
    const others = meter && before ? CpuMeter.foreignCores(before, meter.sample()) : null;
    foreign.push(others ?? 0);
    const [l, q] = [rate(local[round - 1]), rate(queued[round - 1])];
    const machine =
      others === null
        ? `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`
        : `other processes ${others.toFixed(2)} of ${availableParallelism()} cores`;
    process.stdout.write(
      `round ${round} (${machine}): local pool, 2 threads ${fmt(local[round - 1])}; queue, 2 worker processes ${fmt(queued[round - 1])}; steady state ${l.toFixed(1)} vs ${q.toFixed(1)} configurations/s, overhead ${((1 - q / l) * 100).toFixed(1)}%\n`,
    );
  }
  // The workers finish before their Redis goes.
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
  // Pooled over the rounds (all the extra configurations over all the extra time): one slow round moves a
  // pooled rate by its share of the time, not by the whole of its own ratio.
  const pooled = (t: { small: number; large: number }[]): number =>
    (extra * t.length) / t.reduce((sum, x) => sum + (x.large - x.small), 0);
  const l = pooled(local);
  const q = pooled(queued);
  // What the queue adds per configuration on this process, whatever the load of the rest of the machine:
  // the worker's encoding and the coordinator's decoding (Redis round trips are per chunk); beside it, the
  // store write both sides do.
  const t0 = process.hrtime.bigint();
  const decoded = results.map((r) => decodeResult(encodeResult(r)));
  const codecMs = Number(process.hrtime.bigint() - t0) / 1e6 / results.length;
  const db = new SQL.Database();
  initStudySchema(db);
  const t1 = process.hrtime.bigint();
  writeResults(db, decoded, createStudyContext(panel, large.window).days, engineVersion());
  const storeMs = Number(process.hrtime.bigint() - t1) / 1e6 / results.length;
  db.close();
  const bytes = encodeResult(results[0]).length;
  const whole = (t: { large: number }[]): number => large.plan.configs.length / median(t.map((x) => x.large));
  process.stdout.write(
    `whole ${large.plan.configs.length}-configuration study, start-up included: local pool ${whole(local).toFixed(1)} configurations/s (starts its threads, copies the panel, builds their markets), queue ${whole(queued).toFixed(1)} configurations/s (workers started and data loaded before the clock)\n`,
  );
  process.stdout.write(
    `per configuration: encode and decode for Redis ${codecMs.toFixed(2)} ms (${(bytes / 1024).toFixed(0)} KiB through Redis), store write ${storeMs.toFixed(2)} ms (both sides)\n`,
  );
  const overhead = 1 - q / l;
  const rounds = local.map((t, k) => 1 - rate(queued[k]) / rate(t)).sort((a, b) => a - b);
  // The middle rounds (the fastest and slowest one left out): one disturbed round does not void the rest.
  const middle = rounds.length > 3 ? rounds.slice(1, -1) : rounds;
  const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
  const spread = `${pct(rounds[0])} .. ${pct(rounds[rounds.length - 1])}, middle ${pct(middle[0])} .. ${pct(middle[middle.length - 1])}`;
  const busiest = Math.max(...foreign);
  const load = loadavg()[0];
  // A difference of two short timings says nothing when other processes took CPU from the bench or the
  // rounds disagree: then the verdict is withheld rather than guessed. Without /proc the load average
  // (which counts the bench's own two busy processes) stands in.
  const doubts = [
    ...(meter !== null
      ? busiest > FOREIGN_CORES_LIMIT
        ? [`other processes used up to ${busiest.toFixed(2)} cores during a round`]
        : []
      : load > availableParallelism() + 0.5
        ? [`load average ${load.toFixed(1)} above the ${availableParallelism()} cores`]
        : []),
    ...([...local, ...queued].some((t) => !(t.large > t.small))
      ? ['a round ran the larger study no slower than the smaller']
      : []),
    ...(middle[middle.length - 1] - middle[0] > 0.2
      ? [`the middle rounds disagree by more than 20 points (${spread})`]
      : []),
  ];
  const quiet =
    meter !== null
      ? `other processes at most ${busiest.toFixed(2)} cores`
      : `load average ${load.toFixed(1)} on ${availableParallelism()} cores`;
  const verdict =
    doubts.length > 0
      ? `NOT DECIDED on this machine now (${doubts.join('; ')}): rerun at a quiet moment`
      : `${overhead <= 0.1 ? 'MET' : 'NOT MET'} on this machine now (${quiet}; rounds ${spread})`;
  process.stdout.write(
    `VERDICT (issue 13: queue overhead at most 10% of the local throughput, steady state): local ${l.toFixed(1)}, queue ${q.toFixed(1)} configurations/s pooled over the rounds' extra ${extra} configurations, overhead ${(overhead * 100).toFixed(1)}%: ${verdict}\n`,
  );
}

const fmt = (t: { small: number; large: number }): string =>
  `${t.small.toFixed(2)} s / ${t.large.toFixed(2)} s`;
