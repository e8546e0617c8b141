// Start-up and whole-command times, measured as a user sees them (a fresh process each time): `alvh --version`
// and `--help` (target: at most 0.15 s), and the real-data backtest with the caches cold, warm (target: at
// most 1 s), and warm but for the run memo (what a run after a strategy edit costs: the engine runs). Prints wall and CPU medians: on a shared machine the wall time mostly measures
// the queue for a core, the CPU time what alvh itself spends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot, sharedDataDir } from '../src/core/paths.js';

const MAIN = resolve(packageRoot(), 'dist', 'src', 'cli', 'main.js');

const TIME = '/usr/bin/time';

interface Timing {
  wall: number;
  /** User + system CPU seconds of the process (from /usr/bin/time; NaN without it): less sensitive to a busy machine. */
  cpu: number;
}

/** One run of the CLI with these arguments and environment. */
function timeOnce(args: string[], env: NodeJS.ProcessEnv): Timing {
  const withTime = existsSync(TIME);
  const [cmd, argv] = withTime
    ? [TIME, ['-f', 'alvh-bench-cpu %U %S', process.execPath, MAIN, ...args]]
    : [process.execPath, [MAIN, ...args]];
  const t0 = process.hrtime.bigint();
  const run = spawnSync(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const stderr = run.stderr.toString();
  if (run.status !== 0) throw new Error(`alvh ${args.join(' ')} failed: ${stderr}`);
  const m = /alvh-bench-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function figures(label: string, times: Timing[], target: number | null): void {
  const wall = median(times.map((t) => t.wall));
  const cpu = median(times.map((t) => t.cpu));
  const best = Math.min(...times.map((t) => t.wall));
  const verdict =
    target === null
      ? ''
      : `  (target <= ${target} s: ${wall <= target ? 'met' : 'not met'} on this machine now)`;
  process.stdout.write(
    `${label.padEnd(44)} wall median ${wall.toFixed(3)} s (best ${best.toFixed(3)}), cpu ${cpu.toFixed(2)} s, ${times.length} runs${verdict}\n`,
  );
}

export async function run(): Promise<void> {
  const cache = mkdtempSync(join(tmpdir(), 'alvh-bench-cache-'));
  const out = mkdtempSync(join(tmpdir(), 'alvh-bench-out-'));
  const env = { ...process.env, ALVH_CACHE_DIR: cache };
  try {
    for (const args of [['--version'], ['--help']]) {
      const times = Array.from({ length: 7 }, () => timeOnce(args, env));
      figures(`alvh ${args.join(' ')}`, times, 0.15);
    }
    const data = sharedDataDir();
    if (!existsSync(data)) {
      process.stdout.write(`backtest skipped: no reference data at ${data}\n`);
      return;
    }
    const backtest = ['backtest', '--data', data, '--out', out];
    const cold = Array.from({ length: 2 }, () => timeOnce(backtest, { ...env, ALVH_CACHE_DIR: 'off' }));
    figures('alvh backtest --data (no panel cache)', cold, null);
    timeOnce(backtest, env); // fills the cache: the panel, and the baselines' matched scales beside it
    const warm = Array.from({ length: 5 }, () => timeOnce(backtest, env));
    figures('alvh backtest --data (caches warm)', warm, 1);
    // A changed strategy misses the run memo: everything else warm, the engine runs every book again.
    const engine = Array.from({ length: 5 }, () => {
      for (const f of readdirSync(cache)) if (/^run-.*\.bin$/.test(f)) rmSync(join(cache, f));
      return timeOnce(backtest, env);
    });
    figures('alvh backtest --data (caches warm, run not kept)', engine, null);
    const check = Array.from({ length: 3 }, () => timeOnce(['data', 'check', '--data', data], env));
    figures('alvh data check --data (panel cache warm)', check, null);
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
