// The market a command runs on: real data from --data (with an optional --manifest), or, with no --data,
// the embedded synthetic market (--years, --seed), always labelled as such.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SYNTHETIC, loadMarket, type LoadMarketOptions, type Market } from '../api/market.js';
import { ArgumentError } from '../core/errors.js';
import { endingEarlyNote } from '../market/coverage.js';
import { loadPanelCached, panelCacheDir } from '../market/panel-cache.js';
import { parsePositiveInt, parseSeed } from './option-values.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  /** Absent unless given, so giving them with --data can be told apart from the defaults. */
  years?: string;
  seed?: string;
  /** False with --no-cache: load from the files without the panel cache. */
  cache?: boolean;
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
    )
    .option(
      '--no-cache',
      'load --data from its files, without the panel cache (ALVH_CACHE_DIR moves it; off turns it off)',
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
  if (source.data !== undefined) {
    const { panel, note } = loadDataFolder(source.data, source.manifest, opts.cache !== false);
    const ending = endingEarlyNote(panel);
    return {
      panel,
      banner: `${dataBanner(panel, source.data)} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`,
      notes: [...(ending === null ? [] : [ending]), ...(note === null ? [] : [note])],
    };
  }
  const panel = loadMarket(source);
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
  };
}

/** A data folder through the panel cache (unless `useCache` is false); `note` says why the cache was not written. */
export function loadDataFolder(
  dataDir: string,
  manifestPath: string | undefined,
  useCache: boolean,
): { panel: Market; note: string | null; fromCache: boolean } {
  const loaded = loadPanelCached({ dataDir, manifestPath }, useCache ? panelCacheDir() : null);
  return { panel: loaded.panel, note: loaded.note, fromCache: loaded.cache === 'hit' };
}

/**
 * The first words of every output on a data folder: REAL DATA, or SYNTHETIC for a folder written by `alvh sim`,
 * with the folder as the user reached it (relative to the working folder).
 */
export function dataBanner(panel: Market, dataDir: string): string {
  const where = relative(process.cwd(), resolve(dataDir)) || '.';
  return panel.source === 'synthetic'
    ? `SYNTHETIC MARKET (written by alvh sim, not market history) in ${where}: ${panel.description}`
    : `REAL DATA in ${where}: ${panel.description}`;
}
