// A study's configurations and path runs as queue jobs: what a chunk carries (each configuration's strategy,
// the cores, the window or the synthetic path: settings, never code), the worker's handler that validates
// them again and runs them on its own data or path, and the coordinator's side that writes each gathered
// result into the study's store.
import type { Database } from 'sql.js';
import { engineVersion } from '../../core/engine-version.js';
import { sha256Hex } from '../../core/hash.js';
import type { Panel } from '../../market/panel.js';
import { validateStrategy } from '../../strategy/load.js';
import type { Strategy } from '../../strategy/schema.js';
import type { PlannedConfig, StudyPlan } from '../expand.js';
import { pathContext, pathMarketKey, type SyntheticMarket } from '../path-market.js';
import type { PathTodo } from '../run-study.js';
import { createStudyContext, runChunk, type StudyContext, type StudyWindow } from '../run-chunk.js';
import { canonicalJson, writeResults } from '../store.js';
import type { ConfigResult, StudyDays } from '../types.js';
import { decodeResult, encodeResult } from './result-codec.js';
import type { QueueIdentity } from './keys.js';
import type { ChunkResult } from './worker.js';

/** What every chunk of a study shares: the real-data window, or the rule of its synthetic paths. */
export type StudyJobShared =
  | { kind?: 'panel'; window: StudyWindow; cores: { id: string; strategy: Strategy }[] }
  | {
      kind: 'paths';
      years: number;
      from: string | null;
      to: string | null;
      windowBy: Strategy[];
      cores: { id: string; strategy: Strategy }[];
    };

/** What one configuration's job carries (and, for a path run, the path's seed). */
export interface StudyJobConfig {
  settings: Record<string, unknown>;
  strategy: Strategy;
  coreId: string;
  seed?: number;
}

/** The study's id on the queue: its configurations, cores and window, so another study never matches. */
export function studyQueueId(plan: StudyPlan, window: StudyWindow): string {
  return sha256Hex(
    canonicalJson({ window, configs: plan.configs.map((c) => c.id), cores: plan.cores.map((c) => c.id) }),
  );
}

/** Who a study on the queue is: its id, name, this alvh's version and the data every worker must have. */
export function studyQueueIdentity(plan: StudyPlan, window: StudyWindow, fingerprint: string): QueueIdentity {
  return { studyId: studyQueueId(plan, window), studyName: plan.name, version: engineVersion(), fingerprint };
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
    // Sorted by core, as the local pool chunks them: a worker then runs each core once and keeps it.
    configs: [...plan.configs]
      .sort((a, b) => (a.coreId < b.coreId ? -1 : a.coreId > b.coreId ? 1 : 0))
      .map((c) => ({
        id: c.id,
        job: { settings: c.settings, strategy: c.strategy, coreId: c.coreId },
      })),
  };
}

/** The path runs' id on the queue: the study's and the paths', so another path set never matches. */
export function pathsQueueId(plan: StudyPlan, window: StudyWindow, keys: readonly string[]): string {
  return sha256Hex(canonicalJson({ study: studyQueueId(plan, window), paths: keys }));
}

/** A path run's id on the queue (and its field in the results hash): configuration and path key. */
export const pathRunId = (configId: string, pathKey: string): string => `${configId}@${pathKey}`;

/**
 * The path runs as queue items, path by path (each path one group: a chunk never spans two paths, so a
 * worker simulates a path once per chunk).
 */
export function pathJobs(
  plan: StudyPlan,
  todo: readonly PathTodo[],
): {
  shared: StudyJobShared;
  configs: { id: string; group: string; job: StudyJobConfig }[];
} {
  const m = todo[0]?.market;
  return {
    shared: {
      kind: 'paths',
      years: m?.years ?? 0,
      from: m?.from ?? null,
      to: m?.to ?? null,
      windowBy: m?.windowBy ?? [],
      cores: plan.cores,
    },
    configs: todo.flatMap((p) =>
      p.configs.map((c) => ({
        id: pathRunId(c.id, p.key),
        group: p.key,
        job: { settings: c.settings, strategy: c.strategy, coreId: c.coreId, seed: p.market.seed },
      })),
    ),
  };
}

/**
 * Back to the event loop between configurations: the queue renews a running chunk's lock on a timer, and a
 * chunk computed in one go for longer than the stall interval would lose it and be delivered again.
 */
const backToTheQueue = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const validCores = (shared: StudyJobShared): Map<string, Strategy> =>
  new Map(shared.cores.map((c) => [c.id, validateStrategy(c.strategy, `queued core ${c.id.slice(0, 12)}`)]));

/**
 * The worker's handler on its own panel: the strategies are validated again by the strategy schema (a job
 * is data from the network); the study context is built once per window (or per synthetic path) and kept
 * for the next chunks. Path runs come back without daily returns (paths do not line up; only their
 * metrics are stored).
 */
export function studyChunkHandler(
  panel: Panel,
): (shared: unknown, configs: { id: string; job: unknown }[]) => Promise<ChunkResult[]> {
  let context: { key: string; ctx: StudyContext; cores: Map<string, Strategy> } | null = null;
  const contextFor = (
    key: string,
    build: () => StudyContext,
    shared: StudyJobShared,
  ): NonNullable<typeof context> => {
    if (context === null || context.key !== key) context = { key, ctx: build(), cores: validCores(shared) };
    return context;
  };
  const planned = (c: { id: string; job: unknown }): PlannedConfig => {
    const job = c.job as StudyJobConfig;
    return {
      id: c.id,
      settings: job.settings,
      strategy: validateStrategy(job.strategy, `queued configuration ${c.id.slice(0, 12)}`),
      coreId: job.coreId,
    };
  };
  return async (sharedRaw, configs) => {
    const shared = sharedRaw as StudyJobShared;
    if (shared.kind !== 'paths') {
      const key = canonicalJson(shared.window) + shared.cores.map((c) => c.id).join(',');
      const { ctx, cores } = contextFor(key, () => createStudyContext(panel, shared.window), shared);
      const results: ChunkResult[] = [];
      for (const c of configs) {
        const [r] = runChunk(ctx, [planned(c)], cores);
        results.push({ id: r.id, encoded: encodeResult(r) });
        await backToTheQueue();
      }
      return results;
    }
    const windowBy = shared.windowBy.map((s, k) => validateStrategy(s, `queued path window ${k + 1}`));
    const out: ChunkResult[] = [];
    for (const c of configs) {
      const seed = Number((c.job as StudyJobConfig).seed);
      const market: SyntheticMarket = {
        kind: 'synthetic',
        years: shared.years,
        seed,
        from: shared.from,
        to: shared.to,
        windowBy,
      };
      const { ctx, cores } = contextFor(`path:${pathMarketKey(market)}`, () => pathContext(market), shared);
      const config = planned(c);
      const [r] = runChunk(ctx, [{ ...config, id: config.id.split('@')[0] }], cores);
      const none = new Float64Array(0);
      out.push({
        id: c.id,
        encoded: encodeResult({ ...r, returns: none, unhedgedReturns: none, sleeveReturns: none }),
      });
      await backToTheQueue();
    }
    return out;
  };
}

/**
 * Results written to a study's store in batches as they come (at most 200 held, checkpointed every few
 * seconds), as a study run writes them: the local side of the queue bench writes through it too.
 */
export function resultSink(
  db: Database,
  days: StudyDays,
  engine: string,
  checkpoint: () => void,
  everyMs = 5000,
): { add: (result: ConfigResult) => void; flush: () => void } {
  let pending: ConfigResult[] = [];
  let last = Date.now();
  const flush = (): void => {
    if (pending.length > 0) writeResults(db, pending, days, engine);
    pending = [];
    checkpoint();
    last = Date.now();
  };
  return {
    add: (result) => {
      pending.push(result);
      if (pending.length >= 200 || Date.now() - last >= everyMs) flush();
    },
    flush,
  };
}

/** The coordinator's sink: each gathered result decoded and written to the store through `resultSink`. */
export function storeSink(
  db: Database,
  days: StudyDays,
  engine: string,
  checkpoint: () => void,
  everyMs = 5000,
): { onResult: (id: string, encoded: Buffer) => void; flush: () => void } {
  const sink = resultSink(db, days, engine, checkpoint, everyMs);
  return { onResult: (_id, encoded) => sink.add(decodeResult(encoded)), flush: sink.flush };
}
