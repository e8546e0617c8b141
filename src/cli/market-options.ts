// The market a command runs on: real data from --data (with an optional --manifest), or, with no --data,
// the embedded synthetic market (--years, --seed), always labelled as such.
import type { Command } from 'commander';
import { DEFAULT_SYNTHETIC, loadMarket, type LoadMarketOptions, type Market } from '../api/market.js';
import { ArgumentError } from '../core/errors.js';
import { parsePositiveInt, parseSeed } from './option-values.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  /** Absent unless given, so giving them with --data can be told apart from the defaults. */
  years?: string;
  seed?: string;
}

export interface ChosenMarket {
  panel: Market;
  banner: string;
  notes: string[];
}

export function addMarketOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data <dir>', 'folder of real market data (default: the embedded synthetic market)')
    .option(
      '--manifest <file>',
      'dataset manifest for --data (default: <dir>/alvh-manifest.json or the reference manifest)',
    )
    .option(
      '--years <n>',
      `years of synthetic market when no --data is given (default: ${DEFAULT_SYNTHETIC.years})`,
    )
    .option(
      '--seed <n>',
      `seed of the synthetic market when no --data is given (default: ${DEFAULT_SYNTHETIC.seed})`,
    );
}

/** The market the flags name, checked, before anything is loaded (queue workers load it in each thread). */
export function marketSourceFromOptions(opts: MarketOptions): LoadMarketOptions {
  if (opts.data !== undefined) {
    for (const [flag, value] of [
      ['--years', opts.years],
      ['--seed', opts.seed],
    ])
      if (value !== undefined)
        throw new ArgumentError(`${flag} sets the synthetic market; it cannot be combined with --data`);
    return { data: opts.data, manifest: opts.manifest };
  }
  if (opts.manifest !== undefined) throw new ArgumentError('--manifest needs --data <dir>');
  const years =
    opts.years === undefined ? DEFAULT_SYNTHETIC.years : parsePositiveInt(opts.years, '--years', 200);
  const seed = opts.seed === undefined ? DEFAULT_SYNTHETIC.seed : parseSeed(opts.seed);
  return { synthetic: { years, seed } };
}

export function marketFromOptions(opts: MarketOptions): ChosenMarket {
  const source = marketSourceFromOptions(opts);
  const panel = loadMarket(source);
  if (source.data !== undefined)
    return {
      panel,
      banner: `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`,
      notes: [],
    };
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
  };
}
