// Core legs: strikes by each rule on a day's view, and collateral checked by hand: the worst loss of
// defined-risk structures, the debit of bought ones, Reg-T for a strangle and for a short put.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPX_INDEX, SPX_OPTION } from '../instruments/instrument.js';
import type { LegSpec } from '../instruments/leg.js';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import { CoreLeg } from './core-legs-schema.js';
import { collateralPoints, planLegs } from './core-legs.js';

const option = (isCall: boolean, strike: number, qty: number): LegSpec => ({
  instrument: SPX_OPTION,
  isCall,
  strike,
  expiry: 20000,
  qty,
});
const index = (qty: number): LegSpec => ({
  instrument: SPX_INDEX,
  isCall: false,
  strike: 0,
  expiry: 20000,
  qty,
});
const noMid = (): number => NaN;

test('defined risk: a condor holds its wider wing less the credit; a buy-write the index less the call', () => {
  const condor = [
    option(false, 4400, 1),
    option(false, 4450, -1),
    option(true, 4800, -1),
    option(true, 4860, 1),
  ];
  assert.equal(collateralPoints(condor, -12, 4600, noMid, false), 60 - 12);
  // Long the index at 4600, short the 4700 call for 30: the most it can lose is what it paid, 4570.
  assert.equal(collateralPoints([index(1), option(true, 4700, -1)], 4600 - 30, 4600, noMid, false), 4570);
  // A protective put pays 4600 + 40 in cash, though the put caps the loss at 4600 + 40 - 4370.
  assert.equal(collateralPoints([index(1), option(false, 4370, 1)], 4640, 4600, noMid, false), 4640);
  // A cash-secured put: its strike less the premium.
  assert.equal(collateralPoints([option(false, 4600, -1)], -80, 4600, noMid, false), 4520);
});

test('Reg-T: a strangle holds the larger side plus the other side premium; a short put on request', () => {
  const mids = new Map([
    [4300, 20],
    [4900, 15],
  ]);
  const mid = (leg: LegSpec): number => mids.get(leg.strike)!;
  // Spot 4600. Put side: max(0.15 x 4600 - 300, 0.10 x 4300) + 20 = max(390, 430) + 20 = 450.
  // Call side: max(0.15 x 4600 - 300, 0.10 x 4600) + 15 = max(390, 460) + 15 = 475. 475 + the put's 20.
  const strangle = [option(false, 4300, -1), option(true, 4900, -1)];
  assert.equal(collateralPoints(strangle, -35, 4600, mid, false), 495);
  assert.equal(collateralPoints([option(false, 4300, -2)], -40, 4600, mid, true), 900);
  // A naked call is undefined risk: Reg-T whatever the setting.
  assert.equal(collateralPoints([option(true, 4900, -1)], -15, 4600, mid, false), 475);
});

test('strikes: by delta, by % of spot, by points from another leg and by premium', () => {
  const panel = scenarioPanel({
    from: '2024-01-02',
    to: '2024-01-31',
    spx: () => ({ open: 4700, close: 4700 }),
    vix: () => 15,
  });
  const view = new ModelView(new MarketContext(panel)).moveTo(5);
  const expiry = view.spxMonthlyAfter(view.day + 20);
  const legs = [
    { name: 'sp', right: 'put', side: 'short', strike: { delta: 0.2 } },
    { right: 'put', side: 'long', ratio: 2, strike: { from: 'sp', points: -75 } },
    { right: 'call', side: 'short', strike: { percent_of_spot: 1.02 } },
    { right: 'call', side: 'long', strike: { premium: 3 } },
  ].map((l) => CoreLeg.parse(l));
  const plan = planLegs(view, legs, { lots: 1 }, SPX_OPTION, expiry, 5);
  assert.ok(typeof plan !== 'string');
  const [sp, lp, sc, lc, idx] = plan.legs;
  assert.equal(sp.strike, view.strikeForDelta(SPX_OPTION, false, 0.2, expiry, 5));
  assert.deepEqual([lp.strike, lp.qty], [sp.strike - 75, 2]);
  assert.deepEqual([sc.strike, sc.qty], [4795, -1]);
  // The premium rule's strike is the grid strike whose mid is nearest 3: its neighbours are farther.
  const gap = (k: number): number => Math.abs(view.mid({ ...lc, strike: k }) - 3);
  assert.ok(gap(lc.strike) <= gap(lc.strike - 5) && gap(lc.strike) <= gap(lc.strike + 5), `${lc.strike}`);
  assert.deepEqual([idx.instrument, idx.qty], [SPX_INDEX, 1]);
  assert.equal(plan.width, Math.max(75, lc.strike - sc.strike));
});

test('% of spot rounds to the nearest strike, or to the first strike at or above, or at or below', () => {
  // Spot 4702.5: 4700 is nearest, 4705 the first listed strike above (BXM's call), 4700 the first below
  // (PUT's put); 95% of spot = 4467.375: 4465 nearest, 4470 up, 4465 down.
  const panel = scenarioPanel({
    from: '2024-01-02',
    to: '2024-01-31',
    spx: () => ({ open: 4702.5, close: 4702.5 }),
    vix: () => 15,
  });
  const view = new ModelView(new MarketContext(panel)).moveTo(5);
  const expiry = view.spxMonthlyAfter(view.day + 20);
  const strikeOf = (percent: number, round?: string): number => {
    const leg = CoreLeg.parse({ right: 'put', side: 'short', strike: { percent_of_spot: percent, round } });
    const plan = planLegs(view, [leg], null, SPX_OPTION, expiry, 5);
    assert.ok(typeof plan !== 'string');
    return plan.legs[0].strike;
  };
  assert.deepEqual(
    [strikeOf(1), strikeOf(1, 'up'), strikeOf(1, 'down')],
    [4705, 4705, 4700], // Math.round takes the half up: 4702.5 / 5 = 940.5 -> 941
  );
  assert.deepEqual([strikeOf(0.95), strikeOf(0.95, 'up'), strikeOf(0.95, 'down')], [4465, 4470, 4465]);
  // On the grid all three agree.
  const onGrid = scenarioPanel({
    from: '2024-01-02',
    to: '2024-01-31',
    spx: () => ({ open: 4700, close: 4700 }),
    vix: () => 15,
  });
  const v2 = new ModelView(new MarketContext(onGrid)).moveTo(5);
  for (const round of ['nearest', 'up', 'down']) {
    const leg = CoreLeg.parse({ right: 'call', side: 'short', strike: { percent_of_spot: 1, round } });
    const plan = planLegs(v2, [leg], null, SPX_OPTION, v2.spxMonthlyAfter(v2.day + 20), 5);
    assert.ok(typeof plan !== 'string');
    assert.equal(plan.legs[0].strike, 4700, round);
  }
});

test('% of spot from the day range: the midpoint of high and low, the close where the range is missing', () => {
  // Open 4600, close 4800: the scenario's range is the two, so its midpoint is 4700.
  const panel = scenarioPanel({
    from: '2024-01-02',
    to: '2024-01-31',
    spx: () => ({ open: 4600, close: 4800 }),
    vix: () => 15,
  });
  const view = new ModelView(new MarketContext(panel)).moveTo(5);
  const expiry = view.spxMonthlyAfter(view.day + 20);
  const strikeOf = (spot?: string): number => {
    const leg = CoreLeg.parse({
      right: 'put',
      side: 'short',
      strike: { percent_of_spot: 0.95, round: 'down', spot },
    });
    const plan = planLegs(view, [leg], null, SPX_OPTION, expiry, 5);
    assert.ok(typeof plan !== 'string');
    return plan.legs[0].strike;
  };
  // 0.95 x 4700 = 4465; 0.95 x 4800 = 4560.
  assert.deepEqual([strikeOf('midrange'), strikeOf('close'), strikeOf()], [4465, 4560, 4560]);
  panel.series.spxHigh[5] = NaN;
  assert.equal(strikeOf('midrange'), 4560);
  assert.throws(() =>
    CoreLeg.parse({ right: 'put', side: 'short', strike: { percent_of_spot: 1, spot: 'open' } }),
  );
});
