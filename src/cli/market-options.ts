// The market a command runs on: real data from --data (with an optional --manifest, and --history modelled to
// fill the VIX complex where the data lack it), or, with no --data, the embedded synthetic market (--years,
// --seed), always labelled as such.
import type { Command } from 'commander';
import { DEFAULT_SYNTHETIC, loadMarket, type LoadMarketOptions, type Market } from '../api/market.js';
import { ArgumentError } from '../core/errors.js';
import { HISTORY_MODES, withModelledInputs, type HistoryMode } from '../market/modelled-history.js';
import { choiceOption, parsePositiveInt, parseSeed } from './option-values.js';

export interface MarketOptions {
  data?: string;
  manifest?: string;
  /** Absent unless given, so giving them with --data can be told apart from the defaults. */
  years?: string;
  seed?: string;
  /** Set only on commands that register `--history` (addHistoryOption). */
  history?: HistoryMode;
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

/** Applies `--history modelled` to a loaded real panel: the panel with modelled inputs, a banner, notes. */
export function applyHistory(panel: Market, history: HistoryMode | undefined): ChosenMarket {
  const real = `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}; ${panel.repairs.length} repairs, ${panel.warnings.length} warnings: see 'alvh data check')`;
  if (history !== 'modelled') return { panel, banner: real, notes: [] };
  const m = withModelledInputs(panel);
  const years = m.panel.modelled?.map(
    (s) => `${s.input} ${s.ranges[0].from.slice(0, 4)}-${s.ranges[s.ranges.length - 1].to.slice(0, 4)}`,
  );
  return {
    panel: m.panel,
    banner: `${real}\nMODELLED INPUTS (--history modelled; fingerprint ${m.panel.fingerprint}): ${years && years.length > 0 ? years.join(', ') : 'none needed'}; modelled years are shaded on every chart`,
    notes: m.notes,
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
  if (source.data !== undefined) return applyHistory(panel, opts.history);
  return {
    panel,
    banner: `SYNTHETIC MARKET (no --data given): ${panel.description} (fingerprint ${panel.fingerprint}). Pass --data DIR for real history.`,
    notes: [],
  };
}
