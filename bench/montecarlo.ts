// Monte Carlo throughput: twenty-year synthetic paths of ALVH plus its unhedged twin per second, on all
// cores. Target: 1,000 paths in under 60 s on 2 cores (at least 16.7 paths/s).
import { availableParallelism } from 'node:os';
import { runMonteCarlo } from '../src/sim/montecarlo.js';

export async function run(): Promise<void> {
  const paths = Number(process.env.ALVH_BENCH_PATHS ?? 100);
  const workers = availableParallelism();
  const result = await runMonteCarlo({ paths, years: 20, seed: 7, strategy: 'alvh', workers });
  const rate = result.completed / result.elapsedSeconds;
  process.stdout.write(`paths: ${result.completed} x 20 years, ALVH + unhedged, ${workers} worker(s)\n`);
  process.stdout.write(
    `throughput: ${rate.toFixed(1)} paths/s; 1,000 paths would take ${(1000 / rate).toFixed(1)} s (target < 60 s)\n`,
  );
}
