// The engine's identity for stored study results: alvh's version plus a hash of the compiled code that
// decides a configuration's numbers, so results written by any other engine are recomputed, never reused.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { alvhVersion } from './version.js';

/**
 * The layers whose code decides a study result (market data to metrics) and the study's own runner of a
 * configuration. Reporting, the CLI, the queue and the statistics (recomputed from stored rows on every
 * run) do not, so editing them keeps stored results.
 */
export const ENGINE_PARTS = [
  'core',
  'market',
  'pricing',
  'signals',
  'instruments',
  'view',
  'strategy',
  'engine',
  'analytics',
  'sim',
  'study/run-chunk.js',
  'study/path-market.js',
] as const;

const isCode = (name: string): boolean =>
  name.endsWith('.js') && !name.endsWith('.test.js') && !name.endsWith('.test-helper.js');

/** The code files under a folder, depth first in sorted order (one directory read per folder, no stat per file). */
function* codeFilesIn(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* codeFilesIn(path);
    else if (isCode(path)) yield path;
  }
}

function* codeFiles(path: string): Generator<string> {
  if (statSync(path).isDirectory()) yield* codeFilesIn(path);
  else if (isCode(path)) yield path;
}

/**
 * SHA-256 over the relative path and bytes of every compiled module of `parts` under `srcRoot` (the
 * running dist/src), in sorted order. A comment edit changes it too: a needless recompute is cheap, a
 * stale result reused silently is not.
 */
export function engineCodeHash(srcRoot: string, parts: readonly string[] = ENGINE_PARTS): string {
  const h = createHash('sha256');
  for (const part of parts)
    for (const file of codeFiles(join(srcRoot, part))) {
      h.update(relative(srcRoot, file).split(sep).join('/')).update('\0');
      h.update(readFileSync(file)).update('\0');
    }
  return h.digest('hex');
}

let cached: string | null = null;

/** The running dist/src folder. */
const srcRoot = (): string => dirname(dirname(fileURLToPath(import.meta.url)));

/** `<alvh version>+<first 12 hex digits of the engine code hash>`, e.g. `0.1.0+3f9a0c1b2d4e`. */
export function engineVersion(): string {
  cached ??= `${alvhVersion()}+${engineCodeHash(srcRoot()).slice(0, 12)}`;
  return cached;
}

/**
 * `engineVersion()` with the hash of more compiled modules (paths under dist/src) and the Node version: the
 * identity of a memo whose entries also depend on code outside the engine's parts.
 */
export function engineVersionWith(parts: readonly string[]): string {
  return `${engineVersion()}+${engineCodeHash(srcRoot(), parts).slice(0, 12)} node ${process.version}`;
}
