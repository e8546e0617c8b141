// The market a command runs on: real data from --data (with an optional --manifest, and --history modelled to
// fill the VIX complex where the data lack it), or, with no --data, the embedded synthetic market (--years,
// --seed), always labelled as such.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { LoadMarketOptions, Market } from '../api/market.js';
import { DEFAULT_SYNTHETIC } from '../api/synthetic-default.js';
import { ArgumentError } from '../core/errors.js';
import { endingEarlyNote } from '../market/coverage.js';
import { HISTORY_MODES, withModelledInputs, type HistoryMode } from '../market/modelled-history.js';
import { freshCachedPanel, panelCacheDir } from '../market/panel-cache-hit.js';
import { choiceOption, parsePositiveInt, parseSeed } from './option-values.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  /** Absent unless given, so giving them with --data can be told apart from the defaults. */
  years?: string;
  seed?: string;
  /** Set only on commands that register `--history` (addHistoryOption). */
  history?: HistoryMode;
  /** False with --no-cache: load from the files without the panel cache. */
  cache?: boolean;
}

export interface ChosenMarket {
  panel: Market;
  banner: string;
  notes: string[];
  /** The cache folder a data folder was read through; null for the synthetic market or with the cache off. */
  cacheDir: string | null;
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

/**
 * Adds `--history real|modelled` to a command that also has the market options: `marketFromOptions` then
 * applies it. Commands on real history (backtest, signal, study, check benchmark) call this.
 */
export function addHistoryOption(cmd: Command): Command {
  return cmd.option(
    '--history <mode>',
    "'real' (the data as they are) or 'modelled' (VIX futures and VVIX modelled on days the data lack them, so a run can start in 1990; docs/data.md)",
    choiceOption('--history', HISTORY_MODES),
    'real',
  );
}

/**
 * Applies `--history modelled` to a loaded data folder: the panel with modelled inputs, a banner, notes
 * (the series that end before the SPX, and why the panel cache was not written, come first).
 */
export function applyHistory(
  panel: Market,
  dataDir: string,
  history: HistoryMode | undefined,
  cacheNote: string | null = null,
): Omit<ChosenMarket, 'cacheDir'> {
  const real = `${dataBanner(panel, dataDir)} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`;
  const ending = endingEarlyNote(panel);
  const loadNotes = [...(ending === null ? [] : [ending]), ...(cacheNote === null ? [] : [cacheNote])];
  if (history !== 'modelled') return { panel, banner: real, notes: loadNotes };
  const m = withModelledInputs(panel);
  const years = m.panel.modelled?.map(
    (s) => `${s.input} ${s.ranges[0].from.slice(0, 4)}-${s.ranges[s.ranges.length - 1].to.slice(0, 4)}`,
  );
  return {
    panel: m.panel,
    banner: `${real}\nMODELLED INPUTS (--history modelled; fingerprint ${m.panel.fingerprint}): ${years && years.length > 0 ? years.join(', ') : 'none needed'}; modelled years are shaded on every chart`,
    notes: [...loadNotes, ...m.notes],
  };
}

/** The market the flags name, checked, before anything is loaded (queue workers load it in each thread). */
export function marketSourceFromOptions(opts: MarketOptions): LoadMarketOptions {
  if (opts.history === 'modelled' && opts.data === undefined)
    throw new ArgumentError('--history modelled fills gaps in real data: it needs --data <dir>');
  if (opts.data !== undefined) {
    for (const [flag, value] of [
      ['--years', opts.years],
      ['--seed', opts.seed],
    ])
      if (value !== undefined)
        throw new ArgumentError(`${flag} sets the synthetic market; it cannot be combined with --data`);
    return {
      data: opts.data,
      manifest: opts.manifest,
      ...(opts.history === 'modelled' ? { history: 'modelled' as const } : {}),
    };
  }
  if (opts.manifest !== undefined) throw new ArgumentError('--manifest needs --data <dir>');
  const years =
    opts.years === undefined ? DEFAULT_SYNTHETIC.years : parsePositiveInt(opts.years, '--years', 200);
  const seed = opts.seed === undefined ? DEFAULT_SYNTHETIC.seed : parseSeed(opts.seed);
  return { synthetic: { years, seed } };
}

/**
 * The market the flags name. The schema and YAML libraries, the loaders and the simulator are loaded only
 * when needed: a data folder found in the panel cache needs none of them.
 */
export async function marketFromOptions(opts: MarketOptions): Promise<ChosenMarket> {
  const source = marketSourceFromOptions(opts);
  if (source.data !== undefined) {
    const useCache = opts.cache !== false;
    const { panel, note } = await loadDataFolder(source.data, source.manifest, useCache);
    return {
      ...applyHistory(panel, source.data, opts.history, note),
      cacheDir: useCache ? panelCacheDir() : null,
    };
  }
  const { loadMarket } = await import('../api/market.js');
  const panel = loadMarket(source);
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
    cacheDir: null,
  };
}

/** A data folder through the panel cache (unless `useCache` is false); `note` says why the cache was not written. */
export async function loadDataFolder(
  dataDir: string,
  manifestPath: string | undefined,
  useCache: boolean,
): Promise<{ panel: Market; note: string | null; fromCache: boolean }> {
  const cacheDir = useCache ? panelCacheDir() : null;
  const hit = cacheDir === null ? undefined : freshCachedPanel({ dataDir, manifestPath }, cacheDir);
  if (hit !== undefined) return { panel: hit, note: null, fromCache: true };
  const { loadPanelCached } = await import('../market/panel-cache.js');
  const loaded = loadPanelCached({ dataDir, manifestPath }, cacheDir, cacheDir !== null);
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
