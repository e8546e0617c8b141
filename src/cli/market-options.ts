// The market a command runs on: real data from --data (with an optional --manifest), or, with no --data,
// the embedded synthetic market (--years, --seed), always labelled as such.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { loadPanel } from '../market/load-panel.js';
import type { Panel } from '../market/panel.js';
import { simulateMarket } from '../sim/simulate.js';
import type { MarketSource } from '../study/queue/worker-pool.js';
import { parsePositiveInt, parseSeed } from './option-values.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  /** Absent unless given, so giving them with --data can be told apart from the defaults. */
  years?: string;
  seed?: string;
}

export interface ChosenMarket {
  panel: Panel;
  banner: string;
  notes: string[];
}

const DEFAULT_SYNTHETIC_YEARS = 20;
const DEFAULT_SEED = 42;

export function addMarketOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data <dir>', 'folder of real market data (default: the embedded synthetic market)')
    .option(
      '--manifest <file>',
      'dataset manifest for --data (default: <dir>/alvh-manifest.json or the reference manifest)',
    )
    .option(
      '--years <n>',
      `years of synthetic market when no --data is given (default: ${DEFAULT_SYNTHETIC_YEARS})`,
    )
    .option('--seed <n>', `seed of the synthetic market when no --data is given (default: ${DEFAULT_SEED})`);
}

/** Where the market comes from, with the flags checked, before anything is loaded (queue workers load it). */
export function marketSourceFromOptions(opts: MarketOptions): MarketSource {
  if (opts.data !== undefined) {
    for (const [flag, value] of [
      ['--years', opts.years],
      ['--seed', opts.seed],
    ])
      if (value !== undefined)
        throw new ArgumentError(`${flag} sets the synthetic market; it cannot be combined with --data`);
    return { kind: 'data', dataDir: resolve(opts.data), manifestPath: opts.manifest };
  }
  if (opts.manifest !== undefined) throw new ArgumentError('--manifest needs --data <dir>');
  const years =
    opts.years === undefined ? DEFAULT_SYNTHETIC_YEARS : parsePositiveInt(opts.years, '--years', 200);
  const seed = opts.seed === undefined ? DEFAULT_SEED : parseSeed(opts.seed);
  return { kind: 'synthetic', years, seed };
}

export function marketFromOptions(opts: MarketOptions): ChosenMarket {
  const source = marketSourceFromOptions(opts);
  if (source.kind === 'data') {
    const panel = loadPanel({ dataDir: opts.data!, manifestPath: source.manifestPath });
    return {
      panel,
      banner: `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`,
      notes: [],
    };
  }
  const panel = simulateMarket({ years: source.years, seed: source.seed });
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
  };
}
