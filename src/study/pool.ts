// A pool of worker threads that runs study jobs: each job is a chunk of configurations on one market (the
// study's panel, or a synthetic path the worker simulates). Workers keep their context (market, signals,
// unhedged cores) between jobs; chunks are handed out as workers free up, and results are returned by job.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import type { Panel } from '../market/panel.js';
import type { Strategy } from '../strategy/schema.js';
import type { PlannedConfig } from './expand.js';
import type { SyntheticMarket } from './path-market.js';
import type { StudyWindow } from './run-chunk.js';
import type { ConfigResult } from './types.js';

/** Where a job runs: the panel the pool was started with, over a window, or a synthetic path. */
export type JobMarket = { kind: 'panel'; window: StudyWindow } | SyntheticMarket;

export interface StudyJob {
  market: JobMarket;
  configs: PlannedConfig[];
  /** The unhedged core of every configuration in the job, by core id. */
  cores: [string, Strategy][];
}

export interface PoolTask {
  panel: Panel | null;
}

export type PoolRequest = { kind: 'job'; job: number; task: StudyJob } | { kind: 'stop' };

export type PoolReply =
  | { kind: 'result'; job: number; result: ConfigResult }
  | { kind: 'done'; job: number }
  | { kind: 'error'; message: string; user: boolean };

export interface PoolOptions {
  workers?: number;
  /** Aborting stops the workers at once; results already returned are kept by the caller. */
  signal?: AbortSignal;
}

/**
 * Runs the jobs on `workers` threads (default: all cores). `onResult` gets each configuration's result as
 * it arrives, with its job's index. Resolves when every job is done, or rejects on the first error.
 */
export async function runJobs(
  panel: Panel | null,
  jobs: readonly StudyJob[],
  onResult: (job: number, result: ConfigResult) => void,
  opts: PoolOptions = {},
): Promise<{ interrupted: boolean }> {
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length));
  if (jobs.length === 0) return { interrupted: false };
  let next = 0;
  let interrupted = false;
  const workers: Worker[] = [];
  const url = new URL('./pool-worker.js', import.meta.url);
  await new Promise<void>((resolveAll, rejectAll) => {
    let running = n;
    let failed = false;
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const onAbort = (): void => {
      interrupted = true;
      stopAll();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker): void => {
      if (next < jobs.length) {
        const job = next++;
        w.postMessage({ kind: 'job', job, task: jobs[job] } satisfies PoolRequest);
      } else w.postMessage({ kind: 'stop' } satisfies PoolRequest);
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(url, { workerData: { panel } satisfies PoolTask });
      workers.push(w);
      w.on('message', (msg: PoolReply) => {
        if (msg.kind === 'result') onResult(msg.job, msg.result);
        else if (msg.kind === 'done') feed(w);
        else if (!failed) {
          failed = true;
          stopAll();
          rejectAll(msg.user ? new UserError(msg.message) : new Error(msg.message));
        }
      });
      w.on('error', (err) => {
        if (failed) return;
        failed = true;
        stopAll();
        rejectAll(err);
      });
      w.on('exit', () => {
        if (--running === 0) {
          opts.signal?.removeEventListener('abort', onAbort);
          resolveAll();
        }
      });
      feed(w);
    }
  });
  return { interrupted };
}

/**
 * Cuts configurations into jobs of about `size`, each job's configurations sharing as few cores as the
 * order allows (sorted by core), so a worker runs each core once per job at most.
 */
export function chunkByCore(
  configs: readonly PlannedConfig[],
  cores: ReadonlyMap<string, Strategy>,
  market: JobMarket,
  size: number,
): StudyJob[] {
  const sorted = [...configs].sort((a, b) => (a.coreId < b.coreId ? -1 : a.coreId > b.coreId ? 1 : 0));
  const jobs: StudyJob[] = [];
  for (let k = 0; k < sorted.length; k += size) {
    const part = sorted.slice(k, k + size);
    const ids = [...new Set(part.map((c) => c.coreId))];
    jobs.push({ market, configs: part, cores: ids.map((id) => [id, cores.get(id)!]) });
  }
  return jobs;
}
