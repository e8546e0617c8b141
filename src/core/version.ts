// The running alvh's version, from its package.json: the study queue refuses jobs written by another.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from './paths.js';

let cached: string | null = null;

export function alvhVersion(): string {
  cached ??= String(
    (JSON.parse(readFileSync(resolve(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version,
  );
  return cached;
}
