// The study's configurations and path runs done by workers on a Redis queue instead of the local pool: the
// same runs, results and store, so the statistics are computed exactly as for a local study.
import { engineVersion } from '../../core/engine-version.js';
import type { ConfigRunner, PathRunner } from '../run-study.js';
import { runStudyOnQueue, StudyInterrupted, type QueuedStudyOptions } from './coordinator.js';
import type { QueueIdentity } from './keys.js';
import type { RedisAddress } from './redis-url.js';
import { decodeResult } from './result-codec.js';
import { pathJobs, pathsQueueId, studyJobs, studyQueueId } from './study-jobs.js';

export interface QueueRunnerOptions {
  address: RedisAddress;
  /** The data fingerprint every worker must have. */
  fingerprint: string;
  chunkSize: number;
  /** Discard another study that holds the queue. */
  clearQueue?: boolean;
  onNotice?: (line: string) => void;
}

/** Runs on the queue; an interruption (Ctrl-C) is a result, not an error. */
async function onQueue(
  opts: QueueRunnerOptions,
  run: Omit<QueuedStudyOptions, 'address' | 'onNotice' | 'takeOver' | 'identity'> & {
    identity: Omit<QueueIdentity, 'version' | 'fingerprint'>;
  },
): Promise<{ interrupted: boolean }> {
  // Nothing to run: the queue is not touched (it may hold this study's other phase, or another study).
  if (run.configs.every((c) => run.done.has(c.id))) return { interrupted: false };
  try {
    await runStudyOnQueue({
      ...run,
      address: opts.address,
      identity: { ...run.identity, version: engineVersion(), fingerprint: opts.fingerprint },
      onNotice: opts.onNotice,
      takeOver: opts.clearQueue,
    });
    return { interrupted: false };
  } catch (err) {
    if (err instanceof StudyInterrupted) return { interrupted: true };
    throw err;
  }
}

export function queueRunner(opts: QueueRunnerOptions): ConfigRunner {
  return async (ctx) => {
    const { shared, configs } = studyJobs(ctx.plan, ctx.window);
    return onQueue(opts, {
      identity: { studyId: studyQueueId(ctx.plan, ctx.window), studyName: ctx.plan.name },
      shared,
      configs,
      done: ctx.stored,
      chunkSize: opts.chunkSize,
      onResult: (_id, encoded) => ctx.onResult(decodeResult(encoded)),
      flush: ctx.flush,
      signal: ctx.signal,
    });
  };
}

/** Path runs on the queue: one job per path (a worker simulates each path it takes once). */
export function queuePathRunner(opts: QueueRunnerOptions): PathRunner {
  return async (ctx) => {
    const { shared, configs } = pathJobs(ctx.plan, ctx.todo);
    const keyOf = new Map(configs.map((c) => [c.id, c.group]));
    return onQueue(opts, {
      identity: {
        studyId: pathsQueueId(ctx.plan, ctx.window, ctx.keys),
        studyName: `${ctx.plan.name} (paths)`,
      },
      shared,
      configs,
      done: new Set(),
      chunkSize: Number.MAX_SAFE_INTEGER,
      onResult: (id, encoded) => {
        const r = decodeResult(encoded);
        ctx.onResult(keyOf.get(id)!, { ...r, id: id.split('@')[0] });
      },
      flush: ctx.flush,
      signal: ctx.signal,
    });
  };
}
