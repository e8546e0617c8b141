// Keeps the validated panel of a data folder in one binary file in the user's cache folder, so a run does not
// parse and check every CSV again. Rebuilt when the manifest, any file's size or time, or alvh's loader changes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemReason } from '../core/errors.js';
import { replaceCacheFile } from '../core/atomic-write.js';
import { sha256Hex } from '../core/hash.js';
import { loadPanel, resolveManifestPath, type LoadPanelOptions } from './load-panel.js';
import { parseManifest } from './manifest.js';
import { decodePanel, encodePanel } from './panel-codec.js';
import type { Panel } from './panel.js';

/** Bumped when the cache file's layout changes. */
const CACHE_FORMAT = 1;

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

export interface CachedPanel {
  panel: Panel;
  /** 'hit': read from the cache; 'stored': loaded from the files and cached; 'off': no cache asked for. */
  cache: 'hit' | 'stored' | 'off' | 'not-stored';
  /** Where the cache file is (or would be). */
  file: string | null;
  /** Why the cache could not be written, for the user to see; the run goes on from the files. */
  note: string | null;
}

interface FileStamp {
  file: string;
  size: number;
  mtimeNs: string;
}

interface CacheMeta {
  format: number;
  code: string;
  dataDir: string;
  manifestPath: string;
  manifestSha: string;
  files: FileStamp[];
}

let codeStampMemo: string | undefined;

/** A hash of the compiled loader code (this layer and core), so a changed repair rule rebuilds the cache. */
function codeStamp(): string {
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

/** The stamps of every file the manifest names, or undefined when one cannot be read (loadPanel says why). */
function stamps(dataDir: string, files: readonly string[]): FileStamp[] | undefined {
  try {
    return files.map((f) => stamp(dataDir, f));
  } catch {
    return undefined;
  }
}

function sameMeta(a: CacheMeta, b: CacheMeta): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `loadPanel` through the cache in `cacheDir` (null: no cache). A cache hit gives the panel the files would
 * give, with the same fingerprint, repairs and warnings.
 */
export function loadPanelCached(opts: LoadPanelOptions, cacheDir: string | null): CachedPanel {
  if (cacheDir === null) return { panel: loadPanel(opts), cache: 'off', file: null, note: null };
  const dataDir = resolve(opts.dataDir);
  const manifestPath = resolveManifestPath(opts);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch {
    return { panel: loadPanel(opts), cache: 'off', file: null, note: null };
  }
  const manifest = parseManifest(manifestText, manifestPath);
  const files = [...new Set(manifest.sources.map((s) => s.file))];
  const fileStamps = stamps(dataDir, files);
  const file = join(cacheDir, `panel-${sha256Hex(`${dataDir}\0${manifestPath}`).slice(0, 24)}.bin`);
  if (fileStamps === undefined) return { panel: loadPanel(opts), cache: 'off', file, note: null };
  const meta: CacheMeta = {
    format: CACHE_FORMAT,
    code: codeStamp(),
    dataDir,
    manifestPath,
    manifestSha: sha256Hex(manifestText),
    files: fileStamps,
  };
  const cached = readCache(file);
  if (cached !== undefined && sameMeta(cached.meta as CacheMeta, meta))
    return { panel: cached.value as Panel, cache: 'hit', file, note: null };
  const panel = loadPanel(opts);
  // Stamps taken again after the load: a file changed while it was read must not be cached as the old one.
  const after = stamps(dataDir, files);
  if (after === undefined || JSON.stringify(after) !== JSON.stringify(fileStamps))
    return {
      panel,
      cache: 'not-stored',
      file,
      note: 'a data file changed while it was read: panel not cached',
    };
  try {
    replaceCacheFile(file, encodePanel(panel, meta));
  } catch (err) {
    return {
      panel,
      cache: 'not-stored',
      file,
      note: `panel cache not written to ${cacheDir} (${systemReason(err)}); set ALVH_CACHE_DIR to a writable folder, or 'off'`,
    };
  }
  return { panel, cache: 'stored', file, note: null };
}

function readCache(file: string): { meta: unknown; value: unknown } | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    return decodePanel(buf);
  } catch {
    return undefined;
  }
}
