// Runs a study end to end: the configurations not yet in the results file run on the worker pool (results
// written as they arrive, checkpointed every few seconds, so a killed study resumes), then, with --paths,
// each configuration (or the top M) on K synthetic paths, counting the paths on which each claim holds.
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
import { readResults, storedIds, StudyStore, writeResults } from './store.js';
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
  interrupted: boolean;
  storePath: string;
  paths: { count: number; years: number; seed: number; byConfig: Record<string, PathShares> } | null;
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
  const window = studyWindow(
    panel,
    plan.configs.map((c) => c.strategy),
    plan,
  );
  const days = createStudyContext(panel, window).days;
  const storePath = join(opts.outDir, 'study.sqlite');
  const store = await StudyStore.open(storePath);
  const cores = new Map(plan.cores.map((c) => [c.id, c.strategy]));
  let interrupted = false;
  let ran = 0;
  try {
    const have = storedIds(store.db, days);
    const todo = plan.configs.filter((c) => !have.has(c.id));
    const reused = plan.configs.length - todo.length;
    let lastSave = Date.now();
    let pending: ConfigResult[] = [];
    const flush = (): void => {
      if (pending.length > 0) writeResults(store.db, pending, days);
      pending = [];
      store.checkpoint();
      lastSave = Date.now();
    };
    opts.onProgress?.('configurations', reused, plan.configs.length);
    const jobs = chunkByCore(todo, cores, { kind: 'panel', window }, JOB_SIZE);
    const run = await runJobs(
      panel,
      jobs,
      (_job, result) => {
        pending.push(result);
        ran++;
        opts.onProgress?.('configurations', reused + ran, plan.configs.length);
        if (Date.now() - lastSave >= CHECKPOINT_MS) flush();
      },
      { workers: opts.workers, signal: opts.signal },
    );
    interrupted = run.interrupted;
    flush();
    const done = storedIds(store.db, days);
    const results = readResults(
      store.db,
      plan.configs.filter((c) => done.has(c.id)).map((c) => c.id),
      days,
    );
    let paths: StudyOutcome['paths'] = null;
    if (!interrupted && (opts.paths ?? 0) > 0) {
      const chosen = opts.top ? rankByObjective(results, plan.objective).slice(0, opts.top) : results;
      const ids = new Set(chosen.map((r) => r.id));
      const picked = plan.configs.filter((c) => ids.has(c.id));
      paths = await runPaths(plan, picked, cores, opts);
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
      interrupted,
      storePath,
      paths,
      elapsedSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
}

/** Each picked configuration on K synthetic paths; null when interrupted. */
async function runPaths(
  plan: StudyPlan,
  picked: PlannedConfig[],
  cores: ReadonlyMap<string, PlannedConfig['strategy']>,
  opts: StudyRunOptions,
): Promise<StudyOutcome['paths']> {
  const count = opts.paths ?? 0;
  const years = opts.pathYears ?? 20;
  const seed = opts.pathSeed ?? 1;
  const jobs = Array.from({ length: count }, (_, p) => {
    const market = {
      kind: 'synthetic',
      years,
      seed: pathSeed(seed, p),
      from: plan.from,
      to: plan.to,
    } as const;
    return chunkByCore(picked, cores, market, picked.length)[0];
  });
  const held = new Map<string, { paths: number; claims: Record<string, number>; box: number }>();
  for (const c of picked) held.set(c.id, { paths: 0, claims: {}, box: 0 });
  const total = count * picked.length;
  let done = 0;
  const run = await runJobs(
    null,
    jobs,
    (_job, result) => {
      const h = held.get(result.id)!;
      h.paths++;
      for (const [id, ok] of Object.entries(claimsHeld(result.metrics)))
        h.claims[id] = (h.claims[id] ?? 0) + (ok ? 1 : 0);
      if (inClaimBox(result.metrics)) h.box++;
      opts.onProgress?.('paths', ++done, total);
    },
    { workers: opts.workers, signal: opts.signal },
  );
  if (run.interrupted) return null;
  const byConfig: Record<string, PathShares> = {};
  for (const [id, h] of held)
    byConfig[id] = {
      paths: h.paths,
      claims: Object.fromEntries(
        Object.entries(h.claims).map(([k, v]) => [k, h.paths > 0 ? v / h.paths : NaN]),
      ),
      inClaimBox: h.paths > 0 ? h.box / h.paths : NaN,
    };
  return { count, years, seed, byConfig };
}
