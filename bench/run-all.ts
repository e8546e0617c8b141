// `npm run bench`: runs every benchmark in turn; each prints its own figures.
import { run as loadPanelBench } from './load-panel.js';
import { run as pricingBench } from './pricing.js';
import { run as backtestBench } from './backtest.js';
import { run as montecarloBench } from './montecarlo.js';
import { run as chainsBench } from './chains.js';
import { run as startupBench } from './startup.js';
import { run as studyBench } from './study.js';
import { run as studyStoreBench } from './study-store.js';
import { run as queueBench } from './queue.js';
import { run as studyStatisticsBench } from './study-statistics.js';

const benches: [string, () => Promise<void>][] = [
  ['data panel load', loadPanelBench],
  ['pricing kernels', pricingBench],
  ['backtest (real data, all books)', backtestBench],
  ['Monte Carlo (20-year paths)', montecarloBench],
  ['chain import (10 million rows)', chainsBench],
  ['start-up and whole commands (fresh processes)', startupBench],
  ['study (real data, configurations with unhedged cores)', studyBench],
  ['study store (10,000 configurations)', studyStoreBench],
  ['study statistics (constructed study)', studyStatisticsBench],
  ['study through the Redis queue (real data, two workers)', queueBench],
];

for (const [title, run] of benches) {
  process.stdout.write(`\n== ${title} ==\n`);
  await run();
}
