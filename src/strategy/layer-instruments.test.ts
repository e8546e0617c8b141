// Layer instruments planned on a day's model view: the VIX call butterfly's legs, and its price inside the
// bounds no-arbitrage sets for any model (above 0, below the wing and below its long call alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import { LayerInstrumentSchema } from './layer-instrument-schemas.js';
import { planUnit } from './layer-instruments.js';

const panel = scenarioPanel({
  from: '2024-01-02',
  to: '2024-03-29',
  spx: () => ({ open: 4700, close: 4700 }),
  vix: (k) => 14 + k / 10,
});
const view = new ModelView(new MarketContext(panel)).moveTo(panel.dates.indexOf('2024-02-01'));
const butterfly = LayerInstrumentSchema.parse({
  type: 'vix_call_butterfly',
  expiry: { nth: 2, min_dte: 7 },
  long_delta: 0.5,
  wing: 3,
});

test('vix_call_butterfly: +1 / -2 / +1 calls one wing apart on one expiration, the low strike at the delta', () => {
  const plan = planUnit(view, butterfly, { condor: null, calendarOn: false });
  assert.ok(typeof plan !== 'string', String(plan));
  const [low, mid, high] = plan.legs;
  assert.deepEqual(
    plan.legs.map((l) => [l.isCall, l.qty, l.expiry]),
    [
      [true, 1, low.expiry],
      [true, -2, low.expiry],
      [true, 1, low.expiry],
    ],
  );
  assert.deepEqual([mid.strike - low.strike, high.strike - mid.strike], [3, 3]);
  assert.ok(Math.abs(view.absDelta(low) - 0.5) < 0.06, `delta ${view.absDelta(low)}`);
});

test('vix_call_butterfly: its model price lies inside the no-arbitrage bounds at every delta and wing', () => {
  for (const long_delta of [0.3, 0.5, 0.7])
    for (const wing of [1, 2, 5]) {
      const spec = LayerInstrumentSchema.parse({ ...butterfly, long_delta, wing });
      const plan = planUnit(view, spec, { condor: null, calendarOn: false });
      assert.ok(typeof plan !== 'string', String(plan));
      const value = plan.legs.reduce((sum, l) => sum + l.qty * view.mid(l), 0);
      assert.ok(value > 0, `positive: ${value}`);
      assert.ok(value < wing, `below the wing ${wing}: ${value}`);
      assert.ok(value < view.mid(plan.legs[0]), 'cheaper than its long call alone');
    }
});

test('vix_call_butterfly: the wing is whole VIX points, and the keys are checked', () => {
  assert.equal(LayerInstrumentSchema.safeParse({ ...butterfly, wing: 2.5 }).success, false);
  assert.equal(LayerInstrumentSchema.safeParse({ ...butterfly, width: 2 }).success, false);
});
