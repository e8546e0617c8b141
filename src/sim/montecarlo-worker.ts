// One Monte Carlo worker: loads the strategy once, then for each assigned path simulates a market, runs the
// strategy and its unhedged twin, and posts the path's metrics back by path index.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/errors.js';
import { runBacktest } from '../engine/run-backtest.js';
import { loadStrategy } from '../strategy/load.js';
import type { WorkerMessage, WorkerTask } from './montecarlo.js';
import { pathMetrics } from './path-metrics.js';
import { simulateMarket } from './simulate.js';

const task = workerData as WorkerTask;
const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);

try {
  const main = loadStrategy(task.strategy);
  post({ kind: 'hash', hash: main.hash });
  for (const { path, seed } of task.seeds) {
    const panel = simulateMarket({ years: task.years, seed });
    const outcome = runBacktest(panel, main, []);
    post({ kind: 'path', path, metrics: pathMetrics(outcome.run) });
  }
} catch (err) {
  post({
    kind: 'error',
    message: err instanceof Error ? err.message : String(err),
    user: err instanceof UserError,
  });
}
