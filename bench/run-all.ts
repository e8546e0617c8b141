// `npm run bench`: runs every benchmark in turn; each prints its own figures.
import { run as loadPanelBench } from './load-panel.js';
import { run as pricingBench } from './pricing.js';
import { run as backtestBench } from './backtest.js';
import { run as montecarloBench } from './montecarlo.js';
import { run as studyBench } from './study.js';
import { run as studyStatisticsBench } from './study-statistics.js';

const benches: [string, () => Promise<void>][] = [
  ['data panel load', loadPanelBench],
  ['pricing kernels', pricingBench],
  ['backtest (real data, all books)', backtestBench],
  ['Monte Carlo (20-year paths)', montecarloBench],
  ['study (real data, configurations with unhedged cores)', studyBench],
  ['study statistics (constructed study)', studyStatisticsBench],
];

for (const [title, run] of benches) {
  process.stdout.write(`\n== ${title} ==\n`);
  await run();
}
