// The table of commands: each command lives in its own file, loaded only when it runs (or its help is
// asked for), so `alvh --version` and `alvh --help` start without the charting, pricing or data code.
// A new command is one row here and a file exporting `register(program)`.
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** The one-line description of `alvh --help`; the command's own file sets the same text (a test checks). */
  summary: string;
  load: () => Promise<{ register: (program: Command) => unknown }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'backtest',
    summary: 'run the strategy beside the unhedged book and the alternative hedges; print the claim check',
    load: () => import('./backtest.js'),
  },
  { name: 'data', summary: 'inspect market data folders', load: () => import('./data.js') },
  {
    name: 'pricing',
    summary: 'measure the option models against real option chains',
    load: () => import('./pricing.js'),
  },
  { name: 'chains', summary: 'real end-of-day option chains', load: () => import('./chains.js') },
  {
    name: 'check',
    summary: 'check the engine against published benchmarks on real data',
    load: () => import('./check.js'),
  },
  {
    name: 'signal',
    summary: "the day's signals, which layers are on and why, and the orders the rules call for",
    load: () => import('./signal.js'),
  },
  {
    name: 'journal',
    summary: 'the paper-trading journal (an SQLite file)',
    load: () => import('./journal.js'),
  },
  {
    name: 'sim',
    summary:
      'write a synthetic market history (SPX, VIX family, VIX futures, VVIX, SKEW, breadth, rates, FOMC) in the loaders\u2019 formats',
    load: () => import('./sim.js'),
  },
  {
    name: 'montecarlo',
    summary: 'run the strategy and its unhedged twin on many synthetic paths; print the distributions',
    load: () => import('./montecarlo.js'),
  },
  {
    name: 'study',
    summary: 'run every configuration of a study file beside its unhedged core; claim box and statistics',
    load: () => import('./study.js'),
  },
  {
    name: 'worker',
    summary: 'run study configurations from a Redis queue (see docs/distributed.md)',
    load: () => import('./worker.js'),
  },
];

/** The command a command line runs: its first word, or the word after `help`; undefined for none. */
export function commandNamed(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * Registers the command that runs in full (its options, subcommands and action) and every other one as a
 * name and summary only, which is all `alvh --help` shows.
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const chosen = commandNamed(args);
  for (const entry of COMMANDS) {
    if (entry === chosen) (await entry.load()).register(program);
    else program.command(entry.name).description(entry.summary);
  }
}
