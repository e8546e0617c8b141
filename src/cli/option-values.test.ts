import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../core/errors.js';
import { parseDate, parseMonth } from './option-values.js';

test('dates must be real calendar days written YYYY-MM-DD', () => {
  assert.equal(parseDate('2024-02-29', '--date'), '2024-02-29');
  for (const bad of ['2023-02-29', '2009-99-01', '2024-1-05', '05/01/2024', 'foo', ''])
    assert.throws(
      () => parseDate(bad, '--from'),
      (e: unknown) =>
        e instanceof ArgumentError &&
        e.message.startsWith(`--from: expected a date as YYYY-MM-DD, found '${bad}'`),
    );
});

test('contract months run from 01 to 12', () => {
  assert.equal(parseMonth('2013-12', '--from-contract'), '2013-12');
  for (const bad of ['2013-13', '2013-00', '2013-1', '201301'])
    assert.throws(() => parseMonth(bad, '--from-contract'), /--from-contract: expected a month as YYYY-MM/);
});
