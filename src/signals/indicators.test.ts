import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMA, MACD, RSI, SMA } from 'trading-signals';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { ema, macd, rollingMax, rollingMin, rsiWilder, sma } from './indicators.js';

function closes(file: string, column: number): Float64Array {
  const lines = readFileSync(join(sharedDataDir(), file), 'utf8').trim().split('\n').slice(1);
  return Float64Array.from(lines.slice(-3000).map((l) => Number(l.split(',')[column])));
}

test('tiny hand-computed examples', () => {
  assert.deepEqual(Array.from(sma(Float64Array.from([1, 2, 3, 4]), 2)), [NaN, 1.5, 2.5, 3.5]);
  // RSI(3) on 1,2,3,2: gains 1,1,0 and losses 0,0,1 -> RS = (2/3)/(1/3) = 2 -> 66.67.
  const r = rsiWilder(Float64Array.from([1, 2, 3, 2, 4]), 3);
  assert.ok(Math.abs(r[3] - 200 / 3) < 1e-12);
  // Then Wilder smoothing: gain (2/3 * 2 + 2)/3 = 10/9, loss (1/3 * 2)/3 = 2/9 -> RS 5 -> 83.33.
  assert.ok(Math.abs(r[4] - 500 / 6) < 1e-12);
  assert.deepEqual(Array.from(rollingMax(Float64Array.from([1, 3, 2, NaN, 1]), 2)), [NaN, 3, 3, 2, 1]);
  assert.deepEqual(Array.from(rollingMin(Float64Array.from([1, 3, 2, NaN, 1]), 2)), [NaN, 1, 2, 2, 1]);
});

test('a gap (NaN) yields NaN that day and leaves the state untouched', () => {
  const withGap = ema(Float64Array.from([1, 2, 3, NaN, 4]), 2);
  const without = ema(Float64Array.from([1, 2, 3, 4]), 2);
  assert.ok(Number.isNaN(withGap[3]));
  assert.equal(withGap[4], without[3]);
});

test('RSI, SMA, EMA and MACD agree with trading-signals on 3,000 real SPX and VIX closes', (t) => {
  if (skipWithoutSharedData(t)) return;
  const spx = closes('spx/spx_daily_1990_2026.csv', 4);
  const vix = closes('vix/vix_daily_cboe.csv', 4);
  const rsiRef = new RSI(14);
  const smaRef = new SMA(50);
  const emaRef = new EMA(12);
  const macdRef = new MACD(new EMA(12), new EMA(26), new EMA(9));
  const rsi = rsiWilder(spx, 14);
  const s50 = sma(spx, 50);
  const e12 = ema(vix, 12);
  const m = macd(vix, 12, 26, 9);
  for (let i = 0; i < spx.length; i++) {
    rsiRef.update(spx[i], false);
    smaRef.update(spx[i], false);
    if (rsiRef.isStable) assert.ok(Math.abs(Number(rsiRef.getResult()) - rsi[i]) < 1e-9, `RSI at ${i}`);
    if (smaRef.isStable) assert.ok(Math.abs(Number(smaRef.getResult()) - s50[i]) < 1e-9, `SMA at ${i}`);
  }
  // trading-signals seeds EMAs with the first value, alvh with the SMA of the first `period` values (as
  // most charting tools do): the two converge geometrically (1e-9 apart after 300 days, 1e-15 after 3,000),
  // so compare after a warm-up.
  for (let i = 0; i < vix.length; i++) {
    emaRef.update(vix[i], false);
    macdRef.update(vix[i], false);
    if (i < 600) continue;
    assert.ok(Math.abs(Number(emaRef.getResult()) - e12[i]) < 1e-9, `EMA at ${i}`);
    const ref = macdRef.getResult();
    assert.ok(
      ref &&
        Math.abs(Number(ref.macd) - m.macd[i]) < 1e-9 &&
        Math.abs(Number(ref.signal) - m.signal[i]) < 1e-9,
      `MACD at ${i}`,
    );
  }
});
