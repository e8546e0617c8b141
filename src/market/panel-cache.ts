// Keeps the validated panel of a data folder in one binary file in the user's cache folder, so a run does not
// parse and check every CSV again. Rebuilt when the manifest, any file's size or time, or alvh's loader changes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemReason } from '../core/errors.js';
import { replaceCacheFile } from '../core/atomic-write.js';
import { sha256Hex } from '../core/hash.js';
import { loadPanel, type LoadPanelOptions } from './load-panel.js';
import { resolveManifestPath } from './manifest-path.js';
import { parseManifest } from './manifest.js';
import { encodePanel } from './panel-codec.js';
import {
  CACHE_FORMAT,
  cacheFileOf,
  codeStamp,
  freshCachedPanel,
  sameStamps,
  stamps,
  type CacheMeta,
} from './panel-cache-hit.js';
import type { Panel } from './panel.js';

export { panelCacheDir } from './panel-cache-hit.js';

export interface CachedPanel {
  panel: Panel;
  /** 'hit': read from the cache; 'stored': loaded from the files and cached; 'off': no cache asked for. */
  cache: 'hit' | 'stored' | 'off' | 'not-stored';
  /** Where the cache file is (or would be). */
  file: string | null;
  /** Why the cache could not be written, for the user to see; the run goes on from the files. */
  note: string | null;
}

/**
 * `loadPanel` through the cache in `cacheDir` (null: no cache). A cache hit gives the panel the files would
 * give, with the same fingerprint, repairs and warnings. A cache hit ignores `opts.today` (a panel cached
 * on an earlier day held no row after that day).
 */
export function loadPanelCached(
  opts: LoadPanelOptions,
  cacheDir: string | null,
  /** The caller found no fresh entry with `freshCachedPanel` just now: the cache file is not read again. */
  knownMiss = false,
): CachedPanel {
  if (cacheDir === null) return { panel: loadPanel(opts), cache: 'off', file: null, note: null };
  const dataDir = resolve(opts.dataDir);
  const manifestPath = resolveManifestPath(opts);
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch {
    return { panel: loadPanel(opts), cache: 'off', file: null, note: null };
  }
  const file = cacheFileOf(cacheDir, dataDir, manifestPath);
  const hit = knownMiss ? undefined : freshCachedPanel(opts, cacheDir, manifestText);
  if (hit !== undefined) return { panel: hit, cache: 'hit', file, note: null };
  const manifest = parseManifest(manifestText, manifestPath);
  const files = [...new Set(manifest.sources.map((s) => s.file))];
  const fileStamps = stamps(dataDir, files);
  if (fileStamps === undefined) return { panel: loadPanel(opts), cache: 'off', file, note: null };
  const meta: CacheMeta = {
    format: CACHE_FORMAT,
    code: codeStamp(),
    dataDir,
    manifestPath,
    manifestSha: sha256Hex(manifestText),
    files: fileStamps,
  };
  const panel = loadPanel(opts);
  // Stamps taken again after the load: a file changed while it was read must not be cached as the old one.
  const after = stamps(dataDir, files);
  if (after === undefined || !sameStamps(after, fileStamps))
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
