// A study's configurations as queue jobs: what a chunk carries (each configuration's strategy, the cores,
// the window: settings, never code), the worker's handler that validates them again and runs them on its
// own data, and the coordinator's side that writes each gathered result into the study's store.
import type { Database } from 'sql.js';
import { sha256Hex } from '../../core/hash.js';
import type { Panel } from '../../market/panel.js';
import { validateStrategy } from '../../strategy/load.js';
import type { Strategy } from '../../strategy/schema.js';
import type { PlannedConfig, StudyPlan } from '../expand.js';
import { createStudyContext, runChunk, type StudyContext, type StudyWindow } from '../run-chunk.js';
import { canonicalJson, decodeFloat64, encodeFloat64, writeResults } from '../store.js';
import type { ConfigResult, StudyDays, StudyMetrics } from '../types.js';

/** What every chunk of a study shares. */
export interface StudyJobShared {
  window: StudyWindow;
  cores: { id: string; strategy: Strategy }[];
}

/** What one configuration's job carries. */
export interface StudyJobConfig {
  settings: Record<string, unknown>;
  strategy: Strategy;
  coreId: string;
}

/** The study's id on the queue: its configurations, cores and window, so another study never matches. */
export function studyQueueId(plan: StudyPlan, window: StudyWindow): string {
  return sha256Hex(
    canonicalJson({ window, configs: plan.configs.map((c) => c.id), cores: plan.cores.map((c) => c.id) }),
  );
}

export function studyJobs(
  plan: StudyPlan,
  window: StudyWindow,
): {
  shared: StudyJobShared;
  configs: { id: string; job: StudyJobConfig }[];
} {
  return {
    shared: { window, cores: plan.cores },
    configs: plan.configs.map((c) => ({
      id: c.id,
      job: { settings: c.settings, strategy: c.strategy, coreId: c.coreId },
    })),
  };
}

const toBase64 = (a: Float64Array): string => Buffer.from(encodeFloat64(a)).toString('base64');
const fromBase64 = (s: string): Float64Array => decodeFloat64(new Uint8Array(Buffer.from(s, 'base64')));

/** A result as text for Redis: exact doubles (NaN included), arrays as little-endian base64. */
export function encodeResult(r: ConfigResult): string {
  const metrics = JSON.stringify(r.metrics, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  return JSON.stringify({
    id: r.id,
    settings: r.settings,
    metrics,
    returns: toBase64(r.returns),
    unhedgedReturns: toBase64(r.unhedgedReturns),
    sleeveReturns: toBase64(r.sleeveReturns),
  });
}

export function decodeResult(text: string): ConfigResult {
  const o = JSON.parse(text) as Record<string, string> & { settings: Record<string, unknown> };
  const metrics = JSON.parse(o.metrics, (_k, v: unknown) =>
    v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v,
  ) as StudyMetrics;
  return {
    id: o.id,
    settings: o.settings,
    metrics,
    returns: fromBase64(o.returns),
    unhedgedReturns: fromBase64(o.unhedgedReturns),
    sleeveReturns: fromBase64(o.sleeveReturns),
  };
}

/**
 * The worker's handler on its own panel: the strategies are validated again by the strategy schema (a job
 * is data from the network), the study context is built once per window and kept for the next chunks.
 */
export function studyChunkHandler(
  panel: Panel,
): (shared: unknown, configs: { id: string; job: unknown }[]) => Promise<{ id: string; encoded: string }[]> {
  let context: { key: string; ctx: StudyContext; cores: Map<string, Strategy> } | null = null;
  return async (sharedRaw, configs) => {
    const shared = sharedRaw as StudyJobShared;
    const key = canonicalJson(shared.window) + shared.cores.map((c) => c.id).join(',');
    if (context === null || context.key !== key) {
      const cores = new Map(
        shared.cores.map((c) => [c.id, validateStrategy(c.strategy, `queued core ${c.id.slice(0, 12)}`)]),
      );
      context = { key, ctx: createStudyContext(panel, shared.window), cores };
    }
    const planned: PlannedConfig[] = configs.map((c) => {
      const job = c.job as StudyJobConfig;
      return {
        id: c.id,
        settings: job.settings,
        strategy: validateStrategy(job.strategy, `queued configuration ${c.id.slice(0, 12)}`),
        coreId: job.coreId,
      };
    });
    return runChunk(context.ctx, planned, context.cores).map((r) => ({ id: r.id, encoded: encodeResult(r) }));
  };
}

/** The coordinator's sink: results written to the store as they come, checkpointed every few seconds. */
export function storeSink(
  db: Database,
  days: StudyDays,
  checkpoint: () => void,
  everyMs = 5000,
): { onResult: (id: string, encoded: string) => void; flush: () => void } {
  let pending: ConfigResult[] = [];
  let last = Date.now();
  const flush = (): void => {
    if (pending.length > 0) writeResults(db, pending, days);
    pending = [];
    checkpoint();
    last = Date.now();
  };
  return {
    onResult: (_id, encoded) => {
      pending.push(decodeResult(encoded));
      if (pending.length >= 200 || Date.now() - last >= everyMs) flush();
    },
    flush,
  };
}
