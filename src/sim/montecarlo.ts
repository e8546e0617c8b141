// Monte Carlo over synthetic markets: each path is a fresh simulated history on which the strategy and its
// unhedged twin run; the distribution of the claim metrics over paths replaces one lucky (or unlucky) number.
// Paths run on worker threads; results are stored by path index so the outcome never depends on timing.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sha256Hex } from '../core/hash.js';
import { UserError } from '../core/errors.js';
import { PATH_METRICS, type PathMetricName } from './path-metrics.js';

export interface MonteCarloOptions {
  paths: number;
  years: number;
  seed: number;
  /** Strategy preset name or file path (loaded in each worker). */
  strategy: string;
  /** Worker threads (default: all cores). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers; paths already finished are kept. */
  signal?: AbortSignal;
}

export interface MonteCarloResult {
  requested: number;
  completed: number;
  interrupted: boolean;
  years: number;
  seed: number;
  /** Per metric, the values by path index (NaN for paths that did not finish, or where it is not measurable). */
  values: Record<PathMetricName, Float64Array>;
  /** 1 for each path index that finished: tells an unfinished path from one whose metrics are NaN. */
  finished: Uint8Array;
  strategyHash: string;
  elapsedSeconds: number;
}

/** The seed of path p: a hash of the run seed and the path index, so paths are independent of worker layout. */
export function pathSeed(seed: number, path: number): number {
  return parseInt(sha256Hex(`${seed}:${path}`).slice(0, 8), 16);
}

export interface WorkerTask {
  strategy: string;
  years: number;
  seeds: { path: number; seed: number }[];
}

export type WorkerMessage =
  | { kind: 'path'; path: number; metrics: Record<PathMetricName, number> }
  | { kind: 'hash'; hash: string }
  | { kind: 'error'; message: string; user: boolean };

export async function runMonteCarlo(opts: MonteCarloOptions): Promise<MonteCarloResult> {
  const started = Date.now();
  const nWorkers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), opts.paths));
  const values = Object.fromEntries(
    PATH_METRICS.map((m) => [m.name, new Float64Array(opts.paths).fill(NaN)]),
  ) as Record<PathMetricName, Float64Array>;
  const finished = new Uint8Array(opts.paths);
  let completed = 0;
  let strategyHash = '';
  let interrupted = false;
  const workers: Worker[] = [];
  const workerUrl = new URL('./montecarlo-worker.js', import.meta.url);

  const allExited = new Promise<void>((resolveAll, rejectAll) => {
    let running = nWorkers;
    const stopAll = (): void => {
      interrupted = true;
      for (const w of workers) void w.terminate();
    };
    opts.signal?.addEventListener('abort', stopAll, { once: true });
    for (let w = 0; w < nWorkers; w++) {
      // Interleaved assignment keeps every worker's share of long and short paths similar.
      const seeds: { path: number; seed: number }[] = [];
      for (let p = w; p < opts.paths; p += nWorkers) seeds.push({ path: p, seed: pathSeed(opts.seed, p) });
      const task: WorkerTask = { strategy: opts.strategy, years: opts.years, seeds };
      const worker = new Worker(workerUrl, { workerData: task });
      workers.push(worker);
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.kind === 'hash') strategyHash = msg.hash;
        else if (msg.kind === 'path') {
          for (const m of PATH_METRICS) values[m.name][msg.path] = msg.metrics[m.name];
          finished[msg.path] = 1;
          completed++;
          opts.onProgress?.(completed, opts.paths);
        } else {
          stopAll();
          rejectAll(msg.user ? new UserError(msg.message) : new Error(msg.message));
        }
      });
      worker.on('error', (err) => {
        stopAll();
        rejectAll(err);
      });
      worker.on('exit', () => {
        if (--running === 0) resolveAll();
      });
    }
  });
  await allExited;
  return {
    requested: opts.paths,
    completed,
    interrupted,
    years: opts.years,
    seed: opts.seed,
    values,
    finished,
    strategyHash,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
}
