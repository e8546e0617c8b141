// `alvh data check`: per-series coverage, every repair and warning of a data folder; a malformed file stops
// with its file, line and reason.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ArgumentError } from '../core/errors.js';
import { endingEarlyNote, seriesCoverage } from '../market/coverage.js';
import {
  DEFAULT_VALIDATION_WINDOWS,
  validateModelledInputs,
  type ErrorStats,
  type ModelledValidation,
} from '../analytics/modelled-validation.js';
import { ModelFitError } from '../market/modelled-inputs.js';
import { loadStrategy } from '../strategy/load.js';
import { resolveManifestPath } from '../market/manifest-path.js';
import { fetchData } from '../live/fetch.js';
import { shouldUseColor } from '../report/table.js';
import { parseMonth } from './option-values.js';
import { simpleTable } from './simple-table.js';
import { dataBanner, loadDataFolder } from './market-options.js';

interface DataCheckOptions {
  data?: string;
  manifest?: string;
  cache: boolean;
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
    .option(
      '--no-cache',
      'load from the files, without the panel cache (ALVH_CACHE_DIR moves it; off turns it off)',
    )
    .action(async (opts: DataCheckOptions) => {
      const dataDir = defaultDataDir(opts.data);
      const t0 = Date.now();
      const { panel, note, fromCache } = await loadDataFolder(dataDir, opts.manifest, opts.cache);
      const ms = Date.now() - t0;
      const color = shouldUseColor(process.stdout);
      const out: string[] = [];
      out.push(dataBanner(panel, dataDir));
      out.push(`manifest: ${resolveManifestPath({ dataDir, manifestPath: opts.manifest })}`);
      out.push(
        `fingerprint: ${panel.fingerprint}; ${panel.n} SPX trading days ${panel.dates[0]} .. ${panel.dates[panel.n - 1]}; loaded in ${ms} ms${fromCache ? ' (from the panel cache)' : ''}`,
      );
      out.push('');
      out.push(
        simpleTable(
          ['series', 'first', 'last', 'rows', 'missing days', 'longest gap', 'after last'],
          seriesCoverage(panel).map((c) => [
            c.series,
            c.first ?? '-',
            c.last ?? '-',
            String(c.rows),
            String(c.missingDays),
            c.longestGap ? `${c.longestGap.days} d (${c.longestGap.from} .. ${c.longestGap.to})` : '-',
            c.daysAfterLast > 0 ? `${c.daysAfterLast} d ${c.afterLast}` : '-',
          ]),
          color,
          ['left', 'left', 'left', 'right', 'right', 'left', 'right'],
        ),
      );
      const ending = endingEarlyNote(panel);
      if (ending !== null) out.push('', ending);
      if (note !== null) out.push('', note);
      out.push('');
      out.push(`repairs (${panel.repairs.length}):`);
      for (const r of panel.repairs) out.push(`  ${r.series} ${r.date} [${r.file}]: ${r.action}`);
      out.push('');
      out.push(`warnings (${panel.warnings.length}):`);
      for (const w of panel.warnings) out.push(`  ${w}`);
      out.push('');
      out.push(...validationLines(panel));
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

/** The preset's L2 and L3 triggers, whose days the validation compares. */
function presetTriggers(): { name: string; expression: string }[] {
  return loadStrategy('alvh')
    .strategy.layers.filter((l) => l.name === 'L2' || l.name === 'L3')
    .map((l) => ({ name: l.name, expression: l.trigger }));
}

function validationLines(panel: Parameters<typeof validateModelledInputs>[0]): string[] {
  const { fitTo, judgeFrom } = DEFAULT_VALIDATION_WINDOWS;
  const head = `modelled VIX futures and VVIX (--history modelled), out of sample: fitted to ${fitTo}, judged from ${judgeFrom}`;
  let v: ModelledValidation;
  try {
    v = validateModelledInputs(panel, { fitTo, judgeFrom, triggers: presetTriggers() });
  } catch (e) {
    if (e instanceof ModelFitError) return [`${head}: not validated: ${e.message}`];
    throw e;
  }
  const pts = (x: number): string => x.toFixed(2);
  const err = (name: string, e: ErrorStats): string =>
    `  ${name}: mean abs error ${pts(e.meanAbs)} points, RMSE ${pts(e.rmse)}, bias ${pts(e.bias)}, 95% of days within ${pts(e.p95Abs)} (${e.days} days)`;
  const f = v.fit;
  const b = v.backwardationSign;
  return [
    `${head}:`,
    `  fit: futures on ${f.futures.days} days ${f.futures.from}..${f.futures.to} (${f.futures.rows} contract settlements), VVIX on ${f.vvix.days} days ${f.vvix.from}..${f.vvix.to}`,
    `  judged: ${v.judged.days} days ${v.judged.from}..${v.judged.to}`,
    err('M1', v.m1),
    err('M2', v.m2),
    `  sign of M1/M2 - 1 (backwardation or not) agrees on ${b.agree} of ${b.days} days: ${(100 * b.share).toFixed(1)}% (real backwardation on ${b.realBackwardationDays} days)`,
    ...v.triggers.map(
      (t) =>
        `  ${t.name} trigger (${t.expression}): ${t.realDays} days on real inputs, ${t.modelledDays} on modelled, ${t.bothDays} on both`,
    ),
    err('VVIX', v.vvix),
  ];
}
