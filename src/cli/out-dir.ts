// Output folders are checked before a long run starts, so a typo in --out fails in a second with the path
// and the system's reason instead of after the run, with a stack trace.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileError } from '../core/errors.js';
import { makeDir } from '../core/make-dir.js';

/** Creates the folder if needed and proves it writable with a probe file; returns its absolute path. */
export function ensureWritableDir(dir: string, option: string): string {
  const abs = resolve(dir);
  try {
    makeDir(abs);
  } catch (err) {
    throw new FileError(`${option}: cannot create the folder`, abs, err);
  }
  const probe = join(abs, `.alvh-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new FileError(`${option}: cannot write into the folder`, abs, err);
  }
  return abs;
}
