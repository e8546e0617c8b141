// Content hashes for reproducibility: every report records the strategy's hash and the data's fingerprint.
import { createHash } from 'node:crypto';

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A short, stable fingerprint of several named parts (e.g. data files and their hashes). */
export function fingerprintOf(parts: ReadonlyArray<readonly [string, string]>): string {
  const h = createHash('sha256');
  for (const [name, digest] of [...parts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    h.update(name).update('\0').update(digest).update('\n');
  }
  return h.digest('hex').slice(0, 16);
}
