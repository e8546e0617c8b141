import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ConfigResult, StudyDays } from './types.js';
import {
  canonicalJson,
  decodeFloat64,
  encodeFloat64,
  readResults,
  storedIds,
  StudyStore,
  writeResults,
} from './store.js';

const days: StudyDays = {
  dates: ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'],
  dataFingerprint: 'abc',
};

function result(id: string, x: number): ConfigResult {
  return {
    id,
    settings: { 'condor.wings.percent': x, 'costs.spread_paid': 0.5 },
    metrics: {
      drawdown_reduction: 0.35,
      hedge_cost: 0.012345,
      hedge_cost_calm: NaN,
      months_credited_mtm: 0.65,
      months_credited_cash: 0.4,
      cagr: -0.048,
      max_drawdown: 0.76,
      volatility: 0.1,
      sharpe: -0.5123,
      hedge_spend: 0.02,
      unhedged_cagr: 0.01,
      unhedged_max_drawdown: 0.5,
      unhedged_sharpe: 0.1,
      stress_drawdown_reduction: { '2008-crisis': 0.2 },
    },
    returns: Float64Array.from([0.01, -1 / 3, 1e-300]),
    unhedgedReturns: Float64Array.from([0, Math.PI, -0.5]),
    sleeveReturns: Float64Array.from([-0, 1e-17, 2]),
  };
}

test('float64 blobs round-trip every bit', () => {
  const xs = Float64Array.from([0.1, -0, Number.MIN_VALUE, 1 / 3, -1e308, NaN]);
  const back = decodeFloat64(encodeFloat64(xs));
  assert.deepEqual([...new Uint8Array(back.buffer)], [...new Uint8Array(xs.buffer)]);
  assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
});

test('results are written once per key, read back exactly, and survive a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const store = await StudyStore.open(path);
    assert.equal(writeResults(store.db, [result('h1', 0.01), result('h2', 0.02)], days), 2);
    assert.equal(writeResults(store.db, [result('h1', 0.01), result('h3', 0.03)], days), 1);
    // Other data are other keys.
    assert.equal(storedIds(store.db, { ...days, dataFingerprint: 'other' }).size, 0);
    store.checkpoint();
    store.close();
    assert.ok(!existsSync(`${path}.tmp`));
    const again = await StudyStore.open(path);
    assert.deepEqual([...storedIds(again.db, days)].sort(), ['h1', 'h2', 'h3']);
    const [r] = readResults(again.db, ['h2'], days);
    const want = result('h2', 0.02);
    assert.deepEqual(r.settings, want.settings);
    assert.deepEqual(r.metrics, want.metrics);
    assert.deepEqual(r.returns, want.returns);
    assert.deepEqual(r.unhedgedReturns, want.unhedgedReturns);
    assert.deepEqual(r.sleeveReturns, want.sleeveReturns);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a study store is refused in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  try {
    const path = join(dir, 'study.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'not sqlite at all, just text that is long enough to look like a header');
    await assert.rejects(StudyStore.open(path), /not a study results file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
