// `alvh montecarlo`: the strategy and its unhedged twin on many synthetic paths, on all cores, with a
// progress bar; Ctrl-C stops the workers and reports the paths that finished.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runMonteCarlo } from '../sim/montecarlo.js';
import { summarizeMonteCarlo, type MonteCarloSummary } from '../sim/montecarlo-summary.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { loadStrategy } from '../strategy/load.js';
import { progressBar } from '../report/progress.js';
import { renderMonteCarloHtml } from '../report/html.js';
import { shouldUseColor } from '../report/table.js';
import { simpleTable } from './simple-table.js';
import { parsePositiveInt, parseSeed } from './market-options.js';

interface MonteCarloCliOptions {
  paths: string;
  years: string;
  seed: string;
  strategy: string;
  workers?: string;
  out: string;
  color: boolean;
}

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

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
    .action(async (opts: MonteCarloCliOptions) => {
      const paths = parsePositiveInt(opts.paths, '--paths', 100_000);
      const years = parsePositiveInt(opts.years, '--years', 100);
      const seed = parseSeed(opts.seed);
      const workers =
        opts.workers === undefined ? undefined : parsePositiveInt(opts.workers, '--workers', 256);
      loadStrategy(opts.strategy); // a bad strategy file fails here, once, before any worker starts
      const bar = progressBar(paths, 'montecarlo');
      const abort = new AbortController();
      const onSigint = (): void => abort.abort();
      process.once('SIGINT', onSigint);
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
      bar.finish();
      const summary = summarizeMonteCarlo(result);
      process.stdout.write(renderMonteCarlo(summary, opts.color && shouldUseColor(process.stdout)) + '\n');
      const dir = resolve(opts.out);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'montecarlo.json'), JSON.stringify(summary, null, 2) + '\n');
      const header = ['path', ...PATH_METRICS.map((m) => m.name)];
      const rows = [header.join(',')];
      for (let p = 0; p < paths; p++)
        rows.push(
          [
            String(p),
            ...PATH_METRICS.map((m) =>
              Number.isFinite(result.values[m.name][p]) ? result.values[m.name][p].toFixed(6) : '',
            ),
          ].join(','),
        );
      writeFileSync(join(dir, 'montecarlo.csv'), rows.join('\n') + '\n');
      const html = renderMonteCarloHtml({
        paths: summary.completed,
        years,
        strategyHash: summary.strategyHash,
        metrics: PATH_METRICS.map((m) => ({
          name: m.name,
          label: m.label,
          values: Array.from(result.values[m.name]).filter(Number.isFinite),
        })),
        claims: summary.claims.map((c) => ({ label: c.statement, shareHolding: c.holds })),
        notes: [
          `seed ${seed}; each path's seed is derived from it and the path index`,
          ...(summary.interrupted ? ['interrupted: only finished paths are shown'] : []),
        ],
      });
      writeFileSync(join(dir, 'montecarlo.html'), html);
      process.stdout.write(
        `\nwritten: ${['montecarlo.json', 'montecarlo.csv', 'montecarlo.html'].map((f) => join(dir, f)).join(', ')}\n`,
      );
    });
}
