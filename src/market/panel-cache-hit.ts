// The panel cache's key and its hit test, in plain code: a run whose data folder is unchanged gets its
// validated panel here without loading the manifest's schema and YAML libraries or any loader (about a fifth
// of a warm backtest's start-up). panel-cache.ts fills the cache and uses the same test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../core/hash.js';
import { resolveManifestPath, type DataFolderRef } from './manifest-path.js';
import { readEncodedFile } from './panel-codec.js';
import type { Panel } from './panel.js';

/** Bumped when the cache file's layout changes. */
export const CACHE_FORMAT = 1;

/**
 * The cache folder: `$ALVH_CACHE_DIR` when set ('off' turns the cache off), else `$XDG_CACHE_HOME/alvh`,
 * else `~/.cache/alvh`. The data folder itself is never written to (it may be read-only or shared).
 */
export function panelCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.ALVH_CACHE_DIR;
  if (given !== undefined && given !== '') return given === 'off' ? null : resolve(given);
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : join(homedir(), '.cache');
  return join(base, 'alvh');
}

export interface FileStamp {
  file: string;
  size: number;
  mtimeNs: string;
}

/** What a cached panel was built from; the cache holds it beside the panel. */
export interface CacheMeta {
  format: number;
  code: string;
  dataDir: string;
  manifestPath: string;
  manifestSha: string;
  /** Every file the manifest names, once each, in the manifest's order. */
  files: FileStamp[];
}

let codeStampMemo: string | undefined;

/** A hash of the compiled loader code (this layer and core), so a changed repair rule rebuilds the cache. */
export function codeStamp(): string {
  if (codeStampMemo !== undefined) return codeStampMemo;
  const here = dirname(fileURLToPath(import.meta.url));
  const parts: string[] = [];
  for (const dir of [here, resolve(here, '..', 'core')]) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js') || entry.name.endsWith('.test.js')) continue;
      const path = join(entry.parentPath, entry.name);
      parts.push(`${path}\0${sha256Hex(readFileSync(path))}`);
    }
  }
  codeStampMemo = sha256Hex(parts.sort().join('\n'));
  return codeStampMemo;
}

function stamp(dataDir: string, file: string): FileStamp {
  const st = statSync(resolve(dataDir, file), { bigint: true });
  return { file, size: Number(st.size), mtimeNs: st.mtimeNs.toString() };
}

/** The stamps of these files, or undefined when one cannot be read. */
export function stamps(dataDir: string, files: readonly string[]): FileStamp[] | undefined {
  try {
    return files.map((f) => stamp(dataDir, f));
  } catch {
    return undefined;
  }
}

export const sameStamps = (a: readonly FileStamp[], b: readonly FileStamp[]): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** The cache file of a data folder read through a manifest. */
export function cacheFileOf(cacheDir: string, dataDir: string, manifestPath: string): string {
  return join(cacheDir, `panel-${sha256Hex(`${dataDir}\0${manifestPath}`).slice(0, 24)}.bin`);
}

/**
 * The cached panel of `folder` when the cache holds one built from this manifest text, by this loader code,
 * from files whose sizes and times are still those it was built from; undefined otherwise (the caller then
 * loads the folder). The file list is the cached one: the same manifest text gives the same list, so the
 * manifest need not be parsed to test a hit.
 */
export function freshCachedPanel(
  folder: DataFolderRef,
  cacheDir: string,
  manifestText?: string,
): Panel | undefined {
  const dataDir = resolve(folder.dataDir);
  const manifestPath = resolveManifestPath(folder);
  let text = manifestText;
  if (text === undefined) {
    try {
      text = readFileSync(manifestPath, 'utf8');
    } catch {
      return undefined;
    }
  }
  const cached = readEncodedFile(cacheFileOf(cacheDir, dataDir, manifestPath));
  if (cached === undefined) return undefined;
  const meta = cached.meta as Partial<CacheMeta> | null;
  if (
    meta === null ||
    typeof meta !== 'object' ||
    meta.format !== CACHE_FORMAT ||
    meta.dataDir !== dataDir ||
    meta.manifestPath !== manifestPath ||
    meta.manifestSha !== sha256Hex(text) ||
    !Array.isArray(meta.files) ||
    meta.code !== codeStamp()
  )
    return undefined;
  const now = stamps(
    dataDir,
    meta.files.map((f) => f.file),
  );
  return now !== undefined && sameStamps(now, meta.files) ? (cached.value as Panel) : undefined;
}
