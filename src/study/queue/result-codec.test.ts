import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../core/errors.js';
import type { ConfigResult, StudyMetrics } from '../types.js';
import { decodeResult, encodeResult } from './result-codec.js';

const metrics = (over: Partial<StudyMetrics> = {}): StudyMetrics => ({
  drawdown_reduction: 0.25,
  hedge_cost: 0.012,
  hedge_cost_calm: NaN,
  months_credited_mtm: 0.6,
  months_credited_cash: 0.55,
  cagr: 0.05,
  max_drawdown: 0.2,
  volatility: 0.1,
  sharpe: Infinity,
  hedge_spend: -Infinity,
  unhedged_cagr: 0.04,
  unhedged_max_drawdown: 0.3,
  unhedged_sharpe: 0.4,
  stress_drawdown_reduction: { gfc: 0.3, covid: NaN },
  ...over,
});

// Awkward doubles on purpose: NaN, both zeros, infinities, the smallest subnormal, a value that does not
// survive a trip through a decimal string with fewer than 17 digits.
const awkward = Float64Array.of(NaN, -0, 0, Infinity, -Infinity, 5e-324, 0.1 + 0.2, -1e308);
const result = (): ConfigResult => ({
  id: 'c0ffee',
  settings: { 'layers.L1.use.0.sizing.fraction': 0.07, 'costs.spread_paid': 'per_order' },
  metrics: metrics(),
  returns: awkward,
  unhedgedReturns: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) / 100),
  sleeveReturns: new Float64Array(0),
});

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

test('a result comes back bit for bit, non-finite metrics and awkward doubles included', () => {
  const r = result();
  const back = decodeResult(encodeResult(r));
  assert.equal(back.id, r.id);
  assert.deepEqual(back.settings, r.settings);
  assert.deepEqual(back.metrics, r.metrics);
  assert.ok(Object.is(back.metrics.stress_drawdown_reduction.covid, NaN));
  assert.equal(back.metrics.sharpe, Infinity);
  assert.equal(back.metrics.hedge_spend, -Infinity);
  for (const k of ['returns', 'unhedgedReturns', 'sleeveReturns'] as const)
    assert.ok(sameBits(back[k], r[k]), k);
  assert.ok(Object.is(back.returns[1], -0));
});

test('bytes read back from a shared buffer at any offset decode the same (Redis clients hand out slices)', () => {
  const bytes = encodeResult(result());
  for (const offset of [1, 3, 5]) {
    const pool = Buffer.alloc(bytes.length + offset + 7, 0xaa);
    bytes.copy(pool, offset);
    const back = decodeResult(pool.subarray(offset, offset + bytes.length));
    assert.ok(sameBits(back.unhedgedReturns, result().unhedgedReturns), `offset ${offset}`);
  }
});

test('the encoding is the doubles plus a small header: no base64 or decimal text for the daily returns', () => {
  const r = result();
  const doubles = (r.returns.length + r.unhedgedReturns.length + r.sleeveReturns.length) * 8;
  const size = encodeResult(r).length;
  assert.ok(size > doubles && size < doubles + 1024, `${size} bytes for ${doubles} bytes of doubles`);
});

test('bytes that are not a result of this format are refused with a message that says what to do', () => {
  const good = encodeResult(result());
  const earlierFormat = Buffer.from(JSON.stringify({ id: 'x', returns: 'AAAA' }));
  const cases: [string, Buffer, RegExp][] = [
    ['an earlier text format', earlierFormat, /does not start with the result format's mark/],
    ['truncated', good.subarray(0, good.length - 8), /arrays do not fill it/],
    ['header cut', good.subarray(0, 12), /header runs past its end/],
    ['empty', Buffer.alloc(0), /does not start/],
  ];
  for (const [what, bytes, message] of cases)
    assert.throws(
      () => decodeResult(bytes),
      (err: unknown) =>
        err instanceof UserError && message.test(err.message) && /--clear-queue/.test(err.message),
      what,
    );
});
