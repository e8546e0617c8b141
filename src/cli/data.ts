// `alvh data check`: per-series coverage, every repair and warning of a data folder; a malformed file stops
// with its file, line and reason.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadMarket } from '../api/market.js';
import { ArgumentError } from '../core/errors.js';
import { seriesCoverage } from '../market/coverage.js';
import { resolveManifestPath } from '../market/load-panel.js';
import { fetchData } from '../live/fetch.js';
import { shouldUseColor } from '../report/table.js';
import { parseMonth } from './option-values.js';
import { simpleTable } from './simple-table.js';

interface DataCheckOptions {
  data?: string;
  manifest?: string;
}

export function defaultDataDir(given: string | undefined): string {
  if (given !== undefined) return given;
  const beside = resolve('..', 'shared', 'data');
  if (existsSync(beside)) return beside;
  throw new ArgumentError(
    'no data folder: pass --data DIR (a folder with an alvh-manifest.json, or the reference data)',
  );
}

export function register(program: Command): Command {
  const data = program.command('data').description('inspect market data folders');
  data
    .command('check')
    .description('print per-series coverage (first, last, rows, gaps) and every repair and warning')
    .option('-d, --data <dir>', 'data folder (default: ../shared/data when present)')
    .option(
      '--manifest <file>',
      'dataset manifest (default: <dir>/alvh-manifest.json or the reference manifest)',
    )
    .action((opts: DataCheckOptions) => {
      const dataDir = defaultDataDir(opts.data);
      const t0 = Date.now();
      const panel = loadMarket({ data: dataDir, manifest: opts.manifest });
      const ms = Date.now() - t0;
      const color = shouldUseColor(process.stdout);
      const out: string[] = [];
      out.push(`data: ${panel.description}`);
      out.push(`manifest: ${resolveManifestPath({ dataDir, manifestPath: opts.manifest })}`);
      out.push(
        `fingerprint: ${panel.fingerprint}; ${panel.n} SPX trading days ${panel.dates[0]} .. ${panel.dates[panel.n - 1]}; loaded in ${ms} ms`,
      );
      out.push('');
      out.push(
        simpleTable(
          ['series', 'first', 'last', 'rows', 'missing days', 'longest gap'],
          seriesCoverage(panel).map((c) => [
            c.series,
            c.first ?? '-',
            c.last ?? '-',
            String(c.rows),
            String(c.missingDays),
            c.longestGap ? `${c.longestGap.days} d (${c.longestGap.from} .. ${c.longestGap.to})` : '-',
          ]),
          color,
          ['left', 'left', 'left', 'right', 'right', 'left'],
        ),
      );
      out.push('');
      out.push(`repairs (${panel.repairs.length}):`);
      for (const r of panel.repairs) out.push(`  ${r.series} ${r.date} [${r.file}]: ${r.action}`);
      out.push('');
      out.push(`warnings (${panel.warnings.length}):`);
      for (const w of panel.warnings) out.push(`  ${w}`);
      process.stdout.write(out.join('\n') + '\n');
    });
  data
    .command('fetch')
    .description(
      'download the public daily files (Cboe indices, VIX futures settlements, FRED T-bill rate) and write a manifest; reruns resume and bring out-of-date files up to date',
    )
    .requiredOption('-o, --out <dir>', 'folder to download into')
    .option(
      '--from-contract <YYYY-MM>',
      'first VIX futures contract month to download',
      (text: string) => parseMonth(text, '--from-contract'),
      '2013-01',
    )
    .option(
      '--no-refresh',
      'keep complete files as they are, even when they end before the last weekday (default: download those again)',
    )
    .action(async (opts: { out: string; fromContract: string; refresh: boolean }) => {
      const result = await fetchData({
        outDir: opts.out,
        fromContract: opts.fromContract,
        refresh: opts.refresh,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(
        `downloaded ${result.written.length} new file(s), refreshed ${result.refreshed.length} out-of-date file(s), kept ${result.skipped.length} complete file(s), ${result.missing.length} contract(s) not listed; manifest ${result.manifest}\n`,
      );
      for (const n of result.notes) process.stdout.write(`note: ${n}\n`);
    });
  return data;
}
