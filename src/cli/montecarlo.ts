// `alvh montecarlo`: the strategy and its unhedged twin on many synthetic paths, on all cores, with a
// progress bar; Ctrl-C stops the workers, writes the paths that finished and exits 130 (as shells expect).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runMonteCarlo, type MonteCarloResult } from '../sim/montecarlo.js';
import { monteCarloCsv, summarizeMonteCarlo, type MonteCarloSummary } from '../sim/montecarlo-summary.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { loadStrategy } from '../strategy/load.js';
import { progressBar } from '../report/progress.js';
import { renderMonteCarloHtml } from '../report/html.js';
import { historyFromSummary } from '../report/montecarlo-history.js';
import { pct as formatPct } from '../report/format.js';
import { shouldUseColor } from '../report/table.js';
import { parsePositiveInt, parseSeed, readJsonFile } from './option-values.js';
import { ensureWritableDir } from './out-dir.js';
import { simpleTable } from './simple-table.js';

interface MonteCarloCliOptions {
  paths: string;
  years: string;
  seed: string;
  strategy: string;
  workers?: string;
  out: string;
  color: boolean;
  history?: string;
}

/** The --history file: a backtest's summary.json, read and checked before any path runs. */
function readHistory(file: string): ReturnType<typeof historyFromSummary> {
  return historyFromSummary(readJsonFile(file, '--history'), file);
}

const pct = (x: number | null): string => formatPct(x, 1, '-');

export function renderMonteCarlo(s: MonteCarloSummary, color: boolean): string {
  const lines: string[] = [];
  lines.push(
    `SYNTHETIC MARKET: ${s.completed} of ${s.requested} paths x ${s.years} years, seed ${s.seed}, strategy ${s.strategyHash}${s.interrupted ? ' (INTERRUPTED: partial result)' : ''}`,
  );
  lines.push('');
  lines.push(
    simpleTable(
      ['metric', 'paths', '5th pct', 'median', '95th pct', 'mean'],
      s.metrics.map((m) => [m.label, String(m.paths), pct(m.p5), pct(m.median), pct(m.p95), pct(m.mean)]),
      color,
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  lines.push('');
  lines.push(
    simpleTable(
      ['claim', 'paths', 'holds', 'better than claimed', 'worse than claimed'],
      s.claims.map((c) => [c.statement, String(c.paths), pct(c.holds), pct(c.better), pct(c.worse)]),
      color,
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  return lines.join('\n');
}

/** The exit status of a run stopped by Ctrl-C (128 + SIGINT), after whatever it could keep is written. */
const INTERRUPTED_EXIT = 130;

/**
 * Writes montecarlo.json, .csv (finished paths only) and .html into `dir`; returns the lines to print. A run
 * stopped before any path finished writes nothing, so the previous run's files stay.
 */
export function saveMonteCarlo(
  result: MonteCarloResult,
  summary: MonteCarloSummary,
  dir: string,
  history: ReturnType<typeof historyFromSummary> | null = null,
): string[] {
  if (result.completed === 0)
    return [`interrupted before any path finished: nothing written, the files in ${dir} are untouched`];
  writeFileSync(join(dir, 'montecarlo.json'), JSON.stringify(summary, null, 2) + '\n');
  const csv = monteCarloCsv(result);
  writeFileSync(join(dir, 'montecarlo.csv'), csv.text);
  const html = renderMonteCarloHtml({
    paths: summary.completed,
    years: result.years,
    strategyHash: summary.strategyHash,
    metrics: PATH_METRICS.map((m) => ({
      name: m.name,
      label: m.label,
      values: Array.from(result.values[m.name]).filter(Number.isFinite),
    })),
    claims: summary.claims.map((c) => ({ label: c.statement, shareHolding: c.holds })),
    ...(history ? { history: history.values, historySource: history.source } : {}),
    notes: [
      `seed ${result.seed}; each path's seed is derived from it and the path index`,
      ...(summary.interrupted ? ['interrupted: only finished paths are shown'] : []),
    ],
  });
  writeFileSync(join(dir, 'montecarlo.html'), html);
  return [
    `written: ${['montecarlo.json', 'montecarlo.csv', 'montecarlo.html'].map((f) => join(dir, f)).join(', ')}`,
    `montecarlo.csv: ${csv.rows} finished path(s) of ${result.requested}`,
  ];
}

export function register(program: Command): void {
  program
    .command('montecarlo')
    .description('run the strategy and its unhedged twin on many synthetic paths; print the distributions')
    .option('--paths <n>', 'number of synthetic paths', '200')
    .option('--years <n>', 'years per path', '20')
    .option('--seed <n>', 'seed of the whole run (each path gets its own seed from it)', '42')
    .option('-s, --strategy <file|preset>', 'strategy file or preset', 'alvh')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('-o, --out <dir>', 'folder for montecarlo.json, montecarlo.csv and montecarlo.html', 'alvh-out')
    .option('--no-color', 'plain tables without colour')
    .option(
      '--history <summary.json>',
      "mark real history's values (a backtest's summary.json) on the distributions",
    )
    .action(async (opts: MonteCarloCliOptions) => {
      const paths = parsePositiveInt(opts.paths, '--paths', 100_000);
      const years = parsePositiveInt(opts.years, '--years', 100);
      const seed = parseSeed(opts.seed);
      const workers =
        opts.workers === undefined ? undefined : parsePositiveInt(opts.workers, '--workers', 256);
      loadStrategy(opts.strategy); // a bad strategy file fails here, once, before any worker starts
      const history = opts.history === undefined ? null : readHistory(opts.history);
      const dir = ensureWritableDir(opts.out, '--out'); // and so does a folder the results cannot go to
      const bar = progressBar(paths, 'montecarlo');
      const abort = new AbortController();
      const onSigint = (): void => abort.abort();
      process.once('SIGINT', onSigint);
      process.stderr.write(
        `montecarlo: ${paths} paths x ${years} years; Ctrl-C stops and keeps the finished paths\n`,
      );
      const result = await runMonteCarlo({
        paths,
        years,
        seed,
        strategy: opts.strategy,
        workers,
        signal: abort.signal,
        onProgress: (done) => bar.update(done),
      });
      process.removeListener('SIGINT', onSigint);
      bar.finish('interrupted');
      const summary = summarizeMonteCarlo(result);
      if (result.completed > 0)
        process.stdout.write(
          renderMonteCarlo(summary, opts.color && shouldUseColor(process.stdout)) + '\n\n',
        );
      for (const line of saveMonteCarlo(result, summary, dir, history)) process.stdout.write(`${line}\n`);
      if (result.interrupted) process.exitCode = INTERRUPTED_EXIT;
    });
}
