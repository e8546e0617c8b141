import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { tradingDaysInRange } from '../market/calendar.js';
import { emptySeries, type Panel } from '../market/panel.js';
import { marketStats, statRows } from './stats.js';

/** A hand-made panel: SPX alternating up and down, VIX constant, two futures with M2 = 1.1 x M1. */
function zigzagPanel(): Panel {
  const days = tradingDaysInRange(isoToDay('2020-01-02'), isoToDay('2020-12-31'));
  const n = days.length;
  const series = emptySeries(n);
  const expiries = [isoToDay('2021-06-16'), isoToDay('2021-07-21')];
  const start = new Int32Array(n + 1);
  const expiry = new Int32Array(2 * n);
  const settle = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    series.spxClose[i] = i % 2 === 0 ? 100 : 101;
    series.vixClose[i] = 20;
    series.vix3mClose[i] = 22;
    series.vvixClose[i] = 90;
    start[i] = 2 * i;
    expiry[2 * i] = expiries[0];
    expiry[2 * i + 1] = expiries[1];
    settle[2 * i] = 20 + (i % 3);
    settle[2 * i + 1] = 1.1 * settle[2 * i];
  }
  start[n] = 2 * n;
  return {
    n,
    dates: [],
    days,
    series,
    futures: { start, expiry, settle },
    fomc: { isDecisionDay: new Uint8Array(n), tradingDaysToNext: new Int32Array(n) },
    repairs: [],
    warnings: [],
    source: 'synthetic',
    description: 'zigzag',
    fingerprint: 'zigzag',
  };
}

test('statistics of a zigzag market: full reversal, flat VIX, a steady curve', () => {
  const st = marketStats(zigzagPanel());
  assert.ok(st.returnAutocorrLag1 < -0.99);
  // 21 alternating days end one step away from the start: almost none of the daily variance is left.
  assert.ok(st.varianceRatio21 < 0.06);
  assert.equal(st.vixLogChangeSd, 0);
  assert.equal(st.leverageCorrelation, NaN);
  assert.equal(st.shareContango, 1);
  assert.ok(Math.abs(st.medianM2OverM1 - 1.1) < 1e-12);
  assert.ok(Math.abs(st.medianVix3mOverVix - 1.1) < 1e-12);
  assert.equal(st.vvixMedian, 90);
  // VIX never moves, so the beta of M2 on it is undefined; M2 itself moves, so its vol is not 0.
  assert.ok(Number.isNaN(st.betaM2OnVix));
  assert.ok(st.m2VolAnnual > 0);
  assert.equal(st.vixMax, 20);
  assert.equal(st.shareVixAbove30, 0);
});

test('stat rows: one row per statistic, in a fixed order, with unique names', () => {
  const rows = statRows(marketStats(zigzagPanel()));
  const names = rows.map(([name]) => name);
  assert.equal(new Set(names).size, names.length);
  assert.equal(names[0], 'SPX return a year');
  assert.equal(names[names.length - 1], 'drawdowns >= 30% per decade');
});
