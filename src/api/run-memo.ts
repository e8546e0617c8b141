// Whole backtests as earlier runs computed them, kept in the panel cache's folder: a rerun of an unchanged
// backtest (the same strategies, data, window and match mode, on the same engine and Node) reads its books
// and notes back instead of running the engine again. Only a speed-up, and an exact one: an outcome is kept
// only when it reads back deep-equal to what the engine returned, under a key that names everything the
// outcome depends on (backtest-run.ts builds it) and for the engine code that computed it; a missing,
// unreadable or foreign file is a miss, and a file that cannot be written is left alone.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { replaceCacheFile } from '../core/atomic-write.js';
import { engineVersionWith } from '../core/engine-version.js';
import { sha256Hex } from '../core/hash.js';
import type { BacktestOutcome } from '../engine/run-backtest.js';
import { encodeExactly, readEncodedFile } from '../market/panel-codec.js';

/** Bumped when the file's layout changes. */
const FORMAT = 1;

/** Runs kept at most (the most recently written, not used; each is a few megabytes). */
export const RUN_MEMO_LIMIT = 6;

const PREFIX = 'run-';

interface RunMeta {
  format: number;
  engine: string;
  key: string;
}

export interface RunMemo {
  recall(key: string): BacktestOutcome | undefined;
  remember(key: string, outcome: BacktestOutcome): void;
}

/**
 * The engine's identity plus this layer's code that turns a run into an outcome (the hedge-cost definition
 * matching uses is chosen there), so an outcome is reused only by the code that computed it.
 */
export function runEngineVersion(): string {
  return engineVersionWith(['api/backtest-run.js', 'api/run-memo.js']);
}

export function runMemoFile(cacheDir: string, key: string): string {
  return join(cacheDir, `${PREFIX}${sha256Hex(key).slice(0, 24)}.bin`);
}

/** A decoded outcome's books share one dates array, as the engine's do (the analytics key facts on it). */
function shareDates(outcome: BacktestOutcome): BacktestOutcome {
  const [first, ...rest] = outcome.run.books;
  if (first === undefined) return outcome;
  const books = [
    first,
    ...rest.map((b) => (isDeepStrictEqual(b.dates, first.dates) ? { ...b, dates: first.dates } : b)),
  ];
  return { ...outcome, run: { ...outcome.run, books } };
}

/** Deletes the oldest run files beyond the limit (never `newest`, the one just written). */
function prune(cacheDir: string, newest: string): void {
  const runs = readdirSync(cacheDir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.bin') && join(cacheDir, f) !== newest)
    .map((f) => ({ path: join(cacheDir, f), time: statSync(join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of runs.slice(RUN_MEMO_LIMIT - 1)) rmSync(old.path, { force: true });
}

/** The run memo kept in `cacheDir` for this engine (`engine` defaults to `runEngineVersion()`). */
export function runMemoIn(cacheDir: string, engine?: string): RunMemo {
  return {
    recall(key) {
      const decoded = readEncodedFile(runMemoFile(cacheDir, key));
      const meta = decoded?.meta as Partial<RunMeta> | undefined;
      if (meta?.format !== FORMAT || meta.key !== key || meta.engine !== (engine ?? runEngineVersion()))
        return undefined;
      return shareDates(decoded!.value as BacktestOutcome);
    },
    remember(key, outcome) {
      const meta: RunMeta = { format: FORMAT, engine: engine ?? runEngineVersion(), key };
      // An outcome holding what would not read back equal (an undefined value, say) is not kept: the next
      // run computes it again.
      try {
        const bytes = encodeExactly(outcome, meta);
        if (bytes === null) return;
        const file = runMemoFile(cacheDir, key);
        replaceCacheFile(file, bytes);
        prune(cacheDir, file);
      } catch {
        // Not encodable (a value JSON refuses) or not writable: the next run computes the backtest again.
      }
    },
  };
}
