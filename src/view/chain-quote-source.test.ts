import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { SPX_OPTION, SPXW_OPTION, VIX_OPTION } from '../instruments/instrument.js';
import type { ChainSlice } from '../market/chain-store.js';
import { black76Greeks, bsmGreeks, bsmPrice, black76Price } from '../pricing/black-scholes.js';
import { ChainQuoteSource } from './chain-quote-source.js';

const DAY = isoToDay('2024-01-05');
const EXPIRY = isoToDay('2024-02-16');
const SPOT = 4700;
const RATE = 0.05;
const DIVIDEND = 0.015;
const VOL = 0.18;

/** A chain slice quoted a penny either side of Black-Scholes-Merton prices at one vol. */
function bsmSlice(root: string, early: number): ChainSlice {
  const t = (EXPIRY - DAY - early) / 365;
  const strikes: number[] = [];
  const isCall: number[] = [];
  const bids: number[] = [];
  const asks: number[] = [];
  for (let k = 4000; k <= 5400; k += 50)
    for (const call of [0, 1]) {
      const mid = bsmPrice(call === 1, SPOT, k, t, RATE, DIVIDEND, VOL);
      if (mid < 0.05) continue;
      strikes.push(k);
      isCall.push(call);
      bids.push(mid - 0.01);
      asks.push(mid + 0.01);
    }
  return {
    quoteDay: DAY,
    root,
    expiry: EXPIRY,
    strikes: Float64Array.from(strikes),
    isCall: Uint8Array.from(isCall),
    bids: Float64Array.from(bids),
    asks: Float64Array.from(asks),
  };
}

const inputs = () => ({ rate: RATE, spot: SPOT });

test('a listed series is quoted as stored; an unlisted strike, side, root, expiry or day is not', () => {
  const slice = bsmSlice('SPX', SPX_OPTION.stopsTradingDaysEarly);
  const source = new ChainQuoteSource([slice], inputs);
  const k = slice.strikes.indexOf(4500);
  const put = source.quote(DAY, {
    instrument: SPX_OPTION,
    isCall: slice.isCall[k] === 1,
    strike: 4500,
    expiry: EXPIRY,
  });
  assert.deepEqual(put, { bid: slice.bids[k], ask: slice.asks[k] });
  assert.equal(
    source.quote(DAY, { instrument: SPX_OPTION, isCall: false, strike: 4510, expiry: EXPIRY }),
    null,
  );
  assert.equal(
    source.quote(DAY, { instrument: SPXW_OPTION, isCall: false, strike: 4500, expiry: EXPIRY }),
    null,
  );
  assert.equal(
    source.quote(DAY, { instrument: SPX_OPTION, isCall: false, strike: 4500, expiry: EXPIRY + 7 }),
    null,
  );
  assert.equal(
    source.quote(DAY + 1, { instrument: SPX_OPTION, isCall: false, strike: 4500, expiry: EXPIRY }),
    null,
  );
  assert.equal(source.quoteDays, 1);
});

test('listed deltas implied from the quotes equal the closed-form Black-Scholes-Merton spot deltas', () => {
  const early = SPX_OPTION.stopsTradingDaysEarly;
  const source = new ChainQuoteSource([bsmSlice('SPX', early)], inputs);
  const t = (EXPIRY - DAY - early) / 365;
  for (const isCall of [false, true]) {
    const listed = source.listed(DAY, SPX_OPTION, isCall, EXPIRY);
    assert.ok(listed.length > 15, `${listed.length} strikes listed`);
    for (const { strike, delta } of listed) {
      const expected = bsmGreeks(isCall, SPOT, strike, t, RATE, DIVIDEND, VOL).delta;
      // The quotes are a penny wide around the price: the implied delta is that close, not exact.
      assert.ok(
        Math.abs(delta - expected) < 2e-3,
        `${isCall ? 'C' : 'P'} ${strike}: ${delta} vs ${expected}`,
      );
    }
  }
  assert.deepEqual(source.listed(DAY, SPXW_OPTION, true, EXPIRY), [], 'no SPXW slice, no listed strikes');
});

test('VIX option deltas implied from the quotes are Black-76 deltas on the parity forward', () => {
  const future = 15;
  const t = (EXPIRY - DAY - VIX_OPTION.stopsTradingDaysEarly) / 365;
  const strikes: number[] = [];
  const isCall: number[] = [];
  const bids: number[] = [];
  const asks: number[] = [];
  for (let k = 10; k <= 30; k += 1)
    for (const call of [0, 1]) {
      const mid = black76Price(call === 1, future, k, t, RATE, 0.9);
      if (mid < 0.05) continue;
      strikes.push(k);
      isCall.push(call);
      bids.push(mid - 0.005);
      asks.push(mid + 0.005);
    }
  const slice: ChainSlice = {
    quoteDay: DAY,
    root: 'VIX',
    expiry: EXPIRY,
    strikes: Float64Array.from(strikes),
    isCall: Uint8Array.from(isCall),
    bids: Float64Array.from(bids),
    asks: Float64Array.from(asks),
  };
  const source = new ChainQuoteSource([slice], () => ({ rate: RATE, spot: 13 }));
  const listed = source.listed(DAY, VIX_OPTION, true, EXPIRY);
  assert.ok(listed.length > 10);
  for (const { strike, delta } of listed) {
    const expected = black76Greeks(true, future, strike, t, RATE, 0.9).delta;
    assert.ok(Math.abs(delta - expected) < 3e-3, `C ${strike}: ${delta} vs ${expected}`);
  }
});
