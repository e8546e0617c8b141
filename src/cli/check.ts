// `alvh check cndr`: runs a condor book built to Cboe's CNDR rules on real data and puts its monthly
// returns beside the published CNDR index, an independent check of the engine's pricing, fills and
// settlement on a book whose real-world result is known.
import type { Command } from 'commander';
import { compareWithIndex, type BenchmarkComparison } from '../analytics/benchmark.js';
import { runBacktest } from '../api/backtest.js';
import { loadMarket } from '../api/market.js';
import { UserError } from '../core/errors.js';
import { shouldUseColor } from '../report/table.js';
import { pct } from '../report/terminal.js';
import { loadStrategy } from '../strategy/load.js';
import { defaultDataDir } from './data.js';
import { dateOption } from './option-values.js';
import { simpleTable } from './simple-table.js';

interface CheckCndrOptions {
  data?: string;
  manifest?: string;
  strategy: string;
  from?: string;
  to?: string;
  json: boolean;
  color: boolean;
}

function render(c: BenchmarkComparison, title: string, color: boolean): string {
  const stats = simpleTable(
    ['', title, 'CNDR index'],
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
    ['year', 'months', title, 'CNDR index', 'difference'],
    c.years.map((y) => [y.year, String(y.months), pct(y.book, 1), pct(y.index, 1), pct(y.book - y.index, 1)]),
    color,
    ['left', 'right', 'right', 'right', 'right'],
  );
  return `${stats}\n\nYear by year (compounded monthly returns over the compared months)\n${years}\n`;
}

export function register(program: Command): void {
  const check = program
    .command('check')
    .description('check the engine against published benchmarks on real data');
  check
    .command('cndr')
    .description(
      "run a condor book on Cboe's CNDR rules and compare its monthly returns with the real CNDR index",
    )
    .option('-d, --data <dir>', 'real data folder whose manifest has a cndr source (default: ../shared/data)')
    .option('--manifest <file>', 'dataset manifest (default: <dir>/alvh-manifest.json or the reference one)')
    .option('-s, --strategy <file|preset>', 'the condor book to compare', 'cndr')
    .option('--from <date>', 'first day of the run (YYYY-MM-DD)', dateOption('--from'))
    .option('--to <date>', 'last day of the run (YYYY-MM-DD)', dateOption('--to'))
    .option('--json', 'print the comparison as JSON', false)
    .option('--no-color', 'plain tables without colour')
    .action((opts: CheckCndrOptions) => {
      const strategy = loadStrategy(opts.strategy);
      const panel = loadMarket({ data: defaultDataDir(opts.data), manifest: opts.manifest });
      const index = panel.benchmarks?.cndr;
      if (index === undefined)
        throw new UserError(
          "the data's manifest has no 'cndr' source (Cboe's CNDR index history): add one to compare",
        );
      // The run's notes (fallbacks, AM settlements on a carried open, ...) are what explains a tracking gap.
      const { run, notes } = runBacktest(panel, strategy, { baselines: [], from: opts.from, to: opts.to });
      const book = run.books.find((b) => b.name === run.hedged)!;
      const c = compareWithIndex(book.dates, book.equity, index);
      if (opts.json) {
        const { book: b, index: x, ...rest } = c;
        process.stdout.write(
          JSON.stringify(
            {
              strategy: strategy.strategy.name,
              strategyHash: strategy.hash,
              data: panel.fingerprint,
              ...rest,
              monthly: { book: Array.from(b), index: Array.from(x) },
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      process.stdout.write(
        `REAL DATA: ${panel.description} (fingerprint ${panel.fingerprint}); strategy ${strategy.strategy.name} (${strategy.hash})\n` +
          `run ${book.dates[0]} .. ${book.dates[book.dates.length - 1]}; month-end equity of the book against month-end CNDR values\n\n` +
          render(c, strategy.strategy.title, shouldUseColor(process.stdout) && opts.color) +
          (notes.length > 0 ? `\nNotes of the run\n${notes.map((n) => `  ${n}\n`).join('')}` : ''),
      );
    });
}
