// Hand-checked scenarios: each expected number below is worked out by hand in the comments, from the strikes,
// contract counts and prints the scenario fixes (strikes and counts come from the model and are asserted
// first, so that the hand arithmetic stands on checked ground). No engine helper computes an expectation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { condorWithVixCalls, runScenario } from './scenario-panel.js';
import type { Trade } from './result.js';

const rows = (ledger: Trade[], reason: string): string[] =>
  ledger
    .filter((t) => t.reason.startsWith(reason))
    .map((t) => `${t.date} ${t.instrument} ${t.quantity} @ ${t.price} cash ${t.cash}`);

/** Settlement rows as [instrument, price, cash, reason] (-0 cash written as 0). */
const settlements = (ledger: Trade[]): (string | number)[][] =>
  ledger
    .filter((t) => t.reason.startsWith('expiry-settle'))
    .map((t) => [t.instrument, t.price, t.cash + 0, t.reason]);

const CONDOR_HELD = (extra: string): string => `
version: 1
name: held
title: held to expiration
condor:
  wings: { rule: points, points: 50 }
  profit_take: null
  stop_loss_multiple: null
${extra}
`;

test('hand-checked: an AM-settled monthly condor held to expiration settles on the expiration-morning open', () => {
  // SPX flat at 4700 (VIX 13) from 2024-01-02; on the expiration day 2024-02-16 it opens at 4450 (a gap
  // down) and closes at 4750. Entered on 2024-01-02 (45 days before 2024-02-16).
  const { book } = runScenario(CONDOR_HELD(''), {
    from: '2024-01-02',
    to: '2024-02-16',
    spx: (_k, iso) => (iso === '2024-02-16' ? { open: 4450, close: 4750 } : { open: 4700, close: 4700 }),
    vix: () => 13,
  });
  // The model's 16-delta strikes and the size: 25 condors, 4430/4480 puts, 4865/4915 calls.
  // Credit per condor at the fills: 20.722112 + 13.091964 - 16.994208 - 6.468193 = 10.351675;
  // max loss (50 - 10.351675) x 100 = 3,964.83; floor(1,000,000 x 10% / 3,964.83) = 25.
  assert.deepEqual(rows(book.ledger, 'open').slice(0, 4), [
    '2024-01-02 SPX 2024-02-16 P 4430 25 @ 16.994208 cash -42510.519826',
    '2024-01-02 SPX 2024-02-16 P 4480 -25 @ 20.722112 cash 51780.27941',
    '2024-01-02 SPX 2024-02-16 C 4865 -25 @ 13.091964 cash 32704.909631',
    '2024-01-02 SPX 2024-02-16 C 4915 25 @ 6.468193 cash -16195.482294',
  ]);
  // Settlement at the 4450 open (not the 4750 close): long 4430 put: max(4430 - 4450, 0) = 0;
  // short 4480 put: max(4480 - 4450, 0) = 30, owed on 25 contracts: -30 x 25 x 100 = -75,000;
  // both calls are below 4450's reach: 0. On the close (4750) every leg would have expired worthless.
  assert.deepEqual(settlements(book.ledger), [
    ['SPX 2024-02-16 P 4430', 0, 0, 'expiry-settle at 4450'],
    ['SPX 2024-02-16 P 4480', 30, -75000, 'expiry-settle at 4450'],
    ['SPX 2024-02-16 C 4865', 0, 0, 'expiry-settle at 4450'],
    ['SPX 2024-02-16 C 4915', 0, 0, 'expiry-settle at 4450'],
  ]);
  // Cash over the condor's life: opening cash -42,510.52 + 51,780.28 + 32,704.91 - 16,195.48 = +25,779.19
  // (the credit 25 x 100 x 10.351675 = 25,879.19 less 4 x $25 commission), then -75,000 at settlement:
  // -49,220.813079 in all: the condor's P&L (a second condor, for March, opened on 2024-01-25).
  const condorCash = book.ledger
    .filter((t) => t.instrument.includes('2024-02-16'))
    .reduce((s, t) => s + t.cash, 0);
  assert.ok(Math.abs(condorCash - -49220.813079) < 1e-5, `condor P&L ${condorCash}`);
});

test('hand-checked: a PM-settled SPXW condor settles on the expiration-day close', () => {
  // The same market, but SPXW Friday weeklies (PM): on 2024-02-16 SPX opens at 4450 and closes at 4890.
  const { book } = runScenario(CONDOR_HELD('  expirations: weekly'), {
    from: '2024-01-02',
    to: '2024-02-16',
    spx: (_k, iso) => (iso === '2024-02-16' ? { open: 4450, close: 4890 } : { open: 4700, close: 4700 }),
    vix: () => 13,
  });
  const first = book.ledger.filter((t) => t.date === '2024-01-02');
  // 25 SPXW condors 4430/4480 - 4870/4920, expiring on Friday 2024-02-16.
  assert.deepEqual(
    first.map((t) => `${t.instrument} ${t.quantity}`),
    [
      'SPXW 2024-02-16 P 4430 25',
      'SPXW 2024-02-16 P 4480 -25',
      'SPXW 2024-02-16 C 4870 -25',
      'SPXW 2024-02-16 C 4920 25',
    ],
  );
  // Settlement at the 4890 close: puts 0 (4890 is above both); short 4870 call: 4890 - 4870 = 20,
  // owed on 25 contracts: -20 x 25 x 100 = -50,000; long 4920 call: 0. The 4450 open plays no part.
  assert.deepEqual(settlements(book.ledger), [
    ['SPXW 2024-02-16 P 4430', 0, 0, 'expiry-settle at 4890'],
    ['SPXW 2024-02-16 P 4480', 0, 0, 'expiry-settle at 4890'],
    ['SPXW 2024-02-16 C 4870', 20, -50000, 'expiry-settle at 4890'],
    ['SPXW 2024-02-16 C 4920', 0, 0, 'expiry-settle at 4890'],
  ]);
});

test('hand-checked: a VIX call settles on the VIX open of its expiration morning', () => {
  // A layer buys VIX calls with the condor on 2024-01-02 at the second VIX expiration (2024-02-14) and
  // holds them. VIX closes at 13 every day but 2024-02-14, which opens at 25 (the SOQ proxy) and closes at 14.
  const { book } = runScenario(
    condorWithVixCalls('{ profit_take: null, stop_loss_multiple: null }', 2, 0.5),
    {
      from: '2024-01-02',
      to: '2024-02-14',
      spx: () => ({ open: 4700, close: 4700 }),
      vix: (_k, iso) => (iso === '2024-02-14' ? 14 : 13),
      vixOpen: (_k, iso) => (iso === '2024-02-14' ? 25 : 13),
    },
  );
  const l1 = book.ledger.filter((t) => t.sleeve === 'L1');
  // Bought: 17 calls, strike 15 (the 50-delta strike on the Feb future, 14.80), at the model mid 1.466445 plus
  // half the half-spread 0.05 x sqrt(mid) (docs/pricing.md): 1.466445 + 0.025 x 1.210969 = 1.496719, and $17
  // commission: -(17 x 100 x 1.496719) - 17 = -2,561.42.
  // Settled at the 25 open: (25 - 15) x 17 x 100 = +17,000. On the 14 close it would have been 0.
  assert.deepEqual(
    l1.map((t) => [t.date, t.instrument, t.quantity, t.price, t.cash, t.reason]),
    [
      ['2024-01-02', 'VIX 2024-02-14 C 15', 17, 1.496719, -2561.421761, 'open'],
      ['2024-02-14', 'VIX 2024-02-14 C 15', -17, 10, 17000, 'expiry-settle at 25'],
    ],
  );
  // The layer's P&L is exactly its two cash flows: 17,000 - 2,561.421761 = 14,438.578239.
  const pnl = book.layers.L1.mtmPnl.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(pnl - 14438.578239) < 1e-5, `L1 P&L ${pnl}`);
});

test('hand-checked: the engine prices a VIX option off the future of its own expiration', () => {
  // Spot VIX 13; every listed contract settles at 20 + dte / 10, so each expiration has its own future.
  // On 2024-02-12 the 2024-02-14 contract (2 days) settles at 20.2 and the 2024-03-20 one (37 days) at 23.7.
  const spec = {
    from: '2024-01-02',
    to: '2024-02-14',
    spx: () => ({ open: 4700, close: 4700 }),
    vix: () => 13,
    future: (_k: number, _vix: number, dte: number) => 20 + dte / 10,
  };
  const { market, panel } = runScenario(CONDOR_HELD(''), spec);
  const i = panel.dates.indexOf('2024-02-12');
  const feb = isoToDay('2024-02-14');
  const mar = isoToDay('2024-03-20');
  assert.equal(market.vixFuture(i, feb), 20.2);
  // Deep in the money, 1.25 days before the settlement print (2 days less the 0.75 day the SOQ comes before
  // the close): time value is nil (d2 above 10), so the call is the discounted forward less strike,
  // e^(-0.03 x 1.25 / 365) x (20.2 - 10) = 0.99989727 x 10.2 = 10.198952. On spot VIX it would be 3 x 0.9999.
  assert.ok(
    Math.abs(market.vixMid(i, true, 10, feb) - 10.198952) < 1e-6,
    String(market.vixMid(i, true, 10, feb)),
  );
  // Same strike, the March contract: its own future, 23.7: e^(-0.03 x 36.25 / 365) x (23.7 - 10) less
  // nothing but a tiny time value: at least 0.997025 x 13.7 = 13.659.
  assert.ok(market.vixMid(i, true, 10, mar) > 13.659);
  // Move spot VIX and every other contract: the February price does not move. Move the February
  // contract by one point: the deep call moves by the discounted point, 0.999897.
  const moved = runScenario(CONDOR_HELD(''), {
    ...spec,
    vix: () => 30,
    future: (_k: number, _vix: number, dte: number) => (dte === 2 ? 20.2 : 40 + dte),
  });
  assert.equal(moved.market.vixMid(i, true, 10, feb), market.vixMid(i, true, 10, feb));
  assert.equal(moved.market.vixMid(i, true, 21, feb), market.vixMid(i, true, 21, feb));
  const shifted = runScenario(CONDOR_HELD(''), {
    ...spec,
    future: (_k: number, _vix: number, dte: number) => 20 + dte / 10 + (dte === 2 ? 1 : 0),
  });
  const step = shifted.market.vixMid(i, true, 10, feb) - market.vixMid(i, true, 10, feb);
  assert.ok(Math.abs(step - 0.999897) < 1e-6, `one point on the February future moves the call ${step}`);
});

test('the engine buys VIX calls at the price and strike of their own expiration future, whatever spot VIX is', () => {
  // A layer buys 50-delta calls at the second VIX expiration (2024-02-14, 43 days out on 2024-01-02).
  // Market A: spot VIX 13, contracts at 20 + dte / 10 (February: 24.3). Market B: spot VIX 30 and every
  // other contract at 40 + dte, February still 24.3. Market C: as A with February at 26.3.
  const text = `
version: 1
name: vix-buy
title: VIX call bought
condor: { profit_take: null, stop_loss_multiple: null }
layers:
  - name: L1
    entry_on: condor_entry
    trigger: always
    use:
      - instrument: { type: vix_call, expiry: { nth: 2 }, delta: 0.5 }
        sizing: { basis: equity, fraction: 0.001 }
`;
  const base = { from: '2024-01-02', to: '2024-01-05', spx: () => ({ open: 4700, close: 4700 }) };
  const bought = (vix: number, future: (dte: number) => number): Trade =>
    runScenario(text, { ...base, vix: () => vix, future: (_k, _v, dte) => future(dte) }).book.ledger.find(
      (t) => t.sleeve === 'L1' && t.date === '2024-01-02',
    )!;
  const a = bought(13, (dte) => 20 + dte / 10);
  const b = bought(30, (dte) => (dte === 43 ? 24.3 : 40 + dte));
  const c = bought(13, (dte) => 20 + dte / 10 + (dte === 43 ? 2 : 0));
  // The 50-delta strike sits just above the February future (an at-the-money call's delta is above one
  // half): 25 on 24.3 (A and B), 27 on 26.3 (C).
  assert.equal(a.instrument, 'VIX 2024-02-14 C 25');
  assert.equal(b.instrument, a.instrument);
  assert.equal(b.modelPrice, a.modelPrice, 'spot VIX and the other contracts do not price it');
  assert.equal(c.instrument, 'VIX 2024-02-14 C 27');
});
