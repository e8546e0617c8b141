import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPanel } from '../market/load-panel.js';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import type { Panel } from '../market/panel.js';
import { computeSignals, defaultSignalParams } from './signal-table.js';

function truncate(panel: Panel, n: number): Panel {
  const series = Object.fromEntries(
    Object.entries(panel.series).map(([k, v]) => [k, (v as Float64Array).slice(0, n)]),
  ) as unknown as Panel['series'];
  return {
    ...panel,
    n,
    dates: panel.dates.slice(0, n),
    days: panel.days.slice(0, n),
    series,
    futures: {
      start: panel.futures.start.slice(0, n + 1),
      expiry: panel.futures.expiry,
      settle: panel.futures.settle,
    },
    fomc: {
      isDecisionDay: panel.fomc.isDecisionDay.slice(0, n),
      tradingDaysToNext: panel.fomc.tradingDaysToNext.slice(0, n),
    },
  };
}

test('every signal at day i uses data up to day i only (a truncated panel gives the same values)', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const full = computeSignals(panel, defaultSignalParams);
  const cut = panel.dates.indexOf('2011-08-15');
  const part = computeSignals(truncate(panel, cut), defaultSignalParams);
  for (const name of full.names) {
    if (name === 'fomc_days') continue; // counts forward to the next scheduled meeting: known in advance
    const a = full.get(name).slice(0, cut);
    const b = part.get(name);
    for (let i = 0; i < cut; i++)
      assert.ok(Object.is(a[i], b[i]) || Math.abs(a[i] - b[i]) < 1e-12, `${name} at ${i}`);
  }
});

test('real data: RSI, backwardation and the FOMC countdown on dates checked by hand', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const s = computeSignals(panel, defaultSignalParams);
  const at = (date: string): number => panel.dates.indexOf(date);
  // 2020-03-16 in vx_M1_M7_2004_2024.csv: M1 = 72.625 (March, expiring 2020-03-18) and M2 = 59.15 (April).
  const i = at('2020-03-16');
  assert.equal(s.get('m1')[i], 72.625);
  assert.equal(s.get('m2')[i], 59.15);
  assert.ok(Math.abs(s.get('backwardation')[i] - (72.625 / 59.15 - 1)) < 1e-12);
  // On an expiration day the expiring contract is never M1: on 2020-03-18 M1 is the April contract.
  const j = at('2020-03-18');
  const f = panel.futures;
  let k = f.start[j];
  while (f.expiry[k] <= panel.days[j]) k++;
  assert.ok(f.expiry[k] > panel.days[j]);
  assert.equal(s.get('m1')[j], f.settle[k]);
  // Wilder RSI(14) of SPX was about 30 on 2020-03-16 (oversold: below the L2 threshold of 35).
  assert.ok(Math.abs(s.get('rsi14')[i] - 30.17) < 0.05);
  // FOMC decision 2024-01-31: on 2024-01-29 it is 2 trading days away, 0 on the day.
  assert.equal(s.get('fomc_days')[at('2024-01-29')], 2);
  assert.equal(s.get('fomc_days')[at('2024-01-31')], 0);
});
