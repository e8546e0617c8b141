// `alvh study FILE`: runs every configuration of a study file on all cores (resuming what an earlier run
// stored), writes study.sqlite and study.json to --out, and prints a short summary and the top configurations.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { expandStudy, loadStudyBases } from '../study/expand.js';
import { studyJson } from '../study/output.js';
import { queuePathRunner, queueRunner } from '../study/queue/queue-runner.js';
import { parseRedisUrl } from '../study/queue/redis-url.js';
import { runStudy } from '../study/run-study.js';
import { loadStudyFile } from '../study/study-file.js';
import { progressBar, type Progress } from '../report/progress.js';
import { renderStudyHtml } from '../report/study-html.js';
import { formatPathShares } from '../report/study-paths.js';
import { formatStudySummary } from '../report/study-terminal.js';
import { shouldUseColor } from '../report/table.js';
import {
  addHistoryOption,
  addMarketOptions,
  marketFromOptions,
  type MarketOptions,
} from './market-options.js';
import { parsePositiveInt } from './option-values.js';
import { ensureWritableDir } from './out-dir.js';

interface StudyCliOptions extends MarketOptions {
  out: string;
  workers?: string;
  json: boolean;
  paths?: string;
  top?: string;
  pathYears?: string;
  queue?: string;
  chunk: string;
  clearQueue: boolean;
  color: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('study')
    .description('run every configuration of a study file beside its unhedged core; claim box and statistics')
    .argument('<file>', 'study file (YAML/JSON): base, axes, sample')
    .option('-o, --out <dir>', 'folder for study.sqlite (results, resumable) and study.json', 'alvh-study')
    .option('-w, --workers <n>', 'worker threads (default: all cores)')
    .option('--json', 'print the study document (JSON) instead of the tables', false)
    .option('--paths <k>', 'also run each configuration (or the --top M) on K synthetic paths')
    .option('--top <m>', 'how many configurations to list, and to run on the paths (default 10)')
    .option('--path-years <n>', 'years of each synthetic path (default 20)')
    .option('--queue <url>', 'run the configurations on workers of a Redis queue (docs/distributed.md)')
    .option('--chunk <n>', 'configurations per queue job', '10')
    .option('--clear-queue', 'discard another study that holds the queue', false)
    .option('--no-color', 'plain tables without colour');
  addHistoryOption(addMarketOptions(cmd));
  cmd.action(async (file: string, opts: StudyCliOptions) => {
    const loaded = loadStudyFile(file);
    const plan = expandStudy(loaded, loadStudyBases(loaded));
    const workers = opts.workers === undefined ? undefined : parsePositiveInt(opts.workers, '--workers', 256);
    const paths = opts.paths === undefined ? 0 : parsePositiveInt(opts.paths, '--paths', 100_000);
    const top = opts.top === undefined ? null : parsePositiveInt(opts.top, '--top');
    const pathYears =
      opts.pathYears === undefined ? 20 : parsePositiveInt(opts.pathYears, '--path-years', 200);
    const outDir = ensureWritableDir(opts.out, '--out');
    const address = opts.queue === undefined ? null : parseRedisUrl(opts.queue);
    const chunk = parsePositiveInt(opts.chunk, '--chunk', 100_000);
    const market = await marketFromOptions(opts);
    const queue =
      address === null
        ? null
        : {
            address,
            fingerprint: market.panel.fingerprint,
            chunkSize: chunk,
            clearQueue: opts.clearQueue,
            onNotice: (line: string) => process.stderr.write(`\nalvh: ${line}\n`),
          };
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    process.once('SIGINT', onSigint);
    const bars: Partial<Record<'configurations' | 'paths', Progress>> = {};
    const outcome = await runStudy(plan, {
      panel: market.panel,
      outDir,
      workers,
      paths,
      top,
      pathYears,
      signal: abort.signal,
      runner: queue ? queueRunner(queue) : undefined,
      pathRunner: queue ? queuePathRunner(queue) : undefined,
      onProgress: (phase, done, total) => {
        const bar = (bars[phase] ??= progressBar(total, phase === 'paths' ? 'paths' : 'study'));
        bar.update(done);
      },
    });
    process.removeListener('SIGINT', onSigint);
    for (const bar of Object.values(bars)) bar.finish();
    const doc = studyJson(outcome, outcome.statistics);
    const written = [outcome.storePath, join(outDir, 'study.json')];
    writeFileSync(written[1], JSON.stringify(doc, null, 2) + '\n');
    if (outcome.statistics) {
      written.push(join(outDir, 'study.html'));
      writeFileSync(
        written[2],
        renderStudyHtml({
          name: plan.name,
          title: plan.title,
          results: outcome.results,
          days: outcome.days,
          statistics: outcome.statistics,
          notes: [market.banner, ...plan.notes],
        }),
      );
    }
    const { stale } = outcome;
    if (stale.configs + stale.paths > 0)
      process.stderr.write(
        `alvh: ${stale.configs} configuration result(s) and ${stale.paths} path run(s) in ${outcome.storePath} were computed by another engine (${stale.engines.map((e) => e || 'unrecorded').join(', ')}); recomputed with alvh ${outcome.engine}\n`,
      );
    if (opts.json) process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    else {
      const color = opts.color && shouldUseColor(process.stdout);
      process.stdout.write(market.banner + '\n');
      for (const note of [...market.notes, ...plan.notes]) process.stdout.write(`  ${note}\n`);
      process.stdout.write(
        `  ${outcome.ran} configuration(s) run, ${outcome.reused} already in ${outcome.storePath}; ${plan.cores.length} unhedged core(s); ${outcome.elapsedSeconds.toFixed(1)} s\n` +
          (outcome.paths
            ? `  ${outcome.paths.ran} path run(s) run, ${outcome.paths.reused} already stored\n\n`
            : '\n'),
      );
      if (outcome.statistics)
        process.stdout.write(
          formatStudySummary(outcome.results, outcome.statistics, { color, top: top ?? 10 }) + '\n',
        );
      const paths = formatPathShares(doc, color);
      if (paths !== '') process.stdout.write('\n' + paths + '\n');
      process.stdout.write(`\nwritten: ${[...written, outcome.heapPath].join(', ')}\n`);
    }
    if (outcome.interrupted) {
      process.stderr.write(
        `alvh: study interrupted: ${outcome.results.length} of ${plan.configs.length} configuration(s) stored; run the same command again to resume\n`,
      );
      process.exitCode = 130;
    }
  });
}
