// The rules the studies' readings need: spec v1.1's entry day (and v1.0's as a setting), the per-order cost
// model, and the cap on a hedge's premium at a share of the protected condor's maximum loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayToIso, isoToDay } from '../core/dates.js';
import { halfSpreadPaid } from './book.js';
import { entryDayFor } from '../strategy/condor-rules.js';
import type { ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import { condorWithVixCalls, runScenario } from './scenario-panel.test-helper.js';
import type { BookResult } from './result.js';

const FLAT: Omit<ScenarioSpec, 'from' | 'to'> = { spx: () => ({ open: 4700, close: 4700 }), vix: () => 13 };
const WINDOW = { from: '2024-01-02', to: '2024-06-28', ...FLAT };

/** Each condor opened: its entry date and calendar days to its expiration. */
const entries = (book: BookResult): [string, number][] =>
  book.ledger
    .filter(
      (t) => t.sleeve === 'core' && t.reason === 'open' && t.quantity < 0 && t.instrument.includes(' P '),
    )
    .map((t) => [t.date, isoToDay(t.instrument.split(' ')[1]) - isoToDay(t.date)]);

test('the v1.1 entry day is the trading day closest to 45 days before, the earlier on a tie', () => {
  // 2024-03-15 - 45 days = Tuesday 2024-01-30, a trading day.
  assert.equal(dayToIso(entryDayFor(isoToDay('2024-03-15'), 45)), '2024-01-30');
  // 2024-08-18 - 45 = 2024-07-04 (Independence Day): the 3rd and the 5th are equally close; the 3rd wins.
  assert.equal(dayToIso(entryDayFor(isoToDay('2024-08-18'), 45)), '2024-07-03');
  // 2024-01-01 is a holiday, 2023-12-31 a Sunday: the closest is Tuesday 2024-01-02 (1 day) over Friday (3).
  assert.equal(dayToIso(entryDayFor(isoToDay('2024-02-15'), 45)), '2024-01-02');
});

test('v1.1 enters on the day closest to 45 DTE; v1.0 (first_in_window) on the first day of the window', () => {
  const v11 = runScenario(
    condorWithVixCalls('{ profit_take: null, stop_loss_multiple: null }', 2, 0.3),
    WINDOW,
  );
  const v10 = runScenario(
    condorWithVixCalls(
      '{ profit_take: null, stop_loss_multiple: null, entry: { rule: dte_window, min: 40, max: 50, target: 45, day: first_in_window } }',
      2,
      0.3,
    ),
    WINDOW,
  );
  const a = entries(v11.book);
  const b = entries(v10.book);
  assert.ok(a.length >= 4);
  // After the first entry (the run starts inside a window), each v1.1 entry is 44-46 days out and on
  // the day entryDayFor names; v1.0 enters each expiration at 48-50 days.
  for (const [date, dte] of a.slice(1)) {
    assert.ok(dte >= 44 && dte <= 46, `${date}: ${dte} DTE`);
    assert.equal(date, dayToIso(entryDayFor(isoToDay(date) + dte, 45)));
  }
  for (const [date, dte] of b.slice(1)) assert.ok(dte >= 48 && dte <= 50, `${date}: ${dte} DTE`);
});

test('per-order slippage: each leg pays the share of the width for its order size', () => {
  const costs = {
    spxCommission: 1,
    vixCommission: 1,
    vixFutureCommission: 1.5,
    spreadPaid: 0.5,
    orderWidthPaid: [0.75, 0.66, 0.56, 0.53],
  };
  // w of the width from the bid = mid + (2w - 1) half-spreads.
  assert.equal(halfSpreadPaid(costs, 1), 0.5);
  assert.ok(Math.abs(halfSpreadPaid(costs, 2) - 0.32) < 1e-12);
  assert.ok(Math.abs(halfSpreadPaid(costs, 4) - 0.06) < 1e-12);
  assert.equal(halfSpreadPaid(costs, 9), halfSpreadPaid(costs, 4));
  assert.equal(halfSpreadPaid({ ...costs, orderWidthPaid: null }, 4), 0.5);
});

test('a condor book on per-order costs equals the per-leg book at the four-leg share', () => {
  // Condors open and close as four-leg orders: paying 0.625 of the width is 0.25 of the half-spread per leg.
  const core = '{ profit_take: 0.5, stop_loss_multiple: 2 }';
  const text = (costs: string): string => `version: 1\nname: c\ntitle: c\ncosts: ${costs}\ncondor: ${core}\n`;
  const perOrder = runScenario(
    text('{ slippage: per_order, order_width_paid: [0.75, 0.66, 0.56, 0.625] }'),
    WINDOW,
  );
  const perLeg = runScenario(text('{ spread_paid: 0.25 }'), WINDOW);
  const other = runScenario(text('{ spread_paid: 0.5 }'), WINDOW);
  assert.ok(perOrder.book.ledger.length > 8);
  assert.deepEqual(perOrder.book.equity, perLeg.book.equity);
  assert.notDeepEqual(perOrder.book.equity, other.book.equity);
});

test('the premium cap holds a hedge to its share of the protected condor maximum loss', () => {
  const layer = (cap: string): string =>
    condorWithVixCalls('{ profit_take: null, stop_loss_multiple: null }', 2, 0.3).replace(
      '    trigger: always\n',
      `    trigger: always\n    max_premium_of_condor_loss: ${cap}\n`,
    );
  const spend = (book: BookResult): number =>
    -book.ledger.filter((t) => t.sleeve === 'L1' && t.reason === 'open').reduce((s, t) => s + t.cash, 0);
  const free = runScenario(layer('null'), WINDOW).book;
  const loose = runScenario(layer('1000'), WINDOW).book;
  const none = runScenario(layer('0.0000001'), WINDOW).book;
  assert.ok(spend(free) > 0);
  assert.deepEqual(loose.equity, free.equity);
  assert.equal(none.ledger.filter((t) => t.sleeve === 'L1').length, 0);
  // A binding cap: each day's premium is at most the cap times the maximum loss of the condor opened that
  // day, rebuilt from the ledger: (widest wing - credit) x 100 x contracts.
  const capped = runScenario(layer('0.005'), WINDOW).book;
  assert.ok(spend(capped) > 0 && spend(capped) < spend(free));
  for (const date of new Set(
    capped.ledger.filter((t) => t.sleeve === 'L1' && t.reason === 'open').map((t) => t.date),
  )) {
    const legs = capped.ledger.filter((t) => t.sleeve === 'core' && t.reason === 'open' && t.date === date);
    const strike = (kind: string, sold: boolean): number =>
      Number(
        legs
          .find((t) => t.instrument.includes(` ${kind} `) && t.quantity < 0 === sold)!
          .instrument.split(' ')[3],
      );
    const units = Math.abs(legs[0].quantity);
    const credit = legs.reduce((c, t) => c - (t.quantity / units) * t.price, 0);
    const width = Math.max(strike('P', true) - strike('P', false), strike('C', false) - strike('C', true));
    const maxLoss = (width - credit) * 100 * units;
    const premium = -capped.ledger
      .filter((t) => t.sleeve === 'L1' && t.reason === 'open' && t.date === date)
      .reduce((c, t) => c + t.cash + t.cost, 0);
    assert.ok(
      premium <= 0.005 * maxLoss + 1e-6,
      `${date}: premium ${premium} over cap of ${0.005 * maxLoss}`,
    );
  }
});
