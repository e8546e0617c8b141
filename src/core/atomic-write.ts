// Replacing a file atomically: write a temp file beside it, fsync, rename over it, so a crash at any moment
// leaves either the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FileError } from './errors.js';
import { makeDir } from './make-dir.js';

/**
 * Writes `bytes` to `path` through `<path>.tmp`. `what` names the file in errors; `beforeRename` runs between
 * the write and the rename (tests simulate a crash there).
 */
export function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  what: string,
  beforeRename?: () => void,
): void {
  const tmp = `${path}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new FileError(`cannot write ${what} through its temp file`, tmp, err);
  }
  beforeRename?.();
  try {
    renameSync(tmp, path);
  } catch (err) {
    throw new FileError(`cannot rename ${tmp} to`, path, err);
  }
}

/**
 * Replaces a cache file (its folder made if missing) through a temp file of this process beside it, renamed
 * over it: a reader never sees half of it, and two runs filling the same cache at once do not write into one
 * temp file. No fsync: a cache lost in a crash is rebuilt. Throws the system's error, the temp file removed.
 */
export function replaceCacheFile(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    makeDir(dirname(path));
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
