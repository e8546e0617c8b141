// VIX futures in a layer on real data (alvh-vx-futures): one round trip checked by hand against the CFE
// settlement file and Cboe's VIX opens, and the variation margin summing to the futures' trade P&L.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadPanel } from '../market/load-panel.js';
import { loadStrategy, parseStrategyText } from '../strategy/load.js';
import { bookInvariantViolations } from './book-invariants.test-helper.js';
import { MarketContext } from '../view/market-context.js';
import { runBacktest } from './run-backtest.js';
import type { Trade } from './result.js';

/** Settlements by contract expiration and trade date, read straight from the cleaned CFE file. */
function settlements(): Map<string, Map<string, number>> {
  const text = readFileSync(
    join(sharedDataDir(), 'vix-futures', 'vx_contracts_daily_2004_2015_clean.csv'),
    'utf8',
  );
  const lines = text.trim().split('\n');
  const h = lines[0].split(',');
  const [cDate, cLast, cSettle] = ['trade_date', 'last_date_with_settle', 'settle'].map((n) => h.indexOf(n));
  const out = new Map<string, Map<string, number>>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    if (!out.has(f[cLast])) out.set(f[cLast], new Map());
    out.get(f[cLast])!.set(f[cDate], Number(f[cSettle]));
  }
  return out;
}

function vixOpens(): Map<string, number> {
  const lines = readFileSync(join(sharedDataDir(), 'vix', 'vix_daily_cboe.csv'), 'utf8')
    .trim()
    .split('\n');
  return new Map(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])] as const));
}

function runVx(from: string, to: string): { ledger: Trade[]; layerFlow: number; violations: string[] } {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const { run } = runBacktest(panel, loadStrategy('alvh-vx-futures'), [], { from, to });
  const book = run.books.find((b) => b.name === run.hedged)!;
  const start = panel.dates.indexOf(run.from);
  const market = new MarketContext(panel);
  const violations = bookInvariantViolations(book, { market, capital: 1_000_000, start }).slice(0, 3);
  return { ledger: book.ledger, layerFlow: book.layers.L1.cashFlow.reduce((s, v) => s + v, 0), violations };
}

test('real data: a VX round trip by hand (fill = settle + half of the half tick, VM = change of settle x 1000 x qty, final = VIX open)', (t) => {
  if (skipWithoutSharedData(t)) return;
  const { ledger } = runVx('2007-01-02', '2007-03-30');
  const settle = settlements();
  const opens = vixOpens();
  // The first VX leg the book opened, followed to its final settlement.
  const open = ledger.find((r) => r.instrument.startsWith('VX ') && r.reason === 'open')!;
  const expiry = open.instrument.slice(3);
  const rows = ledger.filter((r) => r.instrument === open.instrument && r.date >= open.date);
  const final = rows.findIndex((r) => r.reason.startsWith('expiry-settle'));
  assert.ok(final > 0, `${open.instrument} reaches its final settlement in the window`);
  const trip = rows.slice(0, final + 1);
  assert.ok(
    trip.slice(1, -1).every((r) => r.reason.startsWith('variation margin')),
    'only VM between',
  );
  const curve = settle.get(expiry)!;
  const qty = open.quantity;
  // Entry: the day's settlement plus spread_paid (0.5) of the 0.025 half-spread, and $1.50 a contract.
  assert.ok(Math.abs(open.price - (curve.get(open.date)! + 0.5 * 0.025)) < 1e-9, 'entry fill');
  assert.ok(Math.abs(open.cost - 1.5 * qty) < 1e-9);
  assert.ok(Math.abs(open.cash - (-qty * 0.5 * 0.025 * 1000 - 1.5 * qty)) < 1e-6, 'entry cash');
  let prev = curve.get(open.date)!;
  for (const r of trip.slice(1, -1)) {
    const s = curve.get(r.date)!;
    assert.ok(Math.abs(r.cash - qty * (s - prev) * 1000) < 1e-4, `VM on ${r.date}`);
    prev = s;
  }
  const last = trip[trip.length - 1];
  assert.equal(last.date, expiry);
  assert.ok(Math.abs(last.price - opens.get(expiry)!) < 1e-9, 'final settlement on the VIX open');
  assert.ok(Math.abs(last.cash - qty * (opens.get(expiry)! - prev) * 1000) < 1e-4, 'final VM');
  // The whole trip's cash is the trade P&L: (final - fill) x 1000 x qty less the commission.
  const total = trip.reduce((s, r) => s + r.cash, 0);
  assert.ok(Math.abs(total - (qty * (opens.get(expiry)! - open.price) * 1000 - open.cost)) < 1e-3);
});

test('real data: the VX rows of two years of alvh-vx-futures sum to the futures trade P&L; the books keep their identities', (t) => {
  if (skipWithoutSharedData(t)) return;
  const { ledger, layerFlow, violations } = runVx('2008-01-02', '2009-12-31');
  assert.deepEqual(violations, []);
  const vx = ledger.filter((r) => r.instrument.startsWith('VX '));
  const byLabel = new Map<string, { cash: number; trades: number; open: number }>();
  for (const r of vx) {
    const e = byLabel.get(r.instrument) ?? { cash: 0, trades: 0, open: 0 };
    e.cash += r.cash;
    // Premium-style accounting of the same trades: pay the fill (or the print) for each contract, less costs.
    e.trades += -r.quantity * r.price * 1000 - r.cost;
    e.open -= r.quantity;
    byLabel.set(r.instrument, e);
  }
  let closed = 0;
  for (const [label, e] of byLabel) {
    if (Math.abs(e.open) > 1e-9) continue; // still open at the end of the window
    closed++;
    assert.ok(Math.abs(e.cash - e.trades) < 0.01, `${label}: VM ${e.cash} vs trades ${e.trades}`);
  }
  assert.ok(closed >= 10, `${closed} VX series closed`);
  assert.ok(vx.filter((r) => r.reason.startsWith('variation margin')).length > 100);
  // The layer's daily cash flows are its ledger's (VM included).
  const l1 = ledger.filter((r) => r.sleeve === 'L1').reduce((s, r) => s + r.cash, 0);
  assert.ok(Math.abs(l1 - layerFlow) < 1, `${l1} vs ${layerFlow}`);
});

test('real data: a vix_futures_index layer rolls daily in the engine, its legs front and second month', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const strategy = parseStrategyText(
    `
version: 1
name: cm-probe
title: cm probe
layers:
  - name: VXCM
    entry_on: daily
    trigger: always
    use:
      - instrument: { type: vix_futures_index, side: short }
        sizing: { basis: equity, fraction: 0.1 }
`,
    'cm-probe.yaml',
  );
  const { run } = runBacktest(panel, strategy, [], { from: '2012-01-03', to: '2012-04-30' });
  const book = run.books.find((b) => b.name === run.hedged)!;
  const start = panel.dates.indexOf(run.from);
  assert.deepEqual(
    bookInvariantViolations(book, { market: new MarketContext(panel), capital: 1_000_000, start }),
    [],
  );
  const rows = book.ledger.filter((r) => r.sleeve === 'VXCM');
  const rollDays = new Set(rows.filter((r) => r.reason === 'daily roll').map((r) => r.date));
  // One open, then a roll on (nearly) every trading day: the front share falls by 1/dt a day.
  assert.ok(rollDays.size > 70, `${rollDays.size} roll days`);
  // Short: the opening fills sell; a short 30-day VX position earned the 2012 roll-down.
  const opens = rows.filter((r) => r.reason === 'open');
  assert.ok(opens.length >= 1 && opens.every((r) => r.quantity < 0));
  assert.ok(book.equity[book.equity.length - 1] > book.equity[0] - 1e5);
  const labels = new Set(rows.map((r) => r.instrument));
  for (const l of ['VX 2012-02-15', 'VX 2012-03-21', 'VX 2012-04-18', 'VX 2012-05-16'])
    assert.ok(labels.has(l), l);
});
