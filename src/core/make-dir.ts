// Creates a folder and its missing parents. Node 20's `mkdirSync(p, { recursive: true })` loops forever at
// 100% CPU where the parent exists but refuses the child with ENOENT (procfs: `/proc/nope`); this fails fast.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Makes `dir` and any missing parents, one level at a time; throws the system's error for the first that fails. */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    try {
      statSync(p);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      // Made by another process meanwhile: fine, as with `mkdir -p`.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  // An existing path that is a file: the same error mkdir -p gives.
  if (!statSync(resolve(dir)).isDirectory()) mkdirSync(resolve(dir));
}
