// Regression expectations on the reference data (test-only): the default backtest's golden fingerprint
// (each book's ledger, equity and skipped days, the summary) and each preset's headline statistics.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { packageRoot, sharedDataDir } from '../core/paths.js';
import { runBacktest } from '../engine/run-backtest.js';
import type { BookResult } from '../engine/result.js';
import { loadPanel } from '../market/load-panel.js';
import type { Panel } from '../market/panel.js';
import { loadStrategy, PRESET_NAMES } from '../strategy/load.js';
import { reportedHedgeCost } from './spend-match.js';
import { summarizeRun, type RunSummary } from './summary.js';

/** Why the reference-data tests cannot run here, or null when `../shared/data` is present. */
export function referenceDataMissing(): string | null {
  return existsSync(sharedDataDir()) ? null : `no reference data at ${sharedDataDir()} (../shared/data)`;
}

export const GOLDEN_PATH = resolve(packageRoot(), 'test', 'golden', 'backtest-default.json');
export const expectedPresetPath = (name: string): string =>
  resolve(packageRoot(), 'presets', 'expected', `${name}.json`);

/**
 * The ledger fields the golden fingerprint covers, by name: columns added later (a position id) leave the
 * fingerprint as it is; a change of any of these values moves it.
 */
const LEDGER_FIELDS = [
  'date',
  'sleeve',
  'instrument',
  'quantity',
  'price',
  'modelPrice',
  'cost',
  'cash',
  'reason',
] as const;

/** JSON with object keys sorted, so the hash depends on the values only. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) {
      return ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v;
    }
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

const sha = (text: string): string => sha256Hex(text);

export interface BookFingerprint {
  ledgerRows: number;
  ledger: string;
  equity: string;
  skipped: string;
  endEquity: number;
}

export function bookFingerprint(book: BookResult): BookFingerprint {
  const rows = book.ledger.map((t) => LEDGER_FIELDS.map((f) => String(t[f])).join('\t')).join('\n');
  return {
    ledgerRows: book.ledger.length,
    ledger: sha(rows),
    // Exact doubles: the refactors promise byte-identical results, not close ones.
    equity: sha(Array.from(book.equity, String).join('\n')),
    skipped: sha(book.skipped.map((s) => `${s.date}\t${s.reason}`).join('\n')),
    endEquity: book.equity[book.equity.length - 1],
  };
}

/** Headline figures of one book in a summary (shown beside the hashes, so a moved golden says what moved). */
function headline(summary: RunSummary, name: string): Record<string, number | null> {
  const b = summary.books.find((x) => x.name === name);
  if (b === undefined) return {};
  return { cagr: b.cagr, maxDrawdown: b.maxDrawdown.depth, sharpe: b.sharpe, endEquity: b.endEquity };
}

export interface Golden {
  run: string;
  books: Record<string, BookFingerprint & { headline: Record<string, number | null> }>;
  claims: Record<string, number | null>;
  summary: string;
}

let panelCache: Panel | null = null;
function referencePanel(): Panel {
  panelCache ??= loadPanel({ dataDir: sharedDataDir() });
  return panelCache;
}

/** The default `alvh backtest --data ../shared/data` run: ALVH with its three baselines, spend-matched. */
export function goldenOfDefaultRun(): Golden {
  const outcome = runBacktest(
    referencePanel(),
    loadStrategy('alvh'),
    ['vxth', 'put-spread', 'size-cut'].map((b) => loadStrategy(b)),
    { hedgeCost: reportedHedgeCost },
  );
  const summary = summarizeRun(outcome.run);
  const books: Golden['books'] = {};
  for (const b of outcome.run.books)
    books[b.name] = { ...bookFingerprint(b), headline: headline(summary, b.name) };
  return {
    run: `${outcome.run.from}..${outcome.run.to}`,
    books,
    claims: Object.fromEntries(summary.claims.map((c) => [c.id, c.measured])),
    summary: sha(canonicalJson(summary)),
  };
}

export interface PresetExpectation {
  preset: string;
  run: string;
  cagr: number | null;
  maxDrawdown: number | null;
  /** Fills, settlements and worthless expiries in the preset's own book's ledger. */
  trades: number;
  claims: Record<string, number | null>;
}

/** A preset run on its own (beside its unhedged twin, no baselines) on the reference data. */
export function presetExpectation(name: string): PresetExpectation {
  const outcome = runBacktest(referencePanel(), loadStrategy(name), [], { hedgeCost: reportedHedgeCost });
  const summary = summarizeRun(outcome.run);
  const main = outcome.run.books.find((b) => b.name === outcome.run.hedged)!;
  const stats = summary.books.find((b) => b.name === main.name)!;
  return {
    preset: name,
    run: `${outcome.run.from}..${outcome.run.to}`,
    cagr: stats.cagr,
    maxDrawdown: stats.maxDrawdown.depth,
    trades: main.ledger.length,
    claims: Object.fromEntries(summary.claims.map((c) => [c.id, c.measured])),
  };
}

export const EXPECTED_PRESETS: readonly string[] = PRESET_NAMES;

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
