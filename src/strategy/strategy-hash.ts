// A strategy's identity in reports and stores: the hash of its resolved settings.
import { sha256Hex } from '../core/hash.js';
import type { Strategy } from './schema.js';

/** Canonical hash of a resolved strategy: the same settings give the same hash, whatever the file's layout. */
export function strategyHash(strategy: Strategy): string {
  return sha256Hex(JSON.stringify(strategy)).slice(0, 16);
}
