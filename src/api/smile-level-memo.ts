// The 30-day smile levels of a panel's days, as runs solved them, kept in the panel cache's folder (one small
// binary file per panel and dividend setting), so a later run rebuilds each day's smile instead of solving
// it. Only a speed-up: a missing, damaged or foreign file is no levels, and one that cannot be written is
// left alone.
import { join } from 'node:path';
import { replaceCacheFile } from '../core/atomic-write.js';
import { engineVersion } from '../core/engine-version.js';
import { sha256Hex } from '../core/hash.js';
import { encodePanel, readEncodedFile } from '../market/panel-codec.js';
import type { SmileLevelMemo } from '../engine/run-backtest.js';

/** Bumped when the file's layout changes. */
const FORMAT = 1;

interface LevelsMeta {
  format: number;
  /** Levels are reused only by the engine (pricing code included) that solved them. */
  engine: string;
  key: string;
}

/** The file of a key (the key itself is kept inside and checked). */
export function smileLevelFile(cacheDir: string, key: string): string {
  return join(cacheDir, `smile-levels-${sha256Hex(key).slice(0, 24)}.bin`);
}

/** The smile-level memo kept in `cacheDir` for this engine (`engine` defaults to the running one's). */
export function smileLevelMemoIn(cacheDir: string, engine?: string): SmileLevelMemo {
  return {
    recall(key) {
      const decoded = readEncodedFile(smileLevelFile(cacheDir, key));
      const meta = decoded?.meta as Partial<LevelsMeta> | undefined;
      const levels = (decoded?.value as { levels?: unknown } | undefined)?.levels;
      if (meta?.format !== FORMAT || meta.key !== key || meta.engine !== (engine ?? engineVersion()))
        return undefined;
      return levels instanceof Float64Array ? levels : undefined;
    },
    remember(key, levels) {
      const meta: LevelsMeta = { format: FORMAT, engine: engine ?? engineVersion(), key };
      try {
        replaceCacheFile(smileLevelFile(cacheDir, key), encodePanel({ levels }, meta));
      } catch {
        // Not writable: the next run solves the levels again.
      }
    },
  };
}
