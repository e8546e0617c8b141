// Runs a study end to end: the configurations not yet in the results file (or stored by another engine) run
// on the worker pool or the queue (results written as they arrive, checkpointed every few seconds, so a
// killed study resumes), then, with --paths, each configuration (or the top M) on K synthetic paths, stored
// and resumable the same way, counting the paths on which each claim holds.
import { join } from 'node:path';
import type { Panel } from '../market/panel.js';
import { pathSeed } from '../sim/montecarlo.js';
import { publishedClaims } from '../analytics/claims.js';
import { boxClaims, claimHolds } from './statistics/claim-box.js';
import { runObjective } from './statistics/objective.js';
import { computeStudyStatistics, inClaimBox, type StudyStatistics } from './statistics/index.js';
import type { PlannedConfig, StudyPlan } from './expand.js';
import { chunkByCore, runJobs } from './pool.js';
import { createStudyContext, studyWindow, type StudyWindow } from './run-chunk.js';
import { engineVersion } from '../core/engine-version.js';
import { pathMarketKey, pathWindowStrategies, type SyntheticMarket } from './path-market.js';
import {
  heapPathOf,
  readPathResults,
  readResults,
  storedEngines,
  storedIds,
  storedPathEngines,
  StudyStore,
  writePathResults,
  writeResults,
  type PathResult,
} from './store.js';
import type { StudyObjective } from './statistics/index.js';
import type { ConfigResult, StudyDays, StudyMetrics } from './types.js';

export interface StudyRunOptions {
  panel: Panel;
  outDir: string;
  workers?: number;
  /** Synthetic paths per configuration (0: none). */
  paths?: number;
  /** Run only the best `top` configurations by the objective on the paths (null: all). */
  top?: number | null;
  pathYears?: number;
  pathSeed?: number;
  signal?: AbortSignal;
  onProgress?: (phase: 'configurations' | 'paths', done: number, total: number) => void;
  /** Runs the configurations not yet stored (default: the local worker pool; `--queue`: Redis workers). */
  runner?: ConfigRunner;
  /** Runs the path runs not yet stored (default: the local worker pool; `--queue`: Redis workers). */
  pathRunner?: PathRunner;
  /** The engine results are keyed by (default engineVersion(); tests set it to play a changed engine). */
  engine?: string;
}

/** What a runner of a study's configurations is given. */
export interface ConfigRunContext {
  plan: StudyPlan;
  window: StudyWindow;
  /** The configurations to run (not stored yet), in the plan's order. */
  todo: PlannedConfig[];
  /** Ids already stored. */
  stored: ReadonlySet<string>;
  onResult: (result: ConfigResult) => void;
  /** Makes the results handed over so far durable. */
  flush: () => void;
  signal?: AbortSignal;
}

export type ConfigRunner = (ctx: ConfigRunContext) => Promise<{ interrupted: boolean }>;

/** One synthetic path's runs still to do. */
export interface PathTodo {
  /** Its store key (pathMarketKey). */
  key: string;
  market: SyntheticMarket;
  /** The configurations not yet stored on it, sorted by core. */
  configs: PlannedConfig[];
}

/** What a runner of a study's path runs is given. */
export interface PathRunContext {
  plan: StudyPlan;
  window: StudyWindow;
  /** Every path's key, done or not (names the path set, e.g. on the queue). */
  keys: string[];
  /** Only paths with something to do, in path order. */
  todo: PathTodo[];
  onResult: (key: string, result: ConfigResult) => void;
  flush: () => void;
  signal?: AbortSignal;
}

export type PathRunner = (ctx: PathRunContext) => Promise<{ interrupted: boolean }>;

/** The local path runner: one pool job per path (a path is simulated and its market built once). */
function localPathRunner(workers: number | undefined): PathRunner {
  return async (ctx) => {
    const cores = new Map(ctx.plan.cores.map((c) => [c.id, c.strategy]));
    const jobs = ctx.todo.map((p) => chunkByCore(p.configs, cores, p.market, p.configs.length)[0]);
    return runJobs(null, jobs, (job, result) => ctx.onResult(ctx.todo[job].key, result), {
      workers,
      signal: ctx.signal,
    });
  };
}

/** The local runner: the worker-thread pool on this machine's panel. */
function localRunner(panel: Panel, workers: number | undefined): ConfigRunner {
  return async (ctx) => {
    const cores = new Map(ctx.plan.cores.map((c) => [c.id, c.strategy]));
    const jobs = chunkByCore(ctx.todo, cores, { kind: 'panel', window: ctx.window }, JOB_SIZE);
    return runJobs(panel, jobs, (_job, result) => ctx.onResult(result), { workers, signal: ctx.signal });
  };
}

/** Per configuration on the synthetic paths: how many finished and the share on which each claim holds. */
export interface PathShares {
  paths: number;
  claims: Record<string, number>;
  inClaimBox: number;
}

export interface StudyOutcome {
  plan: StudyPlan;
  window: StudyWindow;
  days: StudyDays;
  /** In the plan's order; shorter when interrupted (only what finished). */
  results: ConfigResult[];
  ran: number;
  reused: number;
  /** The engine the results are keyed by (engineVersion()). */
  engine: string;
  /**
   * Results of this study that the store held from other engines (another alvh version or changed engine
   * code), recomputed rather than reused: how many, and which engines wrote them.
   */
  stale: { configs: number; paths: number; engines: string[] };
  interrupted: boolean;
  storePath: string;
  /** The returns beside the store (its blob heap). */
  heapPath: string;
  paths: {
    count: number;
    years: number;
    seed: number;
    /** Path runs (configuration x path) run now, and found in the store. */
    ran: number;
    reused: number;
    byConfig: Record<string, PathShares>;
  } | null;
  /** Null when no configuration finished. */
  statistics: StudyStatistics | null;
  elapsedSeconds: number;
}

/**
 * The cash return of each day of the window (ACT/365 on the rate known at the previous close, carried over
 * gaps), as the backtest's Sharpe ratio subtracts it: the statistics then rank excess returns.
 */
function riskFreeDaily(panel: Panel, window: StudyWindow, days: StudyDays): Float64Array {
  const start = panel.dates.indexOf(window.from);
  const out = new Float64Array(Math.max(0, days.dates.length - 1));
  let rate = 0;
  for (let t = 1; t < days.dates.length; t++) {
    const r = panel.series.rateAnnual[start + t - 1];
    if (Number.isFinite(r)) rate = r;
    out[t - 1] = Math.expm1((rate * (panel.days[start + t] - panel.days[start + t - 1])) / 365);
  }
  return out;
}

/** Per published claim id: whether the metrics meet it, as the backtest's claim check rules. */
export function claimsHeld(metrics: StudyMetrics): Record<string, boolean> {
  return Object.fromEntries(publishedClaims().map((c) => [c.id, claimHolds(c, metrics)]));
}

/** Results ranked by the objective, best first; not measurable last; ties by id. */
export function rankByObjective(results: readonly ConfigResult[], objective: StudyObjective): ConfigResult[] {
  const box = boxClaims();
  const key = (r: ConfigResult): number => {
    const v = runObjective(objective, r.metrics, box);
    return Number.isFinite(v) ? v : -Infinity;
  };
  return [...results].sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const JOB_SIZE = 8;
const CHECKPOINT_MS = 3000;

export async function runStudy(plan: StudyPlan, opts: StudyRunOptions): Promise<StudyOutcome> {
  const started = Date.now();
  const { panel } = opts;
  const engine = opts.engine ?? engineVersion();
  const window = studyWindow(
    panel,
    plan.configs.map((c) => c.strategy),
    plan,
  );
  const days = createStudyContext(panel, window).days;
  const storePath = join(opts.outDir, 'study.sqlite');
  const store = await StudyStore.open(storePath);
  let interrupted = false;
  let ran = 0;
  const staleEngines = new Set<string>();
  try {
    const engines = storedEngines(store.db, days);
    const have = new Set<string>();
    let staleConfigs = 0;
    for (const c of plan.configs) {
      const e = engines.get(c.id);
      if (e === engine) have.add(c.id);
      else if (e !== undefined) {
        staleConfigs++;
        staleEngines.add(e);
      }
    }
    const todo = plan.configs.filter((c) => !have.has(c.id));
    const reused = plan.configs.length - todo.length;
    let lastSave = Date.now();
    let pending: ConfigResult[] = [];
    let pendingPaths: PathResult[] = [];
    const flush = (): void => {
      if (pending.length > 0) writeResults(store.db, pending, days, engine);
      if (pendingPaths.length > 0) writePathResults(store.db, pendingPaths, engine);
      pending = [];
      pendingPaths = [];
      store.checkpoint();
      lastSave = Date.now();
    };
    const maybeFlush = (): void => {
      if (Date.now() - lastSave >= CHECKPOINT_MS) flush();
    };
    opts.onProgress?.('configurations', reused, plan.configs.length);
    const runner = opts.runner ?? localRunner(panel, opts.workers);
    const run = await runner({
      plan,
      window,
      todo,
      stored: have,
      onResult: (result) => {
        pending.push(result);
        ran++;
        opts.onProgress?.('configurations', reused + ran, plan.configs.length);
        maybeFlush();
      },
      flush,
      signal: opts.signal,
    });
    interrupted = run.interrupted;
    flush();
    const done = storedIds(store.db, days, engine);
    const results = readResults(
      store.db,
      plan.configs.filter((c) => done.has(c.id)).map((c) => c.id),
      days,
      engine,
    );
    let paths: StudyOutcome['paths'] = null;
    let stalePaths = 0;
    if (!interrupted && (opts.paths ?? 0) > 0) {
      const chosen = opts.top ? rankByObjective(results, plan.objective).slice(0, opts.top) : results;
      const ids = new Set(chosen.map((r) => r.id));
      const picked = plan.configs.filter((c) => ids.has(c.id));
      const out = await runPaths(plan, window, picked, opts, engine, {
        store,
        onResult: (r) => {
          pendingPaths.push(r);
          maybeFlush();
        },
        flush,
      });
      flush();
      stalePaths = out.stale.count;
      for (const e of out.stale.engines) staleEngines.add(e);
      paths = out.paths;
      interrupted = paths === null;
    }
    const statistics =
      results.length === 0
        ? null
        : computeStudyStatistics(results, days, {
            objective: plan.objective,
            top: opts.top ?? 10,
            riskFreeDaily: riskFreeDaily(panel, window, days),
          });
    return {
      plan,
      window,
      days,
      results,
      statistics,
      ran,
      reused,
      engine,
      stale: { configs: staleConfigs, paths: stalePaths, engines: [...staleEngines].sort() },
      interrupted,
      storePath,
      heapPath: heapPathOf(storePath),
      paths,
      elapsedSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
}

/** The K synthetic markets of a --paths run, seeds derived as `alvh montecarlo` derives them. */
export function pathMarkets(
  plan: StudyPlan,
  count: number,
  years: number,
  seed: number,
): { key: string; market: SyntheticMarket }[] {
  const windowBy = pathWindowStrategies(plan);
  return Array.from({ length: count }, (_, p) => {
    const market: SyntheticMarket = {
      kind: 'synthetic',
      years,
      seed: pathSeed(seed, p),
      from: plan.from,
      to: plan.to,
      windowBy,
    };
    return { key: pathMarketKey(market), market };
  });
}

/**
 * Each picked configuration on K synthetic paths: the runs not stored yet (by this engine) go to the path
 * runner, each result into the store as it comes; the shares are then read from the store. Paths null when
 * interrupted (what finished is stored for the rerun).
 */
async function runPaths(
  plan: StudyPlan,
  window: StudyWindow,
  picked: PlannedConfig[],
  opts: StudyRunOptions,
  engine: string,
  io: { store: StudyStore; onResult: (r: PathResult) => void; flush: () => void },
): Promise<{ paths: StudyOutcome['paths']; stale: { count: number; engines: string[] } }> {
  const count = opts.paths ?? 0;
  const years = opts.pathYears ?? 20;
  const seed = opts.pathSeed ?? 1;
  const markets = pathMarkets(plan, count, years, seed);
  const stored = storedPathEngines(
    io.store.db,
    markets.map((m) => m.key),
  );
  const staleEngines = new Set<string>();
  let stale = 0;
  const todo: PathTodo[] = [];
  const byKey = new Map<string, SyntheticMarket>();
  for (const { key, market } of markets) {
    byKey.set(key, market);
    const configs = picked.filter((c) => {
      const e = stored.get(`${c.id} ${key}`);
      if (e !== undefined && e !== engine) {
        stale++;
        staleEngines.add(e);
      }
      return e !== engine;
    });
    if (configs.length > 0)
      todo.push({
        key,
        market,
        configs: [...configs].sort((a, b) => (a.coreId < b.coreId ? -1 : a.coreId > b.coreId ? 1 : 0)),
      });
  }
  const total = count * picked.length;
  const reused = total - todo.reduce((n, p) => n + p.configs.length, 0);
  let ran = 0;
  opts.onProgress?.('paths', reused, total);
  const runner = opts.pathRunner ?? localPathRunner(opts.workers);
  const run = await runner({
    plan,
    window,
    keys: markets.map((m) => m.key),
    todo,
    onResult: (key, result) => {
      const market = byKey.get(key)!;
      io.onResult({
        id: result.id,
        market: key,
        seed: market.seed,
        years: market.years,
        metrics: result.metrics,
      });
      ran++; // not inside the optional call below: with no onProgress its arguments are never evaluated
      opts.onProgress?.('paths', reused + ran, total);
    },
    flush: io.flush,
    signal: opts.signal,
  });
  const staleOut = { count: stale, engines: [...staleEngines].sort() };
  if (run.interrupted) return { paths: null, stale: staleOut };
  io.flush();
  const held = new Map<string, { paths: number; claims: Record<string, number>; box: number }>();
  for (const c of picked) held.set(c.id, { paths: 0, claims: {}, box: 0 });
  const pairs = markets.flatMap(({ key }) => picked.map((c) => ({ id: c.id, market: key })));
  for (const r of readPathResults(io.store.db, pairs, engine)) {
    const h = held.get(r.id)!;
    h.paths++;
    for (const [id, ok] of Object.entries(claimsHeld(r.metrics)))
      h.claims[id] = (h.claims[id] ?? 0) + (ok ? 1 : 0);
    if (inClaimBox(r.metrics)) h.box++;
  }
  const byConfig: Record<string, PathShares> = {};
  for (const [id, h] of held)
    byConfig[id] = {
      paths: h.paths,
      claims: Object.fromEntries(
        Object.entries(h.claims).map(([k, v]) => [k, h.paths > 0 ? v / h.paths : NaN]),
      ),
      inClaimBox: h.paths > 0 ? h.box / h.paths : NaN,
    };
  return { paths: { count, years, seed, ran, reused, byConfig }, stale: staleOut };
}
