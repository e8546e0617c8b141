import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { runBacktest } from '../engine/run-backtest.js';
import { loadPanel } from '../market/load-panel.js';
import { loadStrategy } from '../strategy/load.js';
import { compareWithIndex } from './benchmark.js';

// An independent check of the whole engine (smile, fills, settlement, interest): a book built to Cboe's CNDR
// rules, on real 2007-2026 data, against the real CNDR index that Cboe published for the same months.
test('the cndr preset tracks the real Cboe CNDR index, month by month, 2007-2026', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const { run } = runBacktest(panel, loadStrategy('cndr'), []);
  const book = run.books.find((b) => b.name === run.hedged)!;
  const c = compareWithIndex(book.dates, book.equity, panel.benchmarks!.cndr!);
  assert.ok(c.months.length >= 230, `${c.months.length} months`);
  assert.ok(c.correlation > 0.85, `correlation of monthly returns ${c.correlation}`);
  assert.ok(c.beta > 0.7 && c.beta < 1.3, `beta ${c.beta}`);
  assert.ok(
    c.bookVol / c.indexVol > 0.75 && c.bookVol / c.indexVol < 1.33,
    `vol ${c.bookVol} vs ${c.indexVol}`,
  );
  assert.ok(Math.abs(c.bookCagr - c.indexCagr) < 0.015, `growth ${c.bookCagr} vs ${c.indexCagr} a year`);
  assert.ok(c.trackingError < 0.04, `tracking error ${c.trackingError}`);
});
