// Time to load the reference data folder into the aligned panel (target: well under a second).
import { existsSync } from 'node:fs';
import { sharedDataDir } from '../src/core/paths.js';
import { loadMarket } from '../src/index.js';

export async function run(): Promise<void> {
  const dataDir = sharedDataDir();
  if (!existsSync(dataDir)) {
    process.stdout.write(`skipped: no reference data at ${dataDir}\n`);
    return;
  }
  const times: number[] = [];
  let rows = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    rows = loadMarket({ data: dataDir }).n;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `panel rows: ${rows}; load time: first ${times[4].toFixed(0)} ms, median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms\n`,
  );
}
