// Replacing a file atomically: write a temp file beside it, fsync, rename over it, so a crash at any moment
// leaves either the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { FileError } from './errors.js';

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
