// `alvh backtest`: the main job. Runs the strategy, its unhedged twin and the baselines, prints the tables
// and the claim check, and writes summary JSON, equity and ledger CSVs (and the HTML report) to --out.
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BASELINES, runBacktest, summarize } from '../api/backtest.js';
import { loadChains } from '../api/chains.js';
import { MATCH_MODES, type MatchMode } from '../engine/run-backtest.js';
import { loadStrategy, PRESET_NAMES } from '../strategy/load.js';
import { skippedSummary, writeBacktestOutputs } from '../report/write-outputs.js';
import { renderBacktestSummary } from '../report/terminal.js';
import { shouldUseColor } from '../report/table.js';
import { progressBar } from '../report/progress.js';
import {
  marketFromOptions,
  addHistoryOption,
  addMarketOptions,
  type MarketOptions,
} from './market-options.js';
import { parseBaselines } from './baselines.js';
import { checkDateRange, choiceOption, dateOption } from './option-values.js';
import { ensureWritableDir } from './out-dir.js';

interface BacktestCliOptions extends MarketOptions {
  strategy: string;
  from?: string;
  to?: string;
  out: string;
  baselines: string;
  match: MatchMode;
  report?: string;
  charts?: string;
  color: boolean;
  chains?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('backtest')
    .description(
      'run the strategy beside the unhedged book and the alternative hedges; print the claim check',
    )
    .option(
      '-s, --strategy <file|preset>',
      `strategy file (YAML/JSON) or preset: ${PRESET_NAMES.join(', ')}`,
      'alvh',
    )
    .option('--from <date>', 'first day of the run (YYYY-MM-DD)', dateOption('--from'))
    .option('--to <date>', 'last day of the run (YYYY-MM-DD)', dateOption('--to'))
    .option('-o, --out <dir>', 'folder for summary.json, equity.csv, ledger.csv and report.html', 'alvh-out')
    .option(
      '--baselines <list>',
      "comma-separated baseline presets or files, or 'none'",
      DEFAULT_BASELINES.join(','),
    )
    .option(
      '--match <mode>',
      "what match_spend baselines are matched on: 'spend' (yearly net hedge premium), 'cost' (yearly sleeve P&L) or 'none'",
      choiceOption('--match', MATCH_MODES),
      'spend',
    )
    .option('--report <file.html>', 'where to write the HTML report (default: <out>/report.html)')
    .option('--charts <dir>', 'also write the main charts as SVG files into this folder')
    .option(
      '--chains <file.db>',
      'price legs from real option quotes where the chains list them (a database from alvh chains import); the model prices the rest',
    )
    .option('--no-color', 'plain tables without colour');
  addMarketOptions(cmd);
  addHistoryOption(cmd);
  cmd.action(async (opts: BacktestCliOptions) => {
    checkDateRange(opts);
    const main = loadStrategy(opts.strategy);
    const baselines = parseBaselines(opts.baselines);
    ensureWritableDir(opts.out, '--out');
    if (opts.report !== undefined) ensureWritableDir(dirname(opts.report), '--report');
    if (opts.charts !== undefined) ensureWritableDir(opts.charts, '--charts');
    const market = marketFromOptions(opts);
    const chains = opts.chains === undefined ? undefined : await loadChains(opts.chains, market.panel);
    const bar = progressBar(2 + baselines.length, 'backtest');
    const outcome = runBacktest(market.panel, main, {
      baselines,
      from: opts.from,
      to: opts.to,
      match: opts.match,
      chains,
      onBook: (name, done) => bar.update(done, name),
    });
    bar.finish();
    const summary = summarize(outcome);
    const color = opts.color && shouldUseColor(process.stdout);
    process.stdout.write(market.banner + '\n');
    for (const note of [...market.notes, ...outcome.notes]) process.stdout.write(`  ${note}\n`);
    process.stdout.write('\n' + renderBacktestSummary(summary, { color }) + '\n');
    const skipped = skippedSummary(outcome)[outcome.run.hedged] ?? [];
    process.stdout.write(
      `\nDays on which a rule of ${outcome.run.hedged} could not act, and why (${skipped.length === 0 ? 'none' : 'all books: summary.json'}):\n`,
    );
    for (const s of skipped.slice(0, 12))
      process.stdout.write(`  ${String(s.days).padStart(5)} day(s) ${s.first}..${s.last}: ${s.reason}\n`);
    if (skipped.length > 12)
      process.stdout.write(`  ... and ${skipped.length - 12} more reasons in summary.json\n`);
    const written = writeBacktestOutputs(outcome, summary, main, {
      outDir: opts.out,
      reportPath: opts.report ?? null,
      chartsDir: opts.charts ?? null,
    });
    process.stdout.write(`\nwritten: ${written.join(', ')}\n`);
  });
}
