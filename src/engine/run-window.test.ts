import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadPanel } from '../market/load-panel.js';
import { computeSignals } from '../signals/signal-table.js';
import { loadStrategy } from '../strategy/load.js';
import { needsVixComplex, runWindow } from './run-backtest.js';

// The first tradable day follows what the books use: a core book without layers needs SPX and VIX only
// (its options are priced on the smile), a book with layers VVIX, two VIX futures and warmed-up signals.

test('needsVixComplex: layers, dates.first_day and the caller override decide, across the run books', () => {
  const put = loadStrategy('put').strategy;
  const cndr = loadStrategy('cndr').strategy; // first_day: all_inputs
  const alvh = loadStrategy('alvh').strategy;
  assert.equal(needsVixComplex([put]), false);
  assert.equal(needsVixComplex([alvh]), true);
  assert.equal(needsVixComplex([cndr]), true);
  assert.equal(needsVixComplex([cndr], 'strategy_inputs'), false);
  assert.equal(needsVixComplex([put], 'all_inputs'), true);
  // A baseline with layers beside a core-only main book: the run's books share one window.
  assert.equal(needsVixComplex([put, alvh]), true);
  // Layers read the VIX complex whatever the override.
  assert.equal(needsVixComplex([alvh], 'strategy_inputs'), true);
});

test('on the reference data a core-only book starts in 1990, the ALVH on 2007-01-03', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const first = (name: string, firstDay?: 'strategy_inputs' | 'all_inputs'): string => {
    const s = loadStrategy(name).strategy;
    return panel.dates[runWindow(panel, computeSignals(panel, s.signals), s, { firstDay }).start];
  };
  // The first day of the SPX file that has a VIX close too.
  assert.equal(first('put'), '1990-01-02');
  assert.equal(first('pput'), '1990-01-02');
  // The first day with VVIX and two VIX futures (issue 15: real-data runs start there).
  assert.equal(first('alvh'), '2007-01-03');
  assert.equal(first('cndr'), '2007-01-03');
  assert.equal(first('cndr', 'strategy_inputs'), '1990-01-02');
  const vvixStart = panel.series.vvixClose.findIndex((v) => Number.isFinite(v));
  assert.ok(panel.dates[vvixStart] <= '2007-01-03');
});
