import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookResult } from '../engine/result.js';
import { monthlyLayerPnl, thinIndices, underwater } from './charts.js';

test('monthly P&L per layer sums the days of each month (hand-checked)', () => {
  const book = {
    dates: ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-03-01'],
    layers: {
      L1: {
        mtmPnl: Float64Array.from([1, 2, 3, 4, 5]),
        cashFlow: new Float64Array(5),
        active: new Uint8Array(5),
      },
      L2: {
        mtmPnl: Float64Array.from([-1, 0, 0, 10, 0]),
        cashFlow: new Float64Array(5),
        active: new Uint8Array(5),
      },
    },
  } as unknown as BookResult;
  const m = monthlyLayerPnl(book);
  assert.deepEqual(m.months, ['2024-01', '2024-02', '2024-03']);
  assert.deepEqual(m.layers.L1, [3, 7, 5]);
  assert.deepEqual(m.layers.L2, [-1, 10, 0]);
});

test('underwater curve and thinning, by hand', () => {
  assert.deepEqual(Array.from(underwater(Float64Array.from([100, 110, 99, 121]))), [0, 0, 99 / 110 - 1, 0]);
  assert.deepEqual(thinIndices(10, 4), [0, 3, 6, 9]);
  assert.deepEqual(thinIndices(3, 10), [0, 1, 2]);
});
