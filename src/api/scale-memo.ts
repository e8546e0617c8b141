// The matched baseline scales of earlier runs (with the target and what the book measured, which a later
// run checks), kept in one small file in the panel cache's folder, so a repeated backtest runs each baseline
// once instead of searching for its scale again. Only a speed-up: a missing, unreadable or foreign file is an
// empty memo, and a file that cannot be written is left alone.
import { join } from 'node:path';
import { replaceCacheFile } from '../core/atomic-write.js';
import { engineVersion } from '../core/engine-version.js';
import type { MatchedScale, ScaleMemo } from '../engine/run-backtest.js';
import { readMemoEntries } from './memo-file.js';

/** Bumped when the file's layout changes. */
const FORMAT = 1;

/** Keys kept at most (the newest): one per strategy, data set, window, match mode and baseline run. */
export const SCALE_MEMO_LIMIT = 64;

export const SCALE_MEMO_FILE = 'match-scales.json';

interface MemoFile {
  format: number;
  /** The engine that found the scales: a scale is only reused by the engine that found it. */
  engine: string;
  /** Per key: [scale, target, measured]. */
  scales: Record<string, [number, number, number]>;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function readScales(file: string, engine: string): Map<string, MatchedScale> {
  const scales = new Map<string, MatchedScale>();
  for (const [key, v] of readMemoEntries(file, FORMAT, engine, 'scales')) {
    if (!Array.isArray(v) || v.length !== 3) continue;
    const [scale, target, measured] = v as unknown[];
    if (finite(scale) && finite(target) && finite(measured) && scale > 0)
      scales.set(key, { scale, target, measured });
  }
  return scales;
}

/**
 * The scale memo kept in `cacheDir` for this engine (`engine` defaults to the running one's version and code
 * hash). The file is read on first use and written after each new scale, through a temp file and a rename,
 * so a reader never sees half of it; two runs writing at once may drop each other's new scales, which only
 * costs a later run its search.
 */
export function scaleMemoIn(cacheDir: string, engine?: string): ScaleMemo {
  const file = join(cacheDir, SCALE_MEMO_FILE);
  let scales: Map<string, MatchedScale> | null = null;
  let ofEngine = '';
  const load = (): Map<string, MatchedScale> => {
    if (scales === null) {
      ofEngine = engine ?? engineVersion();
      scales = readScales(file, ofEngine);
    }
    return scales;
  };
  return {
    recall: (key) => load().get(key),
    remember: (key, matched) => {
      const kept = load();
      kept.delete(key);
      kept.set(key, { ...matched });
      while (kept.size > SCALE_MEMO_LIMIT) kept.delete(kept.keys().next().value as string);
      const body: MemoFile = {
        format: FORMAT,
        engine: ofEngine,
        scales: Object.fromEntries(
          [...kept].map(([k, m]) => [k, [m.scale, m.target, m.measured] as [number, number, number]]),
        ),
      };
      try {
        replaceCacheFile(file, `${JSON.stringify(body, null, 1)}\n`);
      } catch {
        // Not writable: the next run searches again.
      }
    },
  };
}
