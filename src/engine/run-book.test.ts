import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSignals } from '../signals/signal-table.js';
import { parseStrategyText } from '../strategy/load.js';
import type { Panel } from '../market/panel.js';
import { bookInvariantViolations } from './book-invariants.test-helper.js';
import { SPX_OPTION } from '../instruments/instrument.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';

const intrinsic = (isCall: boolean, strike: number, spot: number): number =>
  SPX_OPTION.payoff({ instrument: SPX_OPTION, isCall, strike, expiry: 0 }, spot);
import type { BookResult, Trade } from './result.js';
import { runBook } from './run-book.js';
import { scenarioPanel, type ScenarioSpec } from '../market/scenario-panel.test-helper.js';

const CONDOR = `
version: 1
name: test
title: test
capital: 1000000
condor:
  profit_take: PT
  stop_loss_multiple: STOP
layers: LAYERS
`;

function strategyText(opts: { profitTake?: string; stop?: string; layers?: string }): string {
  return CONDOR.replace('PT', opts.profitTake ?? 'null')
    .replace('STOP', opts.stop ?? 'null')
    .replace('LAYERS', opts.layers ?? '[]');
}

function run(text: string, spec: ScenarioSpec): { book: BookResult; panel: Panel; market: MarketContext } {
  const strategy = parseStrategyText(text, 'scenario.yaml').strategy;
  const panel = scenarioPanel(spec);
  const market = new MarketContext(panel);
  const signals = computeSignals(panel, strategy.signals);
  const book = runBook(strategy, market, signals, {
    name: 'test',
    title: 'test',
    strategyHash: 'x',
    start: 0,
    end: panel.n - 1,
    spendScale: 1,
    sizeFactor: 1,
  });
  assert.deepEqual(bookInvariantViolations(book, { market, capital: strategy.capital, start: 0 }), []);
  return { book, panel, market };
}

const flat = (level: number) => () => ({ open: level, close: level });

function rowsFor(book: BookResult, expiryIso: string): Trade[] {
  return book.ledger.filter((t) => t.instrument.includes(expiryIso));
}

test('a condor held to expiration settles on the expiration-morning open (AM), even after a gap', () => {
  const { book } = run(strategyText({}), {
    from: '2024-01-02',
    to: '2024-02-23',
    spx: (_k, iso) => (iso === '2024-02-16' ? { open: 4400, close: 4750 } : { open: 4700, close: 4700 }),
    vix: () => 13,
  });
  const rows = rowsFor(book, '2024-02-16');
  const opens = rows.filter((t) => t.reason === 'open');
  assert.equal(opens.length, 4, 'four legs opened');
  assert.equal(opens[0].date, '2024-01-02', 'entered on the first day with the expiration 40-50 days out');
  const settles = rows.filter((t) => t.reason.startsWith('expiry-settle'));
  assert.equal(settles.length, 4);
  for (const s of settles) assert.equal(s.date, '2024-02-16');
  // Hand computation from the four strikes at the 4400 open: each leg pays qty x intrinsic x 100.
  let expected = 0;
  let atClose = 0;
  for (const o of opens) {
    const [, , kind, strikeText] = o.instrument.split(' ');
    const strike = Number(strikeText);
    expected += o.quantity * intrinsic(kind === 'C', strike, 4400) * 100;
    atClose += o.quantity * intrinsic(kind === 'C', strike, 4750) * 100;
  }
  const settled = settles.reduce((s, t) => s + t.cash, 0);
  assert.ok(Math.abs(settled - expected) < 1e-6, `settlement ${settled} = hand value ${expected}`);
  assert.ok(expected < 0 && atClose === 0, 'the gap made the open, not the close, the settlement');
});

test('a stop closes the condor on the first day the marked loss reaches 2x the credit', () => {
  const { book, market, panel } = run(strategyText({ stop: '2' }), {
    from: '2024-01-02',
    to: '2024-02-16',
    spx: (k) => {
      const level = k < 5 ? 4700 : 4700 * Math.pow(0.99, k - 4);
      return { open: level, close: level };
    },
    vix: (k) => (k < 5 ? 13 : 13 + 1.5 * (k - 4)),
  });
  const rows = rowsFor(book, '2024-02-16');
  const stop = rows.filter((t) => t.reason === 'stop');
  assert.equal(stop.length, 4, 'all four legs closed by the stop');
  const opens = rows.filter((t) => t.reason === 'open');
  const units = Math.abs(opens.find((t) => t.quantity < 0)!.quantity);
  const credit = -opens.reduce((s, t) => s + t.quantity * t.price, 0) / units;
  const stopIndex = panel.dates.indexOf(stop[0].date);
  const lossOn = (i: number): number => {
    const buyback = -opens.reduce((s, t) => {
      const [, exp, kind, strike] = t.instrument.split(' ');
      void exp;
      return (
        s +
        (t.quantity / units) *
          new ModelView(market).moveTo(i).mid({
            instrument: SPX_OPTION,
            isCall: kind === 'C',
            strike: Number(strike),
            expiry: panel.days[panel.dates.indexOf('2024-02-16')],
          })
      );
    }, 0);
    return buyback - credit;
  };
  assert.ok(lossOn(stopIndex) >= 2 * credit, 'loss at the stop is at least 2x credit');
  assert.ok(lossOn(stopIndex - 1) < 2 * credit, 'the day before, it was not');
});

test('a profit take buys the condor back once it is worth half the credit', () => {
  const { book } = run(strategyText({ profitTake: '0.5' }), {
    from: '2024-01-02',
    to: '2024-02-16',
    spx: flat(4700),
    vix: () => 13,
  });
  const rows = rowsFor(book, '2024-02-16');
  const closes = rows.filter((t) => t.reason === 'profit-take');
  assert.equal(closes.length, 4);
  const opens = rows.filter((t) => t.reason === 'open');
  const units = Math.abs(opens.find((t) => t.quantity < 0)!.quantity);
  const credit = -opens.reduce((s, t) => s + t.quantity * t.modelPrice, 0) / units;
  const buybackMid = closes.reduce((s, t) => s + t.quantity * t.modelPrice, 0) / units;
  assert.ok(
    buybackMid <= 0.5 * credit + 1e-9,
    `bought back at mid ${buybackMid} <= half the credit ${credit / 2}`,
  );
  assert.ok(closes[0].date < '2024-02-16', 'before expiration');
});

test('a VIX call is bought with the condor and sold when worth 3x its cost', () => {
  const layers = `
  - name: L1
    entry_on: condor_entry
    trigger: always
    use:
      - instrument: { type: vix_call, expiry: { target_dte: 75, min_dte: 50, max_dte: 110 }, delta: 0.2 }
        sizing: { basis: condor_credit, fraction: 0.1, of: entering }
    exits: { profit_multiple: 3 }`;
  // Ends before the next condor entry (late January), so the only L1 call is the one bought on 01-02.
  const { book } = run(strategyText({ layers }), {
    from: '2024-01-02',
    to: '2024-01-24',
    spx: (k) => ({ open: k < 15 ? 4700 : 4300, close: k < 15 ? 4700 : 4300 }),
    vix: (k) => (k < 15 ? 13 : 40),
  });
  const l1 = book.ledger.filter((t) => t.sleeve === 'L1');
  const buy = l1.find((t) => t.reason === 'open')!;
  const sell = l1.find((t) => t.reason === 'profit-take')!;
  assert.ok(buy && sell, 'bought and sold');
  assert.ok(buy.instrument.startsWith('VIX ') && buy.cash < 0);
  assert.equal(sell.quantity, -buy.quantity);
  assert.ok(sell.modelPrice >= 3 * buy.price, 'sold at a mark of at least 3x cost');
  assert.ok(sell.cash > -buy.cash, 'the hedge paid');
  const pnl = book.layers.L1.mtmPnl.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(pnl - (sell.cash + buy.cash)) < 1e-6, 'layer P&L equals its cash flows once closed');
});

test('a daily layer turns on with its trigger and off after 3 days without it', () => {
  const layers = `
  - name: L2
    entry_on: daily
    trigger: vix > 25
    use:
      - instrument: { type: vix_call, expiry: { nth: 1 }, delta: 0.5 }
        sizing: { basis: equity, fraction: 0.001 }
    exits: { trigger_off_days: 3 }`;
  const { book, panel } = run(strategyText({ layers }), {
    from: '2024-01-02',
    to: '2024-02-16',
    spx: flat(4700),
    vix: (k) => (k >= 10 && k < 15 ? 30 : 20),
  });
  const l2 = book.ledger.filter((t) => t.sleeve === 'L2');
  assert.deepEqual(
    l2.map((t) => [t.date, t.reason]),
    [
      [panel.dates[10], 'open'],
      [panel.dates[17], 'trigger-off'],
    ],
  );
  const active = Array.from(book.layers.L2.active);
  assert.deepEqual(
    active.map((a, k) => (a ? k : -1)).filter((k) => k >= 0),
    [10, 11, 12, 13, 14, 15, 16],
  );
});
