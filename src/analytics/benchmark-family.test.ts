import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { runBacktest } from '../engine/run-backtest.js';
import { loadCboeIndex } from '../market/loaders/cboe-index.js';
import { loadPanel } from '../market/load-panel.js';
import type { Panel } from '../market/panel.js';
import { loadStrategy } from '../strategy/load.js';
import { BENCHMARKS, type BenchmarkName } from './benchmark-family.js';
import { compareWithIndex, type BenchmarkComparison } from './benchmark.js';

// The Cboe benchmark presets against the real indices, monthly returns over each index's whole history in
// the reference data (PUT 2007-2026, BXM 2002-2026, CNDR 1990-2026), run as `alvh check benchmark` runs
// them (from the first day the book's own inputs allow). Issue 14's targets: PUT and BXM correlation at
// least 0.98, growth within 0.5 point a year, tracking error at most 2% a year; CNDR correlation at least
// 0.9, growth within 0.75 point. The bars below are the measured figures less a small margin, every target
// met since the expiring options settle on the SOQ proxy (`am_settlement: spy_open_proxy`; docs/validation.md).

let panelCache: Panel | null = null;
function compare(name: BenchmarkName): BenchmarkComparison {
  panelCache ??= loadPanel({ dataDir: sharedDataDir() });
  const def = BENCHMARKS[name];
  const { run } = runBacktest(panelCache, loadStrategy(def.preset!), [], { firstDay: 'strategy_inputs' });
  const book = run.books.find((b) => b.name === run.hedged)!;
  const file = join(sharedDataDir(), 'cboe-indices', `${def.symbol}_History.csv`);
  const index = name === 'cndr' ? panelCache.benchmarks!.cndr! : loadCboeIndex(file, def.symbol);
  return compareWithIndex(book.dates, book.equity, index);
}

test('put tracks the real Cboe PUT index, 2007-2026', (t) => {
  if (skipWithoutSharedData(t)) return;
  const c = compare('put');
  assert.ok(c.months.length >= 230, `${c.months.length} months`);
  // Measured 0.990 with the expiring puts settled on the SOQ proxy from SPY's open (0.974 on the SPX open,
  // docs/validation.md): the target 0.98 is met.
  assert.ok(c.correlation >= 0.985, `correlation ${c.correlation}`);
  // Measured -0.07 point a year (-0.41 on the SPX open): inside the target 0.5.
  assert.ok(Math.abs(c.bookCagr - c.indexCagr) <= 0.005, `growth ${c.bookCagr} vs ${c.indexCagr}`);
  // Measured 1.51% (2.46% on the SPX open): the target 2% is met.
  assert.ok(c.trackingError <= 0.0175, `tracking error ${c.trackingError}`);
  assert.ok(c.beta > 0.9 && c.beta < 1.1, `beta ${c.beta}`);
});

test('bxm tracks the real Cboe BXM index, 2002-2026', (t) => {
  if (skipWithoutSharedData(t)) return;
  const c = compare('bxm');
  assert.ok(c.months.length >= 285, `${c.months.length} months`);
  // Measured 0.990 on the SOQ proxy (0.986 on the SPX open; strikes from the day's midrange, docs/validation.md).
  assert.ok(c.correlation >= 0.985, `correlation ${c.correlation}`);
  // Measured -0.25 point a year (+0.45 on the SPX open): inside the target 0.5.
  assert.ok(Math.abs(c.bookCagr - c.indexCagr) <= 0.005, `growth ${c.bookCagr} vs ${c.indexCagr}`);
  // Measured 1.51% (1.84% on the SPX open): the target 2% is met.
  assert.ok(c.trackingError <= 0.0175, `tracking error ${c.trackingError}`);
  assert.ok(c.beta > 0.9 && c.beta < 1.1, `beta ${c.beta}`);
});

test('cndr tracks the real Cboe CNDR index from 1990, the first day of SPX and VIX', (t) => {
  if (skipWithoutSharedData(t)) return;
  const c = compare('cndr');
  assert.equal(c.months[0], '1990-02');
  assert.ok(c.months.length >= 430, `${c.months.length} months`);
  // Measured 0.927 on the SOQ proxy (0.909 on the SPX open): the target 0.9 is met.
  assert.ok(c.correlation >= 0.92, `correlation ${c.correlation}`);
  // Measured -0.66 point a year (-0.49 on the SPX open): inside the target 0.75, by 0.09.
  assert.ok(Math.abs(c.bookCagr - c.indexCagr) <= 0.0075, `growth ${c.bookCagr} vs ${c.indexCagr}`);
});
