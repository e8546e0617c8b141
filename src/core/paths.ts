// Where the project's own files live at run time (presets, manifests) and where the shared reference data
// sits beside a checkout, resolved from this module's location rather than the working directory.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json (this file runs from dist/src/core/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('alvh: cannot find package.json above ' + fileURLToPath(import.meta.url));
}

/** The reference data folder `../shared/data` beside the checkout (tests and benchmarks read it). */
export function sharedDataDir(): string {
  return resolve(packageRoot(), '..', 'shared', 'data');
}

/** Small fixture files written for tests. */
export function fixturesDir(): string {
  return resolve(packageRoot(), 'test', 'fixtures');
}
