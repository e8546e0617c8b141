// The market a command runs on: real data from --data (with an optional --manifest), or, with no --data,
// the embedded synthetic market (--years, --seed), always labelled as such.
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { loadPanel } from '../market/load-panel.js';
import type { Panel } from '../market/panel.js';
import { simulateMarket } from '../sim/simulate.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  years: string;
  seed: string;
}

export interface ChosenMarket {
  panel: Panel;
  banner: string;
  notes: string[];
}

export const DEFAULT_SYNTHETIC_YEARS = 20;
export const DEFAULT_SEED = 42;

export function addMarketOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data <dir>', 'folder of real market data (default: the embedded synthetic market)')
    .option(
      '--manifest <file>',
      'dataset manifest for --data (default: <dir>/alvh-manifest.json or the reference manifest)',
    )
    .option(
      '--years <n>',
      'years of synthetic market when no --data is given',
      String(DEFAULT_SYNTHETIC_YEARS),
    )
    .option('--seed <n>', 'seed of the synthetic market when no --data is given', String(DEFAULT_SEED));
}

export function parsePositiveInt(text: string, option: string, max = 1_000_000): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ArgumentError(`${option}: expected a whole number from 1 to ${max}, got '${text}'`);
  return n;
}

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new ArgumentError(`--seed: expected a whole number from 0 to 4294967295, got '${text}'`);
  return n;
}

export function marketFromOptions(opts: MarketOptions): ChosenMarket {
  if (opts.data !== undefined) {
    if (opts.years !== String(DEFAULT_SYNTHETIC_YEARS) || opts.seed !== String(DEFAULT_SEED)) {
      throw new ArgumentError(
        '--years and --seed choose the synthetic market; they cannot be combined with --data',
      );
    }
    const panel = loadPanel({ dataDir: opts.data, manifestPath: opts.manifest });
    return {
      panel,
      banner: `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`,
      notes: [],
    };
  }
  if (opts.manifest !== undefined) throw new ArgumentError('--manifest needs --data <dir>');
  const years = parsePositiveInt(opts.years, '--years', 200);
  const seed = parseSeed(opts.seed);
  const panel = simulateMarket({ years, seed });
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
  };
}
