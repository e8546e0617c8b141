// Strategies as they were validated before, kept in one small file in the panel cache's folder: a repeated run
// of an unchanged strategy file reads its checked settings back instead of loading the YAML parser and the
// schema library (about a fifth of a warm backtest's start-up) and checking it again. Only a speed-up: an entry
// is used only by the engine that wrote it (its code includes the schema and its defaults) with the same
// parser and schema library versions, for the same label and text; one is kept only when it reads back equal
// to what the loader returned; a missing, unreadable or foreign file is an empty memo, and a file that cannot
// be written is left alone. A strategy that fails its checks is never kept, so its error is always the
// loader's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { replaceCacheFile } from '../core/atomic-write.js';
import { engineVersionWith } from '../core/engine-version.js';
import { sha256Hex } from '../core/hash.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { readStrategySource } from '../strategy/presets.js';
import { readMemoEntries } from './memo-file.js';

/** Bumped when the file's layout changes. */
const FORMAT = 1;

/** Strategies kept at most (the newest). */
export const STRATEGY_MEMO_LIMIT = 32;

export const STRATEGY_MEMO_FILE = 'strategies.json';

/** What a kept strategy holds besides its label and text (which the key and a check on reading cover). */
type Kept = Pick<LoadedStrategy, 'strategy' | 'stated' | 'hash'> & { source: string; text: string };

interface MemoFile {
  format: number;
  /** The engine and the parser and schema library versions that checked these strategies. */
  engine: string;
  entries: Record<string, Kept>;
}

const keyOf = (label: string, text: string): string => sha256Hex(`${label}\0${text}`).slice(0, 32);

const require = createRequire(import.meta.url);

/** A package's version as installed beside alvh (the memo's entries belong to it). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** The identity of the code that checks a strategy: the engine, this memo, the YAML parser, the schema library and Node. */
export function strategyCheckerVersion(): string {
  const code = engineVersionWith(['api/strategy-memo.js', 'api/memo-file.js']);
  return `${code} yaml@${packageVersion('yaml')} zod@${packageVersion('zod')}`;
}

export interface StrategyLoader {
  /** `loadStrategy(nameOrPath)`, read from the memo when this text was checked before. */
  load(nameOrPath: string): Promise<LoadedStrategy>;
}

/**
 * Loads strategies through the memo in `cacheDir` (null: no memo, every strategy checked). `engine` defaults
 * to the running engine's identity (tests name their own).
 */
export function strategyLoaderIn(cacheDir: string | null, engine?: string): StrategyLoader {
  const file = cacheDir === null ? null : join(cacheDir, STRATEGY_MEMO_FILE);
  let entries: Map<string, Kept> | null = null;
  let ofEngine = '';
  const kept = (): Map<string, Kept> => {
    if (entries === null) {
      ofEngine = engine ?? strategyCheckerVersion();
      entries =
        file === null ? new Map() : (readMemoEntries(file, FORMAT, ofEngine, 'entries') as Map<string, Kept>);
    }
    return entries;
  };
  const remember = (key: string, entry: Kept): void => {
    const all = kept();
    all.delete(key);
    all.set(key, entry);
    while (all.size > STRATEGY_MEMO_LIMIT) all.delete(all.keys().next().value as string);
    const body: MemoFile = { format: FORMAT, engine: ofEngine, entries: Object.fromEntries(all) };
    try {
      replaceCacheFile(file!, `${JSON.stringify(body)}\n`);
    } catch {
      // Not writable: the next run checks the strategy again.
    }
  };
  return {
    async load(nameOrPath) {
      const { source, text } = readStrategySource(nameOrPath);
      const key = keyOf(source.label, text);
      const hit = file === null ? undefined : kept().get(key);
      if (hit !== undefined && hit.source === source.label && hit.text === text)
        return { strategy: hit.strategy, text, stated: hit.stated, source: hit.source, hash: hit.hash };
      const { parseStrategyText } = await import('../strategy/load.js');
      const loaded = parseStrategyText(text, source.label);
      if (file !== null) {
        const entry: Kept = {
          strategy: loaded.strategy,
          stated: loaded.stated,
          hash: loaded.hash,
          source: loaded.source,
          text,
        };
        // JSON keeps neither undefined values nor infinities: such a strategy is checked on every run.
        if (isDeepStrictEqual(JSON.parse(JSON.stringify(entry)), entry)) remember(key, entry);
      }
      return loaded;
    },
  };
}
