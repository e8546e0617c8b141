// A study worker: takes chunks of configurations from the BullMQ queue, runs them with the caller's
// handler and writes each result into the study's Redis hash (idempotent: a chunk run twice writes the
// same values). A job for another alvh version or other data is refused: the worker says why and stops,
// and the chunk goes back to the queue for a worker that has the right data.
import { Worker, type Job } from 'bullmq';
import { UserError } from '../../core/errors.js';
import { bullConnection, openRedis } from './connection.js';
import {
  describeIdentity,
  META_KEY,
  NOTICES_KEY,
  PREFIX,
  QUEUE_NAME,
  resultsKey,
  type ChunkJobData,
} from './keys.js';
import type { RedisAddress } from './redis-url.js';

export interface WorkerIdentity {
  version: string;
  fingerprint: string;
  /** Where the worker's data come from, for messages. */
  dataLabel: string;
}

export interface QueueWorkerOptions {
  address: RedisAddress;
  identity: WorkerIdentity;
  concurrency: number;
  /** Runs one chunk; returns each configuration's encoded result. */
  handle: (
    shared: unknown,
    configs: { id: string; job: unknown }[],
  ) => Promise<{ id: string; encoded: string }[]>;
  /**
   * Seconds a running chunk's lock lasts without renewal: a worker killed mid-chunk loses the chunk to
   * another worker after about this long (BullMQ's lock duration and stall check).
   */
  stallSeconds?: number;
  onLog?: (line: string) => void;
  /** Stops the worker when aborted (Ctrl-C): the running chunks finish first. */
  signal?: AbortSignal;
}

export interface WorkerOutcome {
  chunks: number;
  configs: number;
  /** Why the worker stopped itself: a job for other data or another version. Null when stopped by signal. */
  refused: string | null;
}

/** Why this worker must not run the job, or null. */
export function refusal(
  job: Pick<ChunkJobData, 'version' | 'fingerprint'> & Parameters<typeof describeIdentity>[0],
  me: WorkerIdentity,
): string | null {
  if (job.version !== me.version)
    return `refused ${describeIdentity(job)}: this worker runs alvh ${me.version}`;
  if (job.fingerprint !== me.fingerprint)
    return `refused ${describeIdentity(job)}: this worker's data (${me.dataLabel}, fingerprint ${me.fingerprint.slice(0, 12)}) differ from the study's`;
  return null;
}

export async function runQueueWorker(opts: QueueWorkerOptions): Promise<WorkerOutcome> {
  const redis = await openRedis(opts.address);
  const log = opts.onLog ?? (() => undefined);
  const outcome: WorkerOutcome = { chunks: 0, configs: 0, refused: null };
  const held = await redis.get(META_KEY);
  if (held !== null) {
    const meta = JSON.parse(held) as ChunkJobData;
    const why = refusal(meta, opts.identity);
    if (why !== null) {
      await redis.rpush(NOTICES_KEY, `a worker ${why}`);
      redis.disconnect();
      return { ...outcome, refused: why };
    }
  }
  const stallMs = Math.max(1, opts.stallSeconds ?? 30) * 1000;
  let stop: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const worker = new Worker<ChunkJobData>(
    QUEUE_NAME,
    async (job: Job<ChunkJobData>) => {
      const why = refusal(job.data, opts.identity);
      if (why !== null) {
        outcome.refused = why;
        await redis.rpush(NOTICES_KEY, `a worker ${why}`);
        stop?.();
        // A plain error: the chunk goes back to the queue (it has attempts left) for another worker.
        throw new UserError(why);
      }
      const results = await opts.handle(job.data.shared, job.data.configs);
      const key = resultsKey(job.data);
      const fields: string[] = [];
      for (const r of results) fields.push(r.id, r.encoded);
      if (fields.length > 0) await redis.hset(key, ...fields);
      outcome.chunks++;
      outcome.configs += results.length;
      log(`chunk ${job.id}: ${results.length} configuration(s)`);
      return results.length;
    },
    {
      connection: bullConnection(opts.address),
      prefix: PREFIX,
      concurrency: Math.max(1, Math.floor(opts.concurrency)),
      lockDuration: stallMs,
      stalledInterval: stallMs,
      // A chunk may be orphaned by several killed workers in a row and must still be finished.
      maxStalledCount: 100,
    },
  );
  worker.on('error', (err) => log(`queue error: ${err.message}`));
  opts.signal?.addEventListener('abort', () => stop?.(), { once: true });
  await stopped;
  await worker.close();
  redis.disconnect();
  return outcome;
}
