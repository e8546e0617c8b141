// Writes a backtest's files into --out: summary.json, equity.csv, ledger.csv, trades.csv (and the HTML report
// and SVG charts). No timestamps: the same strategy, data and seed give byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Distribution, ResampleResult } from '../analytics/resample.js';
import type { RunSummary } from '../analytics/summary.js';
import type { BacktestOutcome } from '../engine/run-backtest.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { equityCsv, ledgerCsv, tradesCsv } from './csv-out.js';
import { renderHtmlReport } from './html.js';
import { writeChartSvgs } from './svg-charts.js';

export interface OutputOptions {
  outDir: string;
  /** HTML report path; null: <outDir>/report.html. */
  reportPath: string | null;
  chartsDir: string | null;
  /** The resampling stress test, when one was run: into summary.json (without the per-resample values) and the report. */
  resample?: ResampleResult | null;
}

/** The resampling result as summary.json holds it: the distributions' percentiles, not every resample. */
export function resampleDocument(r: ResampleResult): object {
  const strip = ({ values: _values, ...d }: Distribution): Omit<Distribution, 'values'> => d;
  return {
    ...r,
    books: r.books.map((b) => ({
      ...b,
      maxDrawdown: strip(b.maxDrawdown),
      cagr: strip(b.cagr),
      worstYear: strip(b.worstYear),
    })),
  };
}

/** Counts of skipped-day reasons per book, most frequent first (reasons with dates stripped of detail). */
export function skippedSummary(
  outcome: BacktestOutcome,
): Record<string, { reason: string; days: number; first: string; last: string }[]> {
  const out: Record<string, { reason: string; days: number; first: string; last: string }[]> = {};
  for (const b of outcome.run.books) {
    const by = new Map<string, { reason: string; days: number; first: string; last: string }>();
    for (const s of b.skipped) {
      const e = by.get(s.reason);
      if (e) {
        e.days++;
        e.last = s.date;
      } else by.set(s.reason, { reason: s.reason, days: 1, first: s.date, last: s.date });
    }
    out[b.name] = [...by.values()].sort((x, y) => y.days - x.days || (x.reason < y.reason ? -1 : 1));
  }
  return out;
}

export function summaryDocument(
  outcome: BacktestOutcome,
  summary: RunSummary,
  main: LoadedStrategy,
  resample: ResampleResult | null = null,
): object {
  return {
    tool: 'alvh 0.1.0',
    source: outcome.run.source,
    data: { description: outcome.run.panelDescription, fingerprint: outcome.run.dataFingerprint },
    strategy: { source: main.source, hash: main.hash, settings: main.strategy },
    books: outcome.run.books.map((b) => ({ name: b.name, title: b.title, strategy_hash: b.strategyHash })),
    notes: outcome.notes,
    summary,
    skipped: skippedSummary(outcome),
    ...(resample === null ? {} : { resample: resampleDocument(resample) }),
  };
}

export function backtestHtml(
  outcome: BacktestOutcome,
  summary: RunSummary,
  main: LoadedStrategy,
  resample: ResampleResult | null = null,
): string {
  return renderHtmlReport({
    run: outcome.run,
    summary,
    notes: outcome.notes,
    strategyText: main.text,
    strategyHash: main.hash,
    resample,
  });
}

function write(path: string, text: string, written: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  written.push(path);
}

export function writeBacktestOutputs(
  outcome: BacktestOutcome,
  summary: RunSummary,
  main: LoadedStrategy,
  opts: OutputOptions,
): { files: string[]; report: string } {
  const written: string[] = [];
  const dir = resolve(opts.outDir);
  const resample = opts.resample ?? null;
  write(
    join(dir, 'summary.json'),
    JSON.stringify(summaryDocument(outcome, summary, main, resample), null, 2) + '\n',
    written,
  );
  write(join(dir, 'equity.csv'), equityCsv(outcome.run), written);
  write(join(dir, 'ledger.csv'), ledgerCsv(outcome.run), written);
  write(join(dir, 'trades.csv'), tradesCsv(outcome.run), written);
  const report = opts.reportPath === null ? join(dir, 'report.html') : resolve(opts.reportPath);
  write(report, backtestHtml(outcome, summary, main, resample), written);
  if (opts.chartsDir !== null) written.push(...writeChartSvgs(outcome.run, opts.chartsDir));
  return { files: written, report };
}
