// Study throughput: configurations per second on the real-data 2007-2026 run, each with its unhedged core
// (cores shared as a study shares them), on the worker pool with all cores. Target: 10,000 configurations
// in 120 s on 2 cores (83/s).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sharedDataDir } from '../src/core/paths.js';
import { loadPanel } from '../src/market/load-panel.js';
import { loadStrategy } from '../src/strategy/load.js';
import { expandStudy } from '../src/study/expand.js';
import { chunkByCore, runJobs } from '../src/study/pool.js';
import { createStudyContext, runChunk, studyWindow } from '../src/study/run-chunk.js';
import { parseStudyText } from '../src/study/study-file.js';

/** 48 configurations on 4 cores: L1 budget x L2 premium cap x financing, on four cost settings. */
const STUDY = `version: 1
name: bench
base: alvh
axes:
  costs.spread_paid: [0.25, 0.5, 0.75, 1]
  layers.L1.use.0.sizing.fraction: [0.08, 0.1, 0.12]
  layers.L2.max_premium_of_condor_loss: [null, 0.5]
  layers.financing.enabled: [true, false]
`;

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  if (!existsSync(dataDir)) {
    process.stdout.write(`skipped: no reference data at ${dataDir}\n`);
    return;
  }
  const panel = loadPanel({ dataDir });
  const plan = expandStudy(
    parseStudyText(STUDY, 'bench.yaml', '.'),
    new Map([['alvh', loadStrategy('alvh')]]),
  );
  const window = studyWindow(
    panel,
    plan.configs.map((c) => c.strategy),
    plan,
  );
  const cores = new Map(plan.cores.map((c) => [c.id, c.strategy]));

  // One thread, warm: the cost of one configuration and of one unhedged core.
  const ctx = createStudyContext(panel, window);
  runChunk(ctx, plan.configs.slice(0, 2), cores);
  let t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const sample = plan.configs.filter((c) => c.coreId === plan.configs[0].coreId).slice(2, 10);
  runChunk(ctx, sample, cores);
  const perConfig = Number(process.hrtime.bigint() - t0) / 1e6 / sample.length;
  const cpu = process.cpuUsage(cpu0);
  // CPU time, not wall time: on a shared machine the wall clock counts other processes' turns too.
  const cpuPerConfig = (cpu.user + cpu.system) / 1000 / sample.length;

  const workers = availableParallelism();
  t0 = process.hrtime.bigint();
  let done = 0;
  await runJobs(panel, chunkByCore(plan.configs, cores, { kind: 'panel', window }, 8), () => done++, {
    workers,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    `run ${window.from} .. ${window.to}: ${plan.configs.length} configurations, ${plan.cores.length} unhedged cores\n`,
  );
  process.stdout.write(
    `one thread, warm: ${cpuPerConfig.toFixed(1)} ms of CPU a configuration (its core already run; ${perConfig.toFixed(1)} ms wall): ${((2 * 1000) / cpuPerConfig).toFixed(1)} configurations/s on 2 idle cores\n`,
  );
  process.stdout.write(
    `pool of ${workers} workers, cold (panel to workers, JIT, cores): ${done} in ${seconds.toFixed(2)} s = ${(done / seconds).toFixed(1)} configurations/s (target 83/s: 10,000 in 120 s on 2 cores)\n`,
  );
}
