// Wall time of the full real-data backtest: ALVH plus the unhedged book and its three baselines (with spend
// matching), 2007 to the last day of data, on one core. Target: under 2 s.
import { existsSync } from 'node:fs';
import { sharedDataDir } from '../src/core/paths.js';
import { DEFAULT_BASELINES, loadMarket, loadStrategy, runBacktest } from '../src/index.js';

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  if (!existsSync(dataDir)) {
    process.stdout.write(`skipped: no reference data at ${dataDir}\n`);
    return;
  }
  const market = loadMarket({ data: dataDir });
  const main = loadStrategy('alvh');
  const baselines = DEFAULT_BASELINES.map((b) => loadStrategy(b));
  runBacktest(market, main, { baselines }); // warm-up (JIT)
  const runs = 3;
  const times: number[] = [];
  let books = 0;
  let days = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    const outcome = runBacktest(market, main, { baselines });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    books = outcome.run.books.length;
    days = outcome.run.books[0].dates.length;
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `books: ${books} (ALVH, unhedged, ${baselines.map((b) => b.strategy.name).join(', ')}; spend matching included)\n`,
  );
  process.stdout.write(`trading days per book: ${days}\n`);
  process.stdout.write(
    `wall time, full real-data run: median ${times[1].toFixed(3)} s, best ${times[0].toFixed(3)} s (target < 2 s)\n`,
  );
}
