// `alvh backtest`: the main job. Runs the strategy, its unhedged twin and the baselines, prints the tables
// and the claim check (and, with --resample, the bootstrap stress test), and writes summary JSON, the equity,
// ledger and trades CSVs and the HTML report to --out; its last line says where the report is.
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BASELINES, runLoadedBacktest, summarize } from '../api/backtest-run.js';
import { runMemoIn } from '../api/run-memo.js';
import { scaleMemoIn } from '../api/scale-memo.js';
import { smileLevelMemoIn } from '../api/smile-level-memo.js';
import { strategyLoaderIn } from '../api/strategy-memo.js';
import { MATCH_MODES, type MatchMode } from '../engine/run-backtest.js';
import { panelCacheDir } from '../market/panel-cache-hit.js';
import { PRESET_NAMES } from '../strategy/presets.js';
import { skippedSummary, writeBacktestOutputs } from '../report/write-outputs.js';
import { renderBacktestSummary, renderResample, wrapNote } from '../report/terminal.js';
import { DEFAULT_RESAMPLE_OPTIONS, resampleStudy } from '../analytics/resample.js';
import { shouldUseColor } from '../report/table.js';
import { progressBar } from '../report/progress.js';
import {
  marketFromOptions,
  addHistoryOption,
  addMarketOptions,
  type MarketOptions,
} from './market-options.js';
import { ArgumentError } from '../core/errors.js';
import { parseBaselines } from './baselines.js';
import { checkDateRange, choiceOption, dateOption, parsePositiveInt } from './option-values.js';
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
  quiet: boolean;
  resample?: number;
  resampleBlock: number;
  resampleSeed: number;
  drawdownThreshold: number;
}

/** A drawdown threshold as a fraction ('0.3') or a percentage ('30%'), strictly between 0 and 1. */
function parseThreshold(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  const x = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN;
  if (!(x > 0 && x < 1))
    throw new ArgumentError(
      `--drawdown-threshold: expected a fraction or percentage between 0 and 1 (0.3 or 30%), found '${text}'`,
    );
  return x;
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
    .option('--no-color', 'plain tables without colour')
    .option(
      '-q, --quiet',
      'print only the last line (where report.html is); errors still go to stderr',
      false,
    )
    .option(
      '--resample <n>',
      'resampling stress test: n stationary block bootstrap paths of the daily returns',
      (t) => parsePositiveInt(t, '--resample', 100_000),
    )
    .option(
      '--resample-block <days>',
      'mean block length of the bootstrap, in trading days',
      (t) => parsePositiveInt(t, '--resample-block', 2_000),
      DEFAULT_RESAMPLE_OPTIONS.meanBlockDays,
    )
    .option(
      '--resample-seed <n>',
      'seed of the resampling (the same seed gives the same resamples)',
      (t) => parsePositiveInt(t, '--resample-seed', 0xffffffff),
      DEFAULT_RESAMPLE_OPTIONS.seed,
    )
    .option(
      '--drawdown-threshold <x>',
      'resampling: report the probability of a max drawdown deeper than this',
      parseThreshold,
      DEFAULT_RESAMPLE_OPTIONS.drawdownThreshold,
    );
  addMarketOptions(cmd);
  addHistoryOption(cmd);
  cmd.action(async (opts: BacktestCliOptions) => {
    checkDateRange(opts);
    await backtest(opts);
  });
}

async function backtest(opts: BacktestCliOptions): Promise<void> {
  // Checked strategies are kept beside the panel cache (off with it): an unchanged file is not parsed and
  // checked again, and a run on a cached panel loads neither the YAML parser nor the schema library.
  const strategies = strategyLoaderIn(opts.cache === false ? null : panelCacheDir());
  const main = await strategies.load(opts.strategy);
  const baselines = await parseBaselines(opts.baselines, strategies);
  ensureWritableDir(opts.out, '--out');
  if (opts.report !== undefined) ensureWritableDir(dirname(opts.report), '--report');
  if (opts.charts !== undefined) ensureWritableDir(opts.charts, '--charts');
  const market = await marketFromOptions(opts);
  const chains =
    opts.chains === undefined
      ? undefined
      : await (await import('../api/chains.js')).loadChains(opts.chains, market.panel);
  const say = (text: string): void => {
    if (!opts.quiet) process.stdout.write(text);
  };
  const bar = progressBar(
    2 + baselines.length,
    'backtest',
    opts.quiet ? { isTTY: false, write: () => true } : undefined,
  );
  const outcome = runLoadedBacktest(market.panel, main, baselines, {
    from: opts.from,
    to: opts.to,
    match: opts.match,
    chains,
    onBook: (name, done) => bar.update(done, name),
    // Beside the panel cache (off with it): a repeated run skips the baselines' scale searches and the
    // smiles' level solves, and a rerun of an unchanged backtest reads the whole run back.
    ...(market.cacheDir === null
      ? {}
      : {
          scaleMemo: scaleMemoIn(market.cacheDir),
          smileLevelMemo: smileLevelMemoIn(market.cacheDir),
          runMemo: runMemoIn(market.cacheDir),
        }),
  });
  bar.finish();
  const summary = summarize(outcome);
  const resample =
    opts.resample === undefined
      ? null
      : resampleStudy(outcome.run, {
          samples: opts.resample,
          meanBlockDays: opts.resampleBlock,
          seed: opts.resampleSeed,
          drawdownThreshold: opts.drawdownThreshold,
        });
  const color = opts.color && shouldUseColor(process.stdout);
  say(market.banner + '\n');
  for (const note of [...market.notes, ...outcome.notes]) say(wrapNote(note));
  say('\n' + renderBacktestSummary(summary, { color }) + '\n');
  if (resample !== null) say('\n' + renderResample(resample, { color }) + '\n');
  const skipped = skippedSummary(outcome)[outcome.run.hedged] ?? [];
  say(
    `\nDays on which a rule of ${outcome.run.hedged} could not act, and why (${skipped.length === 0 ? 'none' : 'all books: summary.json'}):\n`,
  );
  for (const s of skipped.slice(0, 12))
    say(`  ${String(s.days).padStart(5)} day(s) ${s.first}..${s.last}: ${s.reason}\n`);
  if (skipped.length > 12) say(`  ... and ${skipped.length - 12} more reasons in summary.json\n`);
  const written = writeBacktestOutputs(outcome, summary, main, {
    outDir: opts.out,
    reportPath: opts.report ?? null,
    chartsDir: opts.charts ?? null,
    resample,
  });
  say('\n' + wrapNote(`written: ${written.files.join(', ')}`, ''));
  process.stdout.write(`report: ${opts.report ?? join(opts.out, 'report.html')}\n`);
}
