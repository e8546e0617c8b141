// The study's configurations run by workers on a Redis queue instead of the local pool: the same
// configurations, results and store, so the statistics are computed exactly as for a local study.
import { alvhVersion } from '../../core/version.js';
import type { ConfigRunner } from '../run-study.js';
import { runStudyOnQueue, StudyInterrupted } from './coordinator.js';
import type { RedisAddress } from './redis-url.js';
import { decodeResult, studyJobs, studyQueueId } from './study-jobs.js';

export interface QueueRunnerOptions {
  address: RedisAddress;
  /** The data fingerprint every worker must have. */
  fingerprint: string;
  chunkSize: number;
  /** Discard another study that holds the queue. */
  clearQueue?: boolean;
  onNotice?: (line: string) => void;
}

export function queueRunner(opts: QueueRunnerOptions): ConfigRunner {
  return async (ctx) => {
    const { shared, configs } = studyJobs(ctx.plan, ctx.window);
    try {
      await runStudyOnQueue({
        address: opts.address,
        identity: {
          studyId: studyQueueId(ctx.plan, ctx.window),
          studyName: ctx.plan.name,
          version: alvhVersion(),
          fingerprint: opts.fingerprint,
        },
        shared,
        configs,
        done: ctx.stored,
        chunkSize: opts.chunkSize,
        onResult: (_id, encoded) => ctx.onResult(decodeResult(encoded)),
        flush: ctx.flush,
        onNotice: opts.onNotice,
        takeOver: opts.clearQueue,
        signal: ctx.signal,
      });
      return { interrupted: false };
    } catch (err) {
      if (err instanceof StudyInterrupted) return { interrupted: true };
      throw err;
    }
  };
}
