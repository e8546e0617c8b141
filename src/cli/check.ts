// `alvh check benchmark NAME` (and `check cndr`): runs a book built to a Cboe strategy index's rules on real
// data and puts its monthly returns beside the published index, an independent check of the engine's
// pricing, fills and settlement on a book whose real-world result is known.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BENCHMARK_NAMES,
  BENCHMARKS,
  benchmarkFigures,
  type BenchmarkName,
} from '../analytics/benchmark-family.js';
import type { IndexSeries } from '../analytics/benchmark.js';
import { loadCboeIndex } from '../market/loaders/cboe-index.js';
import type { Panel } from '../market/panel.js';
import type { Command } from 'commander';
import { compareWithIndex, type BenchmarkComparison } from '../analytics/benchmark.js';
import { ArgumentError, UserError } from '../core/errors.js';
import { runBacktest } from '../api/backtest.js';
import { shouldUseColor } from '../report/table.js';
import { pct } from '../report/terminal.js';
import { loadStrategy } from '../strategy/load.js';
import { defaultDataDir } from './data.js';
import type { HistoryMode } from '../market/modelled-history.js';
import { addHistoryOption, applyHistory, loadDataFolder } from './market-options.js';
import { checkDateRange, dateOption } from './option-values.js';
import { simpleTable } from './simple-table.js';
import { registerVixIndexCheck } from './check-vx-index.js';

interface CheckCndrOptions {
  data?: string;
  manifest?: string;
  strategy?: string;
  index?: string;
  from?: string;
  to?: string;
  history?: HistoryMode;
  json: boolean;
  color: boolean;
}

function render(c: BenchmarkComparison, title: string, symbol: string, color: boolean): string {
  const stats = simpleTable(
    ['', title, `${symbol} index`],
    [
      ['months compared', String(c.months.length), `${c.months[0]} .. ${c.months[c.months.length - 1]}`],
      ['growth a year', pct(c.bookCagr, 2), pct(c.indexCagr, 2)],
      ['mean monthly return x 12', pct(c.bookMean, 2), pct(c.indexMean, 2)],
      ['volatility (monthly x sqrt 12)', pct(c.bookVol, 2), pct(c.indexVol, 2)],
      ['correlation of monthly returns', c.correlation.toFixed(3), ''],
      ['beta on the index', c.beta.toFixed(3), ''],
      ['tracking error a year', pct(c.trackingError, 2), ''],
      ['months with the same sign', pct(c.sameSign, 1), ''],
    ],
    color,
    ['left', 'right', 'right'],
  );
  const years = simpleTable(
    ['year', 'months', title, `${symbol} index`, 'difference'],
    c.years.map((y) => [y.year, String(y.months), pct(y.book, 1), pct(y.index, 1), pct(y.book - y.index, 1)]),
    color,
    ['left', 'right', 'right', 'right', 'right'],
  );
  return `${stats}\n\nYear by year (compounded monthly returns over the compared months)\n${years}\n`;
}

/** The index to compare with: --index FILE, else the manifest's source, else <data>/[cboe-indices/]<SYMBOL>_History.csv. */
function indexFor(name: BenchmarkName, opts: CheckCndrOptions, panel: Panel, dataDir: string): IndexSeries {
  const symbol = BENCHMARKS[name].symbol;
  if (opts.index !== undefined) return loadCboeIndex(opts.index, symbol);
  if (name === 'cndr' && panel.benchmarks?.cndr !== undefined) return panel.benchmarks.cndr;
  // The reference data keeps them in cboe-indices/; `alvh data fetch` writes them beside the other files.
  for (const file of [
    join(dataDir, 'cboe-indices', `${symbol}_History.csv`),
    join(dataDir, `${symbol}_History.csv`),
  ])
    if (existsSync(file)) return loadCboeIndex(file, symbol);
  throw new UserError(
    `no ${symbol} history: pass --index ${symbol}_History.csv (alvh data fetch downloads it) or add it to the data's manifest`,
  );
}

async function runCheck(name: BenchmarkName, opts: CheckCndrOptions): Promise<void> {
  const def = BENCHMARKS[name];
  if (def.preset === null) throw new UserError(`check benchmark ${name}: ${def.missing}`);
  const strategy = loadStrategy(opts.strategy ?? def.preset);
  checkDateRange(opts);
  const dataDir = defaultDataDir(opts.data);
  const loadedData = await loadDataFolder(dataDir, opts.manifest, true);
  // --history modelled matters for a --strategy with VIX layers; the benchmark presets start in 1990 anyway.
  const {
    panel,
    banner,
    notes: marketNotes,
  } = applyHistory(loadedData.panel, dataDir, opts.history, loadedData.note);
  const index = indexFor(name, opts, panel, dataDir);
  // The run's notes (fallbacks, AM settlements on a carried open, ...) are what explains a tracking gap.
  const { run, notes } = runBacktest(panel, strategy, {
    baselines: [],
    from: opts.from,
    to: opts.to,
    // The index's whole history: the book starts where its own inputs do, whatever the preset's window.
    firstDay: 'strategy_inputs',
  });
  const book = run.books.find((b) => b.name === run.hedged)!;
  const c = compareWithIndex(book.dates, book.equity, index);
  if (opts.json) {
    process.stdout.write(
      JSON.stringify(
        {
          benchmark: name,
          ...benchmarkFigures(c),
          strategy: strategy.strategy.name,
          strategyHash: strategy.hash,
          data: panel.fingerprint,
          modelled: panel.modelled ?? [],
          first_month: c.months[0],
          last_month: c.months[c.months.length - 1],
          monthly: { book: Array.from(c.book), index: Array.from(c.index) },
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  process.stdout.write(
    `${banner}\nstrategy ${strategy.strategy.name} (${strategy.hash})\n` +
      `run ${book.dates[0]} .. ${book.dates[book.dates.length - 1]}; month-end equity of the book against month-end ${def.symbol} values\n\n` +
      render(c, strategy.strategy.title, def.symbol, shouldUseColor(process.stdout) && opts.color) +
      (notes.length + marketNotes.length > 0
        ? `\nNotes of the run\n${[...marketNotes, ...notes].map((n) => `  ${n}\n`).join('')}`
        : ''),
  );
}

function commonOptions(cmd: Command): Command {
  return addHistoryOption(cmd)
    .option('-d, --data <dir>', 'real data folder (default: ../shared/data)')
    .option('--manifest <file>', 'dataset manifest (default: <dir>/alvh-manifest.json or the reference one)')
    .option('-s, --strategy <file|preset>', "the book to compare (default: the benchmark's preset)")
    .option('--index <file>', "the index history in Cboe's layout (DATE,<SYMBOL>, MM/DD/YYYY)")
    .option('--from <date>', 'first day of the run (YYYY-MM-DD)', dateOption('--from'))
    .option('--to <date>', 'last day of the run (YYYY-MM-DD)', dateOption('--to'))
    .option('--json', 'print the comparison as JSON', false)
    .option('--no-color', 'plain tables without colour');
}

export function register(program: Command): void {
  const check = program
    .command('check')
    .description('check the engine against published benchmarks on real data');
  commonOptions(
    check
      .command('benchmark <name>')
      .description(
        `run a book built to a Cboe strategy index's rules and compare its monthly returns with the real index (${BENCHMARK_NAMES.join(', ')})`,
      ),
  ).action(async (name: string, opts: CheckCndrOptions) => {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name))
      throw new ArgumentError(`unknown benchmark '${name}' (expected one of ${BENCHMARK_NAMES.join(', ')})`);
    await runCheck(name as BenchmarkName, opts);
  });
  commonOptions(
    check.command('cndr').description("the same as 'check benchmark cndr': Cboe's CNDR iron condor index"),
  ).action(async (opts: CheckCndrOptions) => runCheck('cndr', opts));
  registerVixIndexCheck(check);
}
