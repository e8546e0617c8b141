// `alvh worker` as a library call: N worker threads, each with its own copy of the market and its own queue
// connection, taking chunks until stopped or refused. Lines from the threads come back through `onLog`.
import { Worker } from 'node:worker_threads';
import type { LoadMarketOptions } from '../../api/market.js';
import { UserError } from '../../core/errors.js';
import type { WorkerOutcome } from './worker.js';

/** Where a worker's market comes from: a data folder, or the embedded synthetic market (loadMarket's options). */
export type MarketSource = LoadMarketOptions;

export interface QueueWorkersOptions {
  /** The `--queue` URL as given (parsed again in each thread). */
  url: string;
  source: MarketSource;
  concurrency: number;
  stallSeconds?: number;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

/** What a thread posts back. */
export type ThreadMessage =
  | { type: 'log'; line: string }
  | { type: 'done'; outcome: WorkerOutcome }
  | { type: 'error'; message: string; user: boolean };

export async function runQueueWorkers(opts: QueueWorkersOptions): Promise<WorkerOutcome> {
  const n = Math.max(1, Math.floor(opts.concurrency));
  const total: WorkerOutcome = { chunks: 0, configs: 0, refused: null, lostRedis: null };
  const threads: Worker[] = [];
  const finished = Array.from({ length: n }, (_, k) => {
    const thread = new Worker(new URL('./worker-thread.js', import.meta.url), {
      workerData: { url: opts.url, source: opts.source, stallSeconds: opts.stallSeconds, thread: k + 1 },
    });
    threads.push(thread);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      thread.on('message', (m: ThreadMessage) => {
        if (m.type === 'log') opts.onLog?.(n > 1 ? `[${k + 1}] ${m.line}` : m.line);
        else if (m.type === 'done') {
          total.chunks += m.outcome.chunks;
          total.configs += m.outcome.configs;
          total.refused ??= m.outcome.refused;
          total.lostRedis ??= m.outcome.lostRedis;
          settled = true;
          resolve();
        } else {
          settled = true;
          reject(m.user ? new UserError(m.message) : new Error(m.message));
        }
        // A thread that has reported its end is done: ended here, so that a chunk still computing for a
        // Redis that has gone (its results cannot be written) does not keep the process alive.
        if (m.type !== 'log') void thread.terminate();
      });
      thread.on('error', (err) => reject(err));
      thread.on('exit', (code) => {
        if (!settled) reject(new Error(`worker thread ${k + 1} exited with code ${code}`));
      });
    });
  });
  const stopAll = (): void => {
    for (const t of threads) t.postMessage('stop');
  };
  opts.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    // One thread refused (other data): the others would refuse the same jobs, so all stop.
    await Promise.all(finished.map((p) => p.then(() => (total.refused !== null ? stopAll() : undefined))));
  } catch (err) {
    stopAll();
    throw err;
  }
  return total;
}
