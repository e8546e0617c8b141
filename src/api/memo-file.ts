// Reading the small JSON memo files kept beside the panel cache: a file of another format or engine, or one
// that cannot be read or parsed, is an empty memo (a memo only skips work).
import { readFileSync } from 'node:fs';

/** The entries under `field` of the memo file, when it has this format and engine; empty otherwise. */
export function readMemoEntries(
  file: string,
  format: number,
  engine: string,
  field: string,
): Map<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
  const m = parsed as Record<string, unknown> | null;
  if (m === null || typeof m !== 'object' || m.format !== format || m.engine !== engine) return new Map();
  const entries = m[field];
  if (entries === null || typeof entries !== 'object') return new Map();
  return new Map(Object.entries(entries));
}
