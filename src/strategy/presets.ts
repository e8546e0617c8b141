// The presets shipped in presets/ and where a strategy named on the command line is read from. Plain code (no
// schema library), so that code which only names strategies need not load the validator.
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';

export const PRESET_NAMES = [
  'alvh',
  'condor',
  'vxth',
  'put-spread',
  'size-cut',
  'cndr',
  'alvh-vx-futures',
  'put',
  'bxm',
  'pput',
  'cll',
  'bfly',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export function presetPath(name: string): string {
  return resolve(packageRoot(), 'presets', `${name}.yaml`);
}

/** Where a preset name or a strategy file path is read from, and the label its errors and reports name it by. */
export interface StrategySource {
  path: string;
  label: string;
}

/** A preset name or a file path. */
export function strategySource(nameOrPath: string): StrategySource {
  const isPreset = (PRESET_NAMES as readonly string[]).includes(nameOrPath);
  if (isPreset) return { path: presetPath(nameOrPath), label: `preset:${nameOrPath}` };
  const path = resolve(nameOrPath);
  return { path, label: path };
}

/** A file that could be read but is not .yaml, .yml or .json is refused (a missing one is unreadable first). */
export function checkStrategyExtension(source: StrategySource): void {
  if (source.label.startsWith('preset:')) return;
  if (!['.yaml', '.yml', '.json'].includes(extname(source.path).toLowerCase()))
    throw new UserError(`strategy file '${basename(source.path)}': expected a .yaml, .yml or .json file`);
}

/** The error for a strategy that cannot be read. */
export function unreadableStrategy(nameOrPath: string): UserError {
  return new UserError(
    `cannot read strategy '${nameOrPath}': no such file (presets: ${PRESET_NAMES.join(', ')})`,
  );
}

/** A preset's or file's text and where it came from: unreadable first, then a wrong extension, is an error. */
export function readStrategySource(nameOrPath: string): { source: StrategySource; text: string } {
  const source = strategySource(nameOrPath);
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch {
    throw unreadableStrategy(nameOrPath);
  }
  checkStrategyExtension(source);
  return { source, text };
}
