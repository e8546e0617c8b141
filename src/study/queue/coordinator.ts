// The coordinator of a study on a BullMQ queue: claims the queue for its study (refusing one held by
// another study or alvh version), enqueues the configurations not done yet in chunks, and gathers the
// workers' results from Redis into the caller's store, once each, whatever the order or repetitions.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { bullConnection, openRedis } from './connection.js';
import {
  describeIdentity,
  META_KEY,
  NOTICES_KEY,
  PREFIX,
  QUEUE_NAME,
  resultsKey,
  type ChunkJobData,
  type QueueIdentity,
} from './keys.js';
import { describeRedis, type RedisAddress } from './redis-url.js';

/** Attempts per chunk: a refusal by a worker with other data, or a killed worker, costs one each. */
export const CHUNK_ATTEMPTS = 20;

export interface QueuedStudyOptions {
  address: RedisAddress;
  identity: QueueIdentity;
  shared: unknown;
  /**
   * Every configuration (or path run) of the study, in order, with the settings its job carries; a chunk
   * never spans two groups (a synthetic path: one simulation per chunk).
   */
  configs: readonly { id: string; job: unknown; group?: string }[];
  /** Configurations whose results the caller has already stored (a resumed study). */
  done: ReadonlySet<string>;
  chunkSize: number;
  /** Called once per configuration with the worker's encoded result. */
  onResult: (id: string, encoded: Buffer) => void | Promise<void>;
  /** Makes the stored results durable; called before the queue's copy of them is deleted. */
  flush?: () => void | Promise<void>;
  onProgress?: (done: number, total: number) => void;
  /** A line worth telling the user (a worker refused a chunk, a chunk attempt failed). */
  onNotice?: (line: string) => void;
  pollMs?: number;
  /** Discard another study that holds the queue instead of refusing to start. */
  takeOver?: boolean;
  /**
   * Stops gathering when aborted (Ctrl-C): the queue keeps the study's jobs and results, so the same
   * study started again resumes. The promise then rejects with `StudyInterrupted`.
   */
  signal?: AbortSignal;
}

export class StudyInterrupted extends Error {
  constructor(readonly gathered: number) {
    super(`interrupted with ${gathered} configuration(s) gathered; the queue keeps the rest for a resume`);
    this.name = 'StudyInterrupted';
  }
}

interface Meta extends QueueIdentity {
  configs: number;
}

function readMeta(text: string | null): Meta | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Meta;
  } catch {
    return null;
  }
}

/** Removes the study that holds the queue: its jobs, its results and its record. */
export async function clearQueue(redis: Redis, queue: Queue): Promise<void> {
  const meta = readMeta(await redis.get(META_KEY));
  await queue.obliterate({ force: true });
  if (meta) await redis.del(resultsKey(meta));
  await redis.del(META_KEY, NOTICES_KEY);
}

async function claim(redis: Redis, queue: Queue, opts: QueuedStudyOptions): Promise<void> {
  const held = readMeta(await redis.get(META_KEY));
  const mine = opts.identity;
  const same =
    held !== null &&
    held.studyId === mine.studyId &&
    held.version === mine.version &&
    held.fingerprint === mine.fingerprint;
  if (held !== null && !same) {
    if (!opts.takeOver)
      throw new UserError(
        `the queue at ${describeRedis(opts.address)} holds ${describeIdentity(held)}, not ${describeIdentity(mine)}: finish that study (rerun its coordinator) or pass --clear-queue to discard it`,
      );
    await clearQueue(redis, queue);
  }
  const meta: Meta = { ...mine, configs: opts.configs.length };
  await redis.set(META_KEY, JSON.stringify(meta));
}

/** Configuration ids already in a job that is waiting, delayed or running (a resumed coordinator). */
async function queuedIds(queue: Queue, studyId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const job of await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'paused'])) {
    const data = job?.data as ChunkJobData | undefined;
    if (data?.studyId === studyId) for (const c of data.configs) ids.add(c.id);
  }
  return ids;
}

export async function runStudyOnQueue(opts: QueuedStudyOptions): Promise<void> {
  const redis = await openRedis(opts.address);
  const connection = bullConnection(opts.address);
  const queue = new Queue<ChunkJobData>(QUEUE_NAME, { connection, prefix: PREFIX });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: PREFIX });
  events.on('failed', ({ jobId, failedReason }) => opts.onNotice?.(`chunk ${jobId}: ${failedReason}`));
  // BullMQ re-emits its clients' connection errors as 'error' events; one with no listener is thrown from a
  // promise callback (an unhandled rejection that ends the process, seen when a study stops while the
  // events client is still connecting). A lost Redis is reported by the coordinator's own commands.
  const ignore = (): void => undefined;
  events.on('error', ignore);
  queue.on('error', ignore);
  let gatheredCount = (): number => 0;
  try {
    await claim(redis, queue, opts);
    const key = resultsKey(opts.identity);
    const total = opts.configs.length;
    const wanted = new Set(opts.configs.map((c) => c.id));
    const gathered = new Set([...opts.done].filter((id) => wanted.has(id)));
    gatheredCount = () => gathered.size;
    const collect = async (): Promise<void> => {
      // Only this run's ids: the hash may hold results a killed coordinator had already stored.
      const ids = (await redis.hkeys(key)).filter((id) => wanted.has(id) && !gathered.has(id)).sort();
      for (let k = 0; k < ids.length; k += 200) {
        const batch = ids.slice(k, k + 200);
        const values = await redis.hmgetBuffer(key, ...batch);
        for (let j = 0; j < batch.length; j++) {
          const encoded = values[j];
          if (encoded === null || gathered.has(batch[j])) continue;
          gathered.add(batch[j]);
          await opts.onResult(batch[j], encoded);
        }
      }
      opts.onProgress?.(Math.min(gathered.size, total), total);
      for (let line = await redis.lpop(NOTICES_KEY); line !== null; line = await redis.lpop(NOTICES_KEY))
        opts.onNotice?.(line);
    };
    await collect();

    const pending = await queuedIds(queue, opts.identity.studyId);
    const todo = opts.configs.filter((c) => !gathered.has(c.id) && !pending.has(c.id));
    const size = Math.max(1, Math.floor(opts.chunkSize));
    const jobs = [];
    for (let k = 0; k < todo.length;) {
      let end = k + 1;
      while (end < todo.length && end - k < size && todo[end].group === todo[k].group) end++;
      const configs = todo.slice(k, end).map((c) => ({ id: c.id, job: c.job }));
      k = end;
      jobs.push({
        name: 'chunk',
        data: { ...opts.identity, shared: opts.shared, configs },
        opts: {
          // The same chunk enqueued twice (a coordinator restarted mid-enqueue) is one job.
          jobId: `${opts.identity.studyId.slice(0, 16)}-${sha256Hex(configs.map((c) => c.id).join(',')).slice(0, 24)}`,
          attempts: CHUNK_ATTEMPTS,
          backoff: { type: 'fixed', delay: 500 },
          removeOnComplete: true,
          removeOnFail: false,
        },
      });
    }
    for (let k = 0; k < jobs.length; k += 500) await queue.addBulk(jobs.slice(k, k + 500));

    const pollMs = opts.pollMs ?? 250;
    while (gathered.size < total) {
      if (opts.signal?.aborted) throw new StudyInterrupted(gathered.size);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      await collect();
      if (gathered.size >= total) break;
      const failed = await queue.getJobs(['failed']);
      const mineFailed = failed.filter(
        (j) => (j?.data as ChunkJobData | undefined)?.studyId === opts.identity.studyId,
      );
      if (mineFailed.length > 0) {
        const reasons = [...new Set(mineFailed.map((j) => j.failedReason))].slice(0, 3).join('; ');
        throw new UserError(
          `${mineFailed.length} chunk(s) failed ${CHUNK_ATTEMPTS} times and were given up: ${reasons}; finished results are kept, rerun to retry`,
        );
      }
    }
    await opts.flush?.();
    await clearQueue(redis, queue);
  } catch (err) {
    // Redis gone mid-study: a user's situation, not a bug; what was gathered is in the caller's store.
    if (err instanceof UserError || err instanceof StudyInterrupted || redis.status === 'ready') throw err;
    await opts.flush?.();
    throw new UserError(
      `lost Redis at ${describeRedis(opts.address)} (${err instanceof Error ? err.message : String(err)}): the study stopped with ${gatheredCount()} configuration(s) gathered; when Redis is back, the same command resumes it`,
    );
  } finally {
    await events.close();
    await queue.close();
    redis.disconnect();
  }
}
