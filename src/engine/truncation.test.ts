// Causality, checked rather than assumed: a book run on the data cut at day c (signals recomputed from the
// cut data, a fresh model market) has the same ledger and equity up to c as the full run, at many random
// cuts, on the reference data and on random markets with every layer of the ALVH preset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { Rng } from '../core/random.js';
import { existsSync } from 'node:fs';
import { loadPanel } from '../market/load-panel.js';
import type { Panel } from '../market/panel.js';
import { computeSignals } from '../signals/signal-table.js';
import { loadStrategy } from '../strategy/load.js';
import type { Strategy } from '../strategy/schema.js';
import { MarketContext } from '../view/market-context.js';
import { panelPrefix } from '../market/panel-prefix.test-helper.js';
import type { BookResult } from './result.js';
import { firstTradableIndex } from './run-backtest.js';
import { runBook } from './run-book.js';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';

function bookOn(panel: Panel, strategy: Strategy, start: number): BookResult {
  const signals = computeSignals(panel, strategy.signals);
  return runBook(strategy, new MarketContext(panel), signals, {
    name: strategy.name,
    title: strategy.title,
    strategyHash: 'cut',
    start,
    end: panel.n - 1,
    spendScale: 1,
    sizeFactor: 1,
  });
}

/** Runs on `cuts` random prefixes and compares each with the full run up to its last day. */
function checkCuts(panel: Panel, strategy: Strategy, cuts: number, seed: number): number {
  const signals = computeSignals(panel, strategy.signals);
  const start = firstTradableIndex(panel, signals);
  assert.ok(start >= 0);
  const full = bookOn(panel, strategy, start);
  const rng = new Rng(seed);
  let rows = 0;
  for (let k = 0; k < cuts; k++) {
    const n = start + 1 + Math.floor(rng.uniform() * (panel.n - start - 1));
    const cut = bookOn(panelPrefix(panel, n), strategy, start);
    const last = panel.dates[n - 1];
    const want = full.ledger.filter((t) => t.date <= last);
    assert.deepEqual(cut.ledger, want, `ledger up to the cut at ${last}`);
    assert.deepEqual(
      Array.from(cut.equity),
      Array.from(full.equity.subarray(0, n - start)),
      `equity to ${last}`,
    );
    rows += want.length;
  }
  return rows;
}

const noData = existsSync(sharedDataDir()) ? false : `no reference data at ${sharedDataDir()}`;

test(
  'reference data: ALVH cut at 12 random days trades exactly as the full run up to each cut',
  { skip: noData },
  () => {
    const rows = checkCuts(
      loadPanel({ dataDir: sharedDataDir() }),
      loadStrategy('alvh').strategy,
      12,
      20260101,
    );
    assert.ok(rows > 1000, `${rows} ledger rows compared`);
  },
);

test('random markets: every ALVH layer, cut at 20 random days, trades as the full run up to each cut', () => {
  const rng = new Rng(7);
  let s = 4000;
  let v = 15;
  const spx: { open: number; close: number }[] = [];
  const vix: number[] = [];
  for (let k = 0; k < 500; k++) {
    const jump = rng.uniform() < 0.03 ? -0.05 : 0;
    const open = s * Math.exp(0.004 * rng.normal() + jump / 2);
    s = open * Math.exp((v / 100 / Math.sqrt(252)) * rng.normal() + jump / 2);
    v = Math.min(70, Math.max(9, v + 0.08 * (17 - v) + 1.5 * rng.normal() - 50 * jump));
    spx.push({ open, close: s });
    vix.push(v);
  }
  const panel = scenarioPanel({
    from: '2022-06-01',
    to: '2024-04-30',
    spx: (k) => spx[k],
    vix: (k) => vix[k],
    future: (k, spot, dte) => spot + (spot < 20 ? 1.2 : -1.5) * Math.sqrt(dte / 30),
    breadth: (k) => ({ advances: 1500 + ((k * 37) % 400), declines: 1400 + ((k * 53) % 500) }),
    fomcDays: [30, 75, 120, 170, 215, 260, 300, 350, 400],
  });
  const rows = checkCuts(panel, loadStrategy('alvh').strategy, 20, 11);
  assert.ok(rows > 100, `${rows} ledger rows compared`);
});
