// The MarketView contract, one suite run against every implementation: the model view and a quote-backed
// view (quotes on part of the chain, the model behind it). Then what the quote view adds: quoted legs at
// the quote, unquoted ones at the model, strikes chosen from the listed chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DayNumber } from '../core/dates.js';
import {
  SPX_OPTION,
  SPXW_OPTION,
  VIX_FUTURE,
  VIX_OPTION,
  type Instrument,
  type LegTerms,
} from '../instruments/instrument.js';
import { panelPrefix } from '../market/panel-prefix.test-helper.js';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';
import type { Panel } from '../market/panel.js';
import { MarketContext } from './market-context.js';
import type { MarketView } from './market-view.js';
import { ModelView } from './model-view.js';
import { QuoteView, type QuoteSource } from './quote-view.js';

const panel: Panel = scenarioPanel({
  from: '2024-01-02',
  to: '2024-04-30',
  spx: (k) => ({ open: 4700 + 3 * Math.sin(k), close: 4700 + 10 * Math.sin(k / 5) }),
  vix: (k) => 14 + 4 * Math.sin(k / 9),
  // An SOQ proxy on most days, none on every fifth (the data lacking SPY).
  soqProxy: (k) => (k % 5 === 0 ? NaN : 4701 + 3 * Math.sin(k)),
});
const market = new MarketContext(panel);

/** Quotes on every other 10-point SPX strike of the nearest monthly, two ticks wider than the model. */
function chainQuotes(model: ModelView): QuoteSource {
  const quoted = (leg: LegTerms): boolean =>
    leg.instrument === SPX_OPTION && leg.strike % 20 === 0 && leg.expiry === model.spxMonthlyAfter(model.day);
  return {
    quote(day, leg) {
      if (day !== model.day || !quoted(leg)) return null;
      const mid = model.mid(leg);
      const half = model.halfSpread(leg, mid, model.absDelta(leg)) + 0.1;
      return {
        bid: Math.max(mid - half, 0),
        ask: mid + half,
        delta: leg.isCall ? model.absDelta(leg) : -model.absDelta(leg),
      };
    },
    listed(day, instrument, isCall, expiry) {
      if (day !== model.day || instrument !== SPX_OPTION || expiry !== model.spxMonthlyAfter(model.day))
        return [];
      const out: { strike: number; delta: number }[] = [];
      for (let strike = 4000; strike <= 5400; strike += 20)
        out.push({ strike, delta: model.absDelta({ instrument, isCall, strike, expiry }) });
      return out;
    },
  };
}

const implementations: [string, (i: number) => MarketView][] = [
  ['model view', (i) => new ModelView(market).moveTo(i)],
  [
    'quote view over the model',
    (i) => {
      const model = new ModelView(market).moveTo(i);
      return new QuoteView(chainQuotes(model), model);
    },
  ],
];
const DAYS = [5, 23, 40, 61, 77];

function option(instrument: Instrument, isCall: boolean, strike: number, expiry: DayNumber): LegTerms {
  return { instrument, isCall, strike, expiry };
}

for (const [name, at] of implementations) {
  test(`${name}: option prices are two-sided, monotone in strike, with |delta| in [0, 1]`, () => {
    for (const i of DAYS) {
      const view = at(i);
      const expiry = view.spxMonthlyAfter(view.day);
      let lastCall = Infinity;
      let lastPut = -Infinity;
      for (let strike = 4300; strike <= 5100; strike += 20) {
        for (const isCall of [true, false]) {
          const leg = option(SPX_OPTION, isCall, strike, expiry);
          const mid = view.mid(leg);
          const d = view.absDelta(leg);
          const half = view.halfSpread(leg, mid, d);
          assert.ok(
            mid >= 0 && Number.isFinite(half) && half > 0,
            `${view.date} ${strike}: ${mid} +- ${half}`,
          );
          assert.ok(d >= 0 && d <= 1, `|delta| ${d}`);
          if (isCall) assert.ok(mid <= lastCall + 1e-9, `calls fall with the strike at ${strike}`);
          else assert.ok(mid >= lastPut - 1e-9, `puts rise with the strike at ${strike}`);
          if (isCall) lastCall = mid;
          else lastPut = mid;
        }
      }
    }
  });

  test(`${name}: the strike at a delta is the nearest in |delta| among its neighbours`, () => {
    for (const i of DAYS) {
      const view = at(i);
      const expiry = view.spxMonthlyAfter(view.day);
      for (const [isCall, target] of [
        [false, 0.16],
        [true, 0.16],
        [false, 0.3],
      ] as const) {
        const k = view.strikeForDelta(SPX_OPTION, isCall, target, expiry, 20);
        const gap = (strike: number): number =>
          Math.abs(view.absDelta(option(SPX_OPTION, isCall, strike, expiry)) - target);
        assert.ok(Number.isFinite(k) && k % 20 === 0, `strike ${k}`);
        assert.ok(
          gap(k) <= gap(k - 20) + 1e-12 && gap(k) <= gap(k + 20) + 1e-12,
          `${view.date}: ${k} at ${target}`,
        );
      }
    }
  });

  test(`${name}: settlement prints, futures and expirations as the data and the calendar say`, () => {
    for (const i of DAYS) {
      const view = at(i);
      const s = panel.series;
      assert.equal(view.settlementValue(SPX_OPTION), s.spxOpen[i]);
      assert.equal(view.settlementValue(SPXW_OPTION), s.spxClose[i]);
      assert.equal(view.settlementValue(VIX_OPTION), s.vixOpen[i]);
      assert.equal(view.settlementValue(VIX_FUTURE), s.vixOpen[i]);
      assert.ok(Object.is(view.spxSoqProxy(), panel.spxSoqProxy![i]), `SOQ proxy on ${view.date}`);
      const vix = view.vixExpirationsAfter();
      assert.ok(vix.length >= 6 && vix.every((e, k) => e > view.day && (k === 0 || e > vix[k - 1])));
      const fut = { instrument: VIX_FUTURE, isCall: false, strike: 0, expiry: vix[1] };
      assert.equal(view.mid(fut), view.vixFuture(vix[1]));
      assert.equal(view.absDelta(fut), 1);
      assert.ok(view.spxMonthlyAfter(view.day) > view.day && view.spxMonthlyOnOrBefore(view.day) <= view.day);
      const weekly = view.spxWeeklyExpirations(view.day, view.day + 30, [3, 5]);
      assert.ok(weekly.length >= 6, `${weekly.length} Wednesday/Friday weeklies`);
    }
  });

  test(`${name}: the answers for a day do not change when the data stop at that day`, () => {
    for (const i of DAYS) {
      const cut = new MarketContext(panelPrefix(panel, i + 1));
      const full = at(i);
      const model = new ModelView(cut).moveTo(i);
      const view = name === 'model view' ? model : new QuoteView(chainQuotes(model), model);
      const expiry = full.spxMonthlyAfter(full.day);
      for (const strike of [4500, 4600, 4700, 4800]) {
        const leg = option(SPX_OPTION, false, strike, expiry);
        assert.equal(view.mid(leg), full.mid(leg));
        assert.equal(view.absDelta(leg), full.absDelta(leg));
      }
      assert.equal(
        view.strikeForDelta(SPX_OPTION, false, 0.16, expiry, 5),
        full.strikeForDelta(SPX_OPTION, false, 0.16, expiry, 5),
      );
      assert.ok(Object.is(view.spxSoqProxy(), full.spxSoqProxy()));
    }
  });
}

test('quote view: quoted legs at the quote, the rest at the model; strikes from the listed chain', () => {
  const i = 40;
  const model = new ModelView(market).moveTo(i);
  const view = new QuoteView(chainQuotes(model), model);
  const expiry = model.spxMonthlyAfter(model.day);
  const quoted = option(SPX_OPTION, false, 4600, expiry);
  const unquoted = option(SPX_OPTION, false, 4610, expiry);
  const half = model.halfSpread(quoted, model.mid(quoted), model.absDelta(quoted)) + 0.1;
  assert.ok(Math.abs(view.mid(quoted) - model.mid(quoted)) < 1e-9, 'a symmetric quote keeps the mid');
  assert.ok(Math.abs(view.halfSpread(quoted, view.mid(quoted), 0) - half) < 1e-9, 'the quoted half-spread');
  assert.equal(view.mid(unquoted), model.mid(unquoted));
  assert.equal(view.halfSpread(unquoted, 1, 0.2), model.halfSpread(unquoted, 1, 0.2));
  // The listed chain has 20-point strikes only: a 5-point request still lands on a listed one.
  assert.equal(view.strikeForDelta(SPX_OPTION, false, 0.16, expiry, 5) % 20, 0);
  // Another expiration has no chain: the model chooses on the 5-point grid.
  const later = model.spxMonthlyAfter(expiry);
  assert.equal(
    view.strikeForDelta(SPX_OPTION, false, 0.16, later, 5),
    model.strikeForDelta(SPX_OPTION, false, 0.16, later, 5),
  );
});
