import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadPanel } from './load-panel.js';
import { soqProxy, type SoqProxyInputs } from './soq-proxy.js';

const DATES = ['2024-03-13', '2024-03-14', '2024-03-15', '2024-03-18'];

/** Four days of SPX near 5000 and SPY near 500, with the rows a test changes. */
function rows(change: Partial<Record<keyof SoqProxyInputs, number[]>> = {}): SoqProxyInputs {
  const f = (xs: number[]): Float64Array => Float64Array.from(xs);
  return {
    days: Int32Array.from(DATES.map(isoToDay)),
    spxHigh: f(change.spxHigh ?? [5010, 5010, 5010, 5010]),
    spxLow: f(change.spxLow ?? [4990, 4990, 4990, 4990]),
    spxClose: f(change.spxClose ?? [5000, 5000, 5000, 5000]),
    spyOpen: f(change.spyOpen ?? [500, 500, 505, 500]),
    spyClose: f(change.spyClose ?? [500, 500, 500, 500]),
    dividends: { dates: ['2023-12-15', '2024-03-15'], values: Float64Array.from([1.9, 1.6]) },
  };
}

test('SPY overnight move applied to the previous SPX close; the first day has no previous day', () => {
  // 2024-03-14: SPY opens where it closed: the proxy is the previous SPX close, 5000.
  const { values, rejected } = soqProxy(rows(), DATES);
  assert.ok(Number.isNaN(values[0]));
  assert.equal(values[1], 5000);
  assert.equal(values[3], 5000);
  assert.deepEqual(rejected, []);
});

test('on an ex-dividend day SPY opens ex the dividend; the index does not drop by it', () => {
  // 2024-03-15 goes ex 1.60: SPY 505 against a previous close of 500 less 1.60 is +1.3226%, not +1%.
  const { values } = soqProxy(rows(), DATES);
  assert.ok(Math.abs(values[2] - (5000 * 505) / 498.4) < 1e-9, String(values[2]));
  assert.ok(values[2] > 5010, "above the day's high, and kept");
});

test('no SPY price on the day or the day before: no proxy (the settlement falls back to the SPX open)', () => {
  const { values } = soqProxy(rows({ spyOpen: [500, NaN, 505, 500], spyClose: [500, 500, NaN, 500] }), DATES);
  assert.ok(Number.isNaN(values[1]), 'no SPY open that day');
  assert.ok(Number.isNaN(values[3]), 'no SPY close the day before');
  assert.ok(Number.isFinite(values[2]));
});

test("not clamped to the day's SPX range (the SOQ is not), but a print 5% of the index outside it is rejected", () => {
  // 2024-03-15: SPY +6% overnight against an SPX range of 4990..5010 (proxy 5320, 6.2% above the high).
  const { values, rejected } = soqProxy(rows({ spyOpen: [500, 500, 530, 500] }), DATES);
  assert.ok(Number.isNaN(values[2]));
  assert.deepEqual(rejected, ['2024-03-15']);
  // +2% (5109, 2% above the high): kept as it is.
  const kept = soqProxy(rows({ spyOpen: [500, 500, 511, 500] }), DATES).values[2];
  assert.ok(kept > 5100 && kept < 5130, String(kept));
});

test('without SPY dividends on file, or outside their coverage, a day might go ex unseen: no proxy', () => {
  assert.ok(soqProxy({ ...rows(), dividends: null }, DATES).values.every(Number.isNaN));
  const old = { dates: ['2023-06-16'], values: Float64Array.from([1.6]) };
  assert.ok(soqProxy({ ...rows(), dividends: old }, DATES).values.every(Number.isNaN), '100 days after');
});

test("2008-09-19 in the reference data: the proxy is near the real SOQ, the data's open is not", (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const i = panel.dates.indexOf('2008-09-19');
  // SPX closed 1206.51 on 09-18; SPY 120.07, then opened 126.70 on 09-19 and went ex 0.691 that day:
  // 1206.51 x 126.70 / 119.379 = 1280.50. The real SOQ was 1279.31 (the September 2008 S&P 500 futures'
  // final settlement), 1.1% above the index's high of 1265.12; the data's open is 1213.11, the day's low.
  assert.ok(Math.abs(panel.spxSoqProxy![i] - 1280.5) < 0.01, String(panel.spxSoqProxy![i]));
  assert.ok(Math.abs(panel.series.spxOpen[i] - 1213.11) < 0.01);
  // SPY data run 1993-01-29 .. 2024-08-16: no proxy outside them.
  assert.ok(Number.isNaN(panel.spxSoqProxy![panel.dates.indexOf('1993-01-29')]));
  assert.ok(Number.isFinite(panel.spxSoqProxy![panel.dates.indexOf('1993-02-01')]));
  assert.ok(Number.isNaN(panel.spxSoqProxy![panel.dates.indexOf('2024-09-20')]));
  assert.deepEqual(
    panel.repairs.filter((r) => r.series === 'spy').map((r) => r.action.slice(0, 12)),
    [],
    'no SPY row repaired or rejected in the reference data',
  );
});
