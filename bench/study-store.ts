// The study store at the target's size: 10,000 configurations of the real-data run (about 4,900 daily
// returns each, hedged and sleeve, and 12 unhedged cores shared), written as `alvh study` writes them (a
// checkpoint every 250 results, 3 s at 83 configurations/s). Prints each checkpoint's cost, the file sizes
// and the time to read every result back for the statistics.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapPathOf, readResults, StudyStore, writeResults } from '../src/study/store.js';
import type { ConfigResult, StudyDays } from '../src/study/types.js';

const CONFIGS = Number(process.env.ALVH_BENCH_STORE_CONFIGS ?? 10_000);
const DAYS = 4_900;
const CORES = 12;
const BATCH = 250;

function returns(seed: number): Float64Array {
  const out = new Float64Array(DAYS);
  let x = seed >>> 0 || 1;
  for (let t = 0; t < DAYS; t++) {
    // xorshift32: cheap noise that does not compress, as real returns do not.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[t] = ((x >>> 0) / 4294967296 - 0.5) / 50;
  }
  return out;
}

function result(k: number, cores: Float64Array[]): ConfigResult {
  const m = (x: number): number => Math.round(x * 1e6) / 1e6;
  return {
    id: `config-${String(k).padStart(5, '0')}`,
    settings: {
      'layers.L1.use.0.sizing.fraction': 0.08 + (k % 3) * 0.02,
      'layers.L2.trigger': 'rsi14 < 35 and backwardation > 0.03',
      'layers.L3.use.0.sizing.fraction': 0.005,
      'condor.wings.percent': 0.02 + (k % CORES) * 0.001,
      costs: 'half-spread',
    },
    metrics: {
      drawdown_reduction: m(Math.sin(k)),
      hedge_cost: m(Math.cos(k) / 50),
      hedge_cost_calm: m(Math.cos(k) / 60),
      months_credited_mtm: m((k % 100) / 100),
      months_credited_cash: m((k % 70) / 100),
      cagr: m(Math.sin(k * 3) / 20),
      max_drawdown: m(Math.abs(Math.sin(k * 5))),
      volatility: 0.1,
      sharpe: m(Math.sin(k * 7)),
      hedge_spend: 0.02,
      unhedged_cagr: -0.048,
      unhedged_max_drawdown: 0.76,
      unhedged_sharpe: -0.3,
      stress_drawdown_reduction: {
        '2008': m(Math.sin(k)),
        '2011': 0.1,
        '2015': 0.2,
        '2018': 0.1,
        '2020': 0.3,
        '2022': 0.2,
      },
    },
    returns: returns(3 * k + 1),
    unhedgedReturns: cores[k % CORES],
    sleeveReturns: returns(3 * k + 2),
  };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bench-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const days: StudyDays = {
      dates: Array.from({ length: DAYS + 1 }, (_, t) => `d${String(t).padStart(5, '0')}`),
      dataFingerprint: 'bench',
    };
    const cores = Array.from({ length: CORES }, (_, c) => returns(1_000_003 + c));
    const store = await StudyStore.open(path);
    const checkpoints: number[] = [];
    let writeMs = 0;
    for (let k = 0; k < CONFIGS; k += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CONFIGS - k) }, (_, j) => result(k + j, cores));
      let t0 = performance.now();
      writeResults(store.db, batch, days, 'bench-engine');
      writeMs += performance.now() - t0;
      t0 = performance.now();
      store.checkpoint();
      checkpoints.push(performance.now() - t0);
    }
    store.close();
    const index = statSync(path).size;
    const heap = statSync(heapPathOf(path)).size;
    const sorted = [...checkpoints].sort((a, b) => a - b);
    const total = checkpoints.reduce((s, x) => s + x, 0);
    process.stdout.write(
      `${CONFIGS} configurations, ${DAYS} days, ${CORES} cores: study.sqlite ${mb(index)} + study.returns ${mb(heap)} (returns of the old one-file layout: ${mb(CONFIGS * 3 * DAYS * 8)}, rewritten at every checkpoint)\n`,
    );
    process.stdout.write(
      `  ${checkpoints.length} checkpoints of ${BATCH}: first ${checkpoints[0].toFixed(0)} ms, median ${sorted[sorted.length >> 1].toFixed(0)} ms, last ${checkpoints[checkpoints.length - 1].toFixed(0)} ms, all ${(total / 1000).toFixed(1)} s; writing the rows ${(writeMs / CONFIGS).toFixed(2)} ms a result\n`,
    );
    const t0 = performance.now();
    const again = await StudyStore.open(path);
    const ids = Array.from({ length: CONFIGS }, (_, k) => `config-${String(k).padStart(5, '0')}`);
    const back = readResults(again.db, ids, days, 'bench-engine');
    again.close();
    process.stdout.write(
      `  reopen and read all ${back.length} results back: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
