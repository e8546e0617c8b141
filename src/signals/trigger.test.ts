import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compileTrigger,
  formatTrigger,
  parseTrigger,
  TriggerSyntaxError,
  triggerSignals,
  UnknownSignalError,
} from './trigger.js';
import type { SignalTable } from './signal-table.js';

const values: Record<string, number[]> = {
  rsi14: [30, 40, NaN],
  backwardation: [0.05, 0.05, 0.05],
  vix: [15, 25, 35],
  ad_divergence: [1, 0, NaN],
  spx: [100, 100, 100],
  spx_sma: [101, 99, 100],
};
const table: SignalTable = {
  n: 3,
  names: Object.keys(values),
  has: (name) => name in values,
  get: (name) => Float64Array.from(values[name]),
};
const known = Object.keys(values);
const evalAt = (expr: string): boolean[] =>
  [0, 1, 2].map((i) => compileTrigger(parseTrigger(expr, known), table)(i));

test('expressions evaluate by hand', () => {
  assert.deepEqual(evalAt('rsi14 < 35 and backwardation > 0.03'), [true, false, false]);
  assert.deepEqual(evalAt('always'), [true, true, true]);
  assert.deepEqual(evalAt('never or vix >= 25'), [false, true, true]);
  assert.deepEqual(evalAt('spx < spx_sma and (backwardation > 0 or ad_divergence)'), [true, false, false]);
  assert.deepEqual(
    evalAt('not ad_divergence'),
    [false, true, true],
    'NaN counts as false, so not NaN is true',
  );
  assert.deepEqual(evalAt('vix > 3%'), [true, true, true]);
  assert.deepEqual(evalAt('vix / 5 - 1 == 2'), [true, false, false]);
  assert.deepEqual(evalAt('rsi14 != 40'), [true, false, false], 'comparisons with NaN are false');
  assert.deepEqual(evalAt('1 + 2 * 3 == 7 and -vix < 0'), [true, true, true], 'precedence');
});

test('errors give the column and what was expected, and suggest near names', () => {
  assert.throws(
    () => parseTrigger('rsi14 < ', known),
    (e: unknown) =>
      e instanceof TriggerSyntaxError &&
      e.column === 9 &&
      /expected a signal, a number or \(/.test(e.message),
  );
  assert.throws(
    () => parseTrigger('(vix > 3', known),
    (e: unknown) => e instanceof TriggerSyntaxError && /expected '\)'/.test(e.message),
  );
  assert.throws(
    () => parseTrigger('vix > 3 $', known),
    (e: unknown) => e instanceof TriggerSyntaxError && e.column === 9,
  );
  assert.throws(
    () => parseTrigger('backwardaton > 0', known),
    (e: unknown) => e instanceof UnknownSignalError && /did you mean 'backwardation'/.test(e.message),
  );
  assert.throws(() => parseTrigger('', known), TriggerSyntaxError);
});

test('property: random token strings parse or fail with a typed error, and formatting round-trips', () => {
  const token = fc.constantFrom(
    'rsi14',
    'vix',
    'spx',
    'and',
    'or',
    'not',
    '(',
    ')',
    '<',
    '<=',
    '==',
    '+',
    '-',
    '*',
    '/',
    '3',
    '0.5',
    '2%',
    'always',
    'foo',
    '$',
  );
  fc.assert(
    fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), (tokens) => {
      const text = tokens.join(' ');
      let ast;
      try {
        ast = parseTrigger(text, known);
      } catch (e) {
        assert.ok(
          e instanceof TriggerSyntaxError || e instanceof UnknownSignalError,
          `unexpected ${String(e)}`,
        );
        return;
      }
      const again = parseTrigger(formatTrigger(ast), known);
      assert.deepEqual(again, ast);
      assert.ok(triggerSignals(ast).every((s) => known.includes(s)));
    }),
    { numRuns: 2000 },
  );
});
