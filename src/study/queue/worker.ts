// A study worker: takes chunks of configurations from the BullMQ queue, runs them with the caller's
// handler and writes each result into the study's Redis hash (idempotent: a chunk run twice writes the
// same values). A job for another alvh version or other data is refused: the worker says why and stops,
// and the chunk goes back to the queue for a worker that has the right data. Stopped while Redis is gone,
// it waits a few seconds for Redis to come back, then stops without it and says so.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../../core/errors.js';
import { bullConnection, connectionFailure, openRedis } from './connection.js';
import {
  describeIdentity,
  META_KEY,
  NOTICES_KEY,
  PREFIX,
  QUEUE_NAME,
  resultsKey,
  type ChunkJobData,
} from './keys.js';
import { describeRedis, type RedisAddress } from './redis-url.js';

/** How long a stopping worker waits for a Redis that has gone away before it stops without it. */
export const REDIS_GONE_GRACE_MS = 5_000;

/**
 * How long the last check after a clean stop waits for Redis to answer a PING. A stop can close the worker
 * before the client has seen the socket of a Redis that has just died (the signal and the close arrive in the
 * same turn of the event loop on a loaded machine), so its events alone would report a clean stop.
 */
const FINAL_PING_MS = 1_500;

/**
 * Whether Redis answers a PING within `ms` (a client that reconnects queues the command meanwhile). The
 * timeout gives way to an answer that arrived while the thread was busy: timers run before the event loop
 * polls its sockets, so the verdict waits for one poll (setImmediate) before saying "no answer".
 */
export async function answers(client: Redis, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>(
    (resolve) => (timer = setTimeout(() => setImmediate(() => resolve(false)), ms)),
  );
  try {
    return await Promise.race([
      client.ping().then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface WorkerIdentity {
  version: string;
  fingerprint: string;
  /** Where the worker's data come from, for messages. */
  dataLabel: string;
}

/** One configuration's result as a chunk hands it to Redis (bytes: `encodeResult`, or a test's own). */
export interface ChunkResult {
  id: string;
  encoded: Buffer;
}

export interface QueueWorkerOptions {
  address: RedisAddress;
  identity: WorkerIdentity;
  concurrency: number;
  /** Runs one chunk; returns each configuration's encoded result. */
  handle: (shared: unknown, configs: { id: string; job: unknown }[]) => Promise<ChunkResult[]>;
  /**
   * Seconds a running chunk's lock lasts without renewal: a worker killed mid-chunk loses the chunk to
   * another worker after about this long (BullMQ's lock duration and stall check).
   */
  stallSeconds?: number;
  onLog?: (line: string) => void;
  /** Stops the worker when aborted (Ctrl-C): the running chunks finish first. */
  signal?: AbortSignal;
  /** How long a stop waits for Redis to come back (default REDIS_GONE_GRACE_MS). */
  redisGraceMs?: number;
}

export interface WorkerOutcome {
  chunks: number;
  configs: number;
  /** Why the worker stopped itself: a job for other data or another version. Null when stopped by signal. */
  refused: string | null;
  /** Set when the worker was stopped while Redis was unreachable and stopped without it: one line saying so. */
  lostRedis: string | null;
}

/**
 * Whether Redis answers, from a client's events: `gone()` resolves once it has been unreachable for `graceMs`
 * in a row (a restart of Redis within that time is waited for).
 */
class Reachability {
  up = true;
  reason = 'connection closed';
  private downSince = 0;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    client: Redis,
    private readonly address: RedisAddress,
    private readonly graceMs: number,
  ) {
    client.on('ready', () => {
      this.up = true;
      this.arm();
    });
    client.on('close', () => {
      if (this.up) this.downSince = Date.now();
      this.up = false;
      this.arm();
    });
    client.on('error', (err: unknown) => {
      this.reason = connectionFailure(address, err).message.replace(/^cannot reach Redis at \S+: /, '');
    });
  }

  /** Resolves when Redis has been gone for the grace period (never while it answers). */
  gone(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.arm();
    });
  }

  private arm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.up || this.waiters.length === 0) return;
    const left = this.downSince + this.graceMs - Date.now();
    this.timer = setTimeout(
      () => {
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      },
      Math.max(0, left),
    );
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
  }

  describe(running: number, waited: boolean): string {
    const left =
      running > 0
        ? `: ${running} running chunk(s) not written (the queue hands them to another worker after the stall interval)`
        : '';
    const wait = waited ? ` after waiting ${Math.round(this.graceMs / 1000)} s for it` : '';
    return `lost Redis at ${describeRedis(this.address)} (${this.reason}): stopped without it${wait}${left}`;
  }
}

function readStudyId(meta: string | null): string | null {
  try {
    return meta === null ? null : String((JSON.parse(meta) as { studyId: unknown }).studyId);
  } catch {
    return null;
  }
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
  const checked = await openRedis(opts.address);
  const log = opts.onLog ?? (() => undefined);
  const outcome: WorkerOutcome = { chunks: 0, configs: 0, refused: null, lostRedis: null };
  const held = await checked.get(META_KEY);
  if (held !== null) {
    const meta = JSON.parse(held) as ChunkJobData;
    const why = refusal(meta, opts.identity);
    if (why !== null) {
      await checked.rpush(NOTICES_KEY, `a worker ${why}`);
      checked.disconnect();
      return { ...outcome, refused: why };
    }
  }
  checked.disconnect();
  // From here on a client that reconnects: a Redis restarted while a chunk runs gets its results.
  const redis = new Redis(bullConnection(opts.address));
  const graceMs = opts.redisGraceMs ?? REDIS_GONE_GRACE_MS;
  const reach = new Reachability(redis, opts.address, graceMs);
  let running = 0;
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
      running++;
      try {
        const results = await opts.handle(job.data.shared, job.data.configs);
        // A late second delivery (this worker lost the chunk's lock while stalled) must not write into a
        // study that has finished and left the queue.
        if (readStudyId(await redis.get(META_KEY)) !== job.data.studyId) {
          log(`chunk ${job.id}: its study has left the queue (finished or cleared): results not written`);
          return 0;
        }
        const key = resultsKey(job.data);
        const fields: (string | Buffer)[] = [];
        for (const r of results) fields.push(r.id, r.encoded);
        if (fields.length > 0) await redis.hset(key, ...fields);
        outcome.chunks++;
        outcome.configs += results.length;
        log(`chunk ${job.id}: ${results.length} configuration(s)`);
        return results.length;
      } finally {
        running--;
      }
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
  log(`waiting for chunks on ${describeRedis(opts.address)}`);
  // One line per outage, not one per reconnection attempt.
  let lastError = '';
  const lapsed = new Set<string>();
  worker.on('error', (err) => {
    // A chunk whose lock lapsed (the worker was stalled longer than the stall interval) has been handed to
    // another worker: said once per chunk, in words, instead of BullMQ's lock errors.
    const job = /(?:renew lock|Lock mismatch|Missing lock) for job (\S+?)\.?(?:\s|$)/.exec(err.message)?.[1];
    if (job !== undefined) {
      if (!lapsed.has(job))
        log(
          `chunk ${job}: its lock lapsed while this worker was stalled (longer than the stall interval) and another worker took it over; delivered twice, it counts once`,
        );
      lapsed.add(job);
      return;
    }
    if (err.message !== lastError) log(`queue error: ${err.message}`);
    lastError = err.message;
  });
  redis.on('ready', () => (lastError = ''));
  opts.signal?.addEventListener('abort', () => stop?.(), { once: true });
  await stopped;
  // The running chunks finish and the connections close, unless Redis is gone for the grace period (at the
  // stop or while waiting), or stops answering for as long (a frozen server keeps its sockets open, so the
  // client sees no close and BullMQ's close would wait for it forever): then the worker stops without it,
  // leaving its chunks to the stall check.
  let closing = true;
  const gone = reach.gone().then(() => 'gone' as const);
  const silent = (async () => {
    while (closing) {
      if (!(await answers(redis, graceMs))) return 'silent' as const;
      await sleep(1_000, undefined, { ref: false });
    }
    return 'closed' as const;
  })();
  const closed = worker.close().then(() => 'closed' as const);
  const how = await Promise.race([closed, gone, silent]);
  closing = false;
  if (how !== 'closed') {
    if (how === 'silent') reach.reason = `no answer for ${Math.round(graceMs / 1000)} s`;
    outcome.lostRedis = reach.describe(running, how === 'gone');
    void worker.disconnect().catch(() => undefined);
  } else if (!reach.up || !(await answers(redis, FINAL_PING_MS)))
    outcome.lostRedis = reach.describe(running, false);
  reach.dispose();
  redis.disconnect();
  return outcome;
}
