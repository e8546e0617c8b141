// The run memo: a kept run reads back deep-equal (numbers JSON cannot hold included), only for its key and
// engine; a run that would not read back equal is not kept; the folder keeps the newest runs only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestOutcome } from '../engine/run-backtest.js';
import { RUN_MEMO_LIMIT, runMemoIn } from './run-memo.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-run-memo-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small outcome of the engine's shape: two books on one dates array, a ledger with -0 and NaN. */
function outcome(extra: Record<string, unknown> = {}): BacktestOutcome {
  const dates = ['2024-01-02', '2024-01-03'];
  const book = (name: string) => ({
    name,
    title: name.toUpperCase(),
    strategyHash: `h-${name}`,
    dates,
    equity: Float64Array.from([1e6, 1.01e6]),
    cash: Float64Array.from([1e6, -0]),
    coreMtmPnl: Float64Array.from([0, NaN]),
    interest: new Float64Array(2),
    layers: {},
    ledger: [{ date: '2024-01-03', cash: -0, pnl: NaN, reason: 'open' }],
    skipped: [],
    ...extra,
  });
  return {
    run: {
      panelDescription: 'test',
      dataFingerprint: 'f',
      source: 'real',
      from: dates[0],
      to: dates[1],
      spxClose: Float64Array.from([4700, 4710]),
      rateAnnual: Float64Array.from([0.05, 0.05]),
      books: [book('alvh'), book('unhedged')],
      unhedged: 'unhedged',
      hedged: 'alvh',
    },
    notes: ['run 2024-01-02 .. 2024-01-03'],
  } as unknown as BacktestOutcome;
}

test('run memo: a kept run reads back deep-equal, its books on one dates array', () =>
  withDir((dir) => {
    const run = outcome();
    runMemoIn(dir, 'e1').remember('k', run);
    const back = runMemoIn(dir, 'e1').recall('k');
    assert.ok(back !== undefined);
    assert.deepStrictEqual(back, run);
    assert.ok(Object.is((back.run.books[0].ledger[0] as unknown as { cash: number }).cash, -0));
    assert.equal(back.run.books[0].dates, back.run.books[1].dates);
    assert.equal(runMemoIn(dir, 'e2').recall('k'), undefined, 'another engine');
    assert.equal(runMemoIn(dir, 'e1').recall('other'), undefined, 'another key');
  }));

test('run memo: a run that would not read back equal (an undefined field) is not kept', () =>
  withDir((dir) => {
    runMemoIn(dir, 'e1').remember('k', outcome({ pricing: undefined }));
    assert.equal(runMemoIn(dir, 'e1').recall('k'), undefined);
    assert.deepEqual(readdirSync(dir), []);
  }));

test('run memo: an outcome JSON refuses (a BigInt) is not kept and does not stop the run', () =>
  withDir((dir) => {
    assert.doesNotThrow(() => runMemoIn(dir, 'e1').remember('k', outcome({ count: 1n })));
    assert.equal(runMemoIn(dir, 'e1').recall('k'), undefined);
  }));

test('run memo: the folder keeps the newest runs up to the limit', () =>
  withDir((dir) => {
    for (let k = 0; k < RUN_MEMO_LIMIT + 2; k++) runMemoIn(dir, 'e1').remember(`k${k}`, outcome());
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('run-')).length, RUN_MEMO_LIMIT);
    assert.ok(runMemoIn(dir, 'e1').recall(`k${RUN_MEMO_LIMIT + 1}`) !== undefined, 'the newest is kept');
  }));
