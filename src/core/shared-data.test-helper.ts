// Tests that read the reference data beside the checkout (../shared/data) say so on their first line: where
// that folder is absent they are skipped with the reason, instead of failing on a missing file.
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { sharedDataDir } from './paths.js';

/** Skips the running test, saying why, when ../shared/data is absent; true when it did (the test returns). */
export function skipWithoutSharedData(t: TestContext): boolean {
  if (existsSync(sharedDataDir())) return false;
  t.skip(
    `needs the reference data at ${sharedDataDir()} (../shared/data beside the checkout), which is absent`,
  );
  return true;
}
