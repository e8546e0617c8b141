// Study throughput as the target states it: configurations per second of the real-data 2007-2026 run, each
// with its unhedged core, through the real worker pool on all cores (cores shared as a study shares them),
// steady state on a study big enough that start-up amortises; start-up measured apart. Target: 10,000
// configurations in 120 s on 2 cores (83/s).
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { sharedDataDir } from '../src/core/paths.js';
import { loadPanel } from '../src/market/load-panel.js';
import { alvhStudyPlan } from './study-plan.js';
import { chunkByCore, runJobs } from '../src/study/pool.js';
import { createStudyContext, runChunk } from '../src/study/run-chunk.js';

/** Configurations the pool runs (`ALVH_BENCH_STUDY_CONFIGS` overrides: fewer on a slow machine). */
const CONFIGS = Number(process.env.ALVH_BENCH_STUDY_CONFIGS ?? 800);

/**
 * A 10,000-configuration study in miniature: v1's layer parameters drawn jointly (a seeded sample of a
 * 7,776-point grid) on four core books (two wing widths x two cost models), as alvh-v1-sensitivity.yaml.
 */
const study = (n: number): string => `version: 1
name: bench
base: alvh
bundles:
  costs:
    half-spread: { costs.spread_paid: 0.5 }
    per-order: { costs.slippage: per_order }
axes:
  condor.wings.percent: [0.02, 0.03]
  layers.L1.use.0.sizing.fraction: { from: 0.08, to: 0.12, step: 0.02 }
  layers.L1.use.0.instrument.delta: [0.15, 0.2, 0.25]
  layers.L1.exits.profit_multiple: [2, 3, 5]
  layers.L2.trigger:
    - rsi14 < 30 and backwardation > 0.03
    - rsi14 < 35 and backwardation > 0.03
    - rsi14 < 40 and backwardation > 0
  layers.L2.use.0.sizing.fraction: [0.25, 0.5]
  layers.L2.max_premium_of_condor_loss: [null, 0.5]
  layers.L3.use.0.sizing.fraction: [0.0025, 0.005, 0.01]
  layers.financing.enabled: [true, false]
sample: { random: ${n}, seed: 1 }
`;

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  if (!existsSync(dataDir)) {
    process.stdout.write(`skipped: no reference data at ${dataDir}\n`);
    return;
  }
  const panel = loadPanel({ dataDir });
  const { plan, window, cores } = alvhStudyPlan(panel, study(CONFIGS), 'bench.yaml');
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(
    `run ${window.from} .. ${window.to}: ${plan.configs.length} configurations, ${plan.cores.length} unhedged cores; load average ${loadavg()[0].toFixed(2)} at the start`,
  );

  // One thread, warm: what one configuration costs (its core already run), in CPU (all of the process's
  // threads, the GC's included) and wall time.
  const ctx = createStudyContext(panel, window);
  const byCore = plan.configs.filter((c) => c.coreId === plan.configs[0].coreId);
  runChunk(ctx, byCore.slice(0, 20), cores);
  const sample = byCore.slice(20, 60);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  runChunk(ctx, sample, cores);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6 / sample.length;
  const cpu = cpuMs(process.cpuUsage(cpu0)) / sample.length;
  out(
    `one thread, warm: ${cpu.toFixed(1)} ms of CPU a configuration (${wall.toFixed(1)} ms wall): at most ${((2 * 1000) / cpu).toFixed(1)} configurations/s on 2 idle cores`,
  );

  // The pool, as `alvh study` runs it: jobs of 8 configurations sorted by core, one worker per core.
  const workers = availableParallelism();
  const jobs = chunkByCore(plan.configs, cores, { kind: 'panel', window }, 8);
  const times: number[] = [];
  const start = process.hrtime.bigint();
  const poolCpu0 = process.cpuUsage();
  await runJobs(panel, jobs, () => times.push(Number(process.hrtime.bigint() - start) / 1e9), { workers });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const poolCpu = cpuMs(process.cpuUsage(poolCpu0)) / times.length;
  // Start-up: until every worker has its first result (panel to the worker, contexts, JIT, first cores).
  const startup = times[Math.min(workers, times.length) - 1];
  // Steady state: the rate over the last three quarters of the results.
  const from = Math.floor(times.length / 4);
  const steady = (times.length - 1 - from) / (times[times.length - 1] - times[from]);
  out(
    `pool of ${workers} workers: ${times.length} in ${seconds.toFixed(1)} s = ${(times.length / seconds).toFixed(1)} configurations/s overall; ${poolCpu.toFixed(1)} ms of CPU a configuration (all threads)`,
  );
  out(`  cold start-up (first result of every worker): ${startup.toFixed(2)} s`);
  out(
    `  steady state: ${steady.toFixed(1)} configurations/s; 10,000 projected in ${(startup + 10_000 / steady).toFixed(0)} s (target 120 s, 83/s on 2 cores); load average ${loadavg()[0].toFixed(2)} at the end`,
  );
}
