// The binary cache format: plain JSON, typed arrays as raw bytes, and the numbers JSON cannot hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePanel, encodeExactly, encodePanel } from './panel-codec.js';

test('panel codec: typed arrays, -0, NaN and the infinities come back exactly', () => {
  const value = {
    series: { close: Float64Array.from([1.5, NaN, -0, Infinity]), days: Int32Array.from([1, -2, 3]) },
    flags: Uint8Array.from([0, 1, 255]),
    plain: [-0, NaN, Infinity, -Infinity, 0, 2.5, null, 'x'],
    nested: { cash: -0, pnl: { last: -Infinity } },
  };
  const back = decodePanel(encodePanel(value, { format: 1 }));
  assert.ok(back !== undefined);
  assert.deepEqual(back.meta, { format: 1 });
  // deepStrictEqual tells -0 from 0 (Object.is) and NaN equal to NaN.
  assert.deepStrictEqual(back.value, value);
  assert.ok(Object.is((back.value as typeof value).plain[0], -0));
  assert.ok((back.value as typeof value).series.close instanceof Float64Array);
});

test('panel codec: a header naming an unknown number or an array past the end is not a panel', () => {
  const good = encodePanel({ x: -0, a: Float64Array.from([1, 2]) }, null);
  const text = good.toString('latin1');
  const badNumber = Buffer.from(text.replace('"$number":"-0"', '"$number":"-1"'), 'latin1');
  assert.equal(decodePanel(badNumber), undefined);
  const badArray = Buffer.from(text.replace('"length":2', '"length":9'), 'latin1');
  assert.equal(decodePanel(badArray), undefined);
  assert.equal(decodePanel(Buffer.from('not a panel')), undefined);
});

test('panel codec: encodeExactly refuses what would not decode deep-equal, and keeps the rest', () => {
  const holey: number[] = [1];
  holey[2] = 3;
  class Point {
    x = 1;
  }
  for (const [what, value] of [
    ['an undefined member', { a: 1, b: undefined }],
    ['an array hole', { xs: holey }],
    ['a function', { f: () => 1 }],
    ['a Map', { m: new Map([[1, 2]]) }],
    ['a Date', { d: new Date(0) }],
    ['a class instance', { p: new Point() }],
    ['an object without prototype', { o: Object.create(null) as object }],
    ['another typed array', { i: Int8Array.from([1]) }],
    ['a Buffer', { b: Buffer.from('x') }],
    ['a key the decoder reads', { o: { $number: 'NaN' } }],
    ['an array with a member of its own', { xs: Object.assign([1, 2], { extra: 3 }) }],
    ['a subclass of a typed array', { a: new (class Prices extends Float64Array {})(2) }],
  ] as const)
    assert.equal(encodeExactly(value, null), null, what);
  const plain = { a: [1, -0, NaN, 'x', null, { b: Float64Array.from([2]) }], t: true };
  const bytes = encodeExactly(plain, { k: 1 });
  assert.ok(bytes !== null);
  assert.deepStrictEqual(decodePanel(bytes)?.value, plain);
});
