import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import { spxWeeklyExpirationsBetween } from '../market/expirations.js';
import { Rng } from '../core/random.js';
import { SPX_OPTION, SPXW_OPTION, VIX_OPTION } from '../instruments/instrument.js';
import type { Leg } from '../instruments/leg.js';
import { MarketContext } from './market-context.js';
import { ModelView } from './model-view.js';

const panel = scenarioPanel({
  from: '2022-01-03',
  to: '2022-12-30',
  spx: (k) => ({ open: 4700 - 2 * k, close: 4700 - 2 * k + (k % 5) }),
  vix: (k) => 16 + (k % 11),
});

/**
 * Held legs are marked from a per-series array shared by every book of a study, and deltas are kept like
 * mids: every answer must be the one a market that keeps nothing computes, whichever book asks first, on
 * whichever day (a later book may hold a series from an earlier day than the first did).
 */
test('marks of held legs and kept deltas equal what a market that keeps nothing computes', () => {
  const kept = new MarketContext(panel, { keepSmiles: true });
  const fresh = new MarketContext(panel);
  const rng = new Rng(11);
  const legs: { leg: Leg; from: number }[] = [];
  for (let k = 0; k < 40; k++) {
    const from = Math.floor(rng.uniform() * 150);
    const instrument = [SPX_OPTION, SPXW_OPTION, VIX_OPTION][k % 3];
    const vix = instrument === VIX_OPTION;
    const leg: Leg = {
      instrument,
      isCall: k % 2 === 0,
      strike: vix ? 15 + (k % 4) * 2.5 : 4300 + 25 * (k % 9),
      expiry: panel.days[from] + 20 + (k % 5) * 14,
      qty: 1,
      lastMark: NaN,
      settled: false,
      markMemo: null,
    };
    legs.push({ leg, from });
    // Two books hold the same series from different days (the second may start earlier).
    legs.push({ leg: { ...leg, markMemo: null }, from: Math.max(0, from - 1 - (k % 7)) });
  }
  const keptView = new ModelView(kept);
  const freshView = new ModelView(fresh);
  let compared = 0;
  for (const { leg, from } of legs)
    for (let i = from; i < panel.n && panel.days[i] <= leg.expiry + 3; i++) {
      keptView.moveTo(i);
      freshView.moveTo(i);
      const a = keptView.markOf(leg);
      assert.ok(Object.is(a, freshView.mid(leg)), `mark of ${leg.instrument.root} ${leg.strike} on day ${i}`);
      assert.ok(Object.is(keptView.absDelta(leg), freshView.absDelta(leg)));
      assert.ok(Object.is(keptView.mid(leg), a));
      compared++;
    }
  assert.ok(compared > 1000, `${compared} compared`);
  // The handle was kept: a leg marked again reads the series it holds.
  assert.ok(legs[0].leg.markMemo !== null);
});

test('kept SPXW expiration lists give exactly the days the calendar function lists, holidays included', () => {
  const market = new MarketContext(panel, { keepSmiles: true });
  const sets = [[5], [1, 3, 5], [1, 2, 3, 4, 5], [3]];
  let compared = 0;
  for (const weekdays of sets)
    for (let i = 5; i < panel.n - 5; i++) {
      const d = panel.days[i];
      for (const [min, max] of [
        [0, 10],
        [40, 50],
        [44, 46],
        [1, 120],
        [14, 14],
      ]) {
        assert.deepEqual(
          market.spxWeeklyExpirations(d + min, d + max, weekdays),
          spxWeeklyExpirationsBetween(d + min, d + max, weekdays),
          `${weekdays.join(',')} ${d + min}..${d + max}`,
        );
        compared++;
      }
    }
  assert.ok(compared > 4000);
});
