// Which manifest describes a data folder. Plain code (no schema or YAML library), so a run that finds its
// panel in the cache need not load them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../core/paths.js';

/** A data folder and, optionally, the manifest that describes it. */
export interface DataFolderRef {
  dataDir: string;
  /** Default: `<dataDir>/alvh-manifest.json` when present, else the shipped reference manifest. */
  manifestPath?: string;
}

export function resolveManifestPath(opts: DataFolderRef): string {
  if (opts.manifestPath !== undefined) return resolve(opts.manifestPath);
  const own = resolve(opts.dataDir, 'alvh-manifest.json');
  if (existsSync(own)) return own;
  return resolve(packageRoot(), 'data-manifests', 'reference.json');
}
