import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../../core/paths.js';
import { DataError } from '../../core/errors.js';
import { loadCboeIndex, parseCboeIndex } from './cboe-index.js';

test("Cboe's PUT and BXM histories: first rows as the files hold them, daily from 2007 and 2002", () => {
  const put = loadCboeIndex(join(sharedDataDir(), 'cboe-indices', 'PUT_History.csv'), 'PUT');
  assert.equal(put.dates[0], '1991-03-04');
  assert.equal(put.values[0], 153.5);
  const bxm = loadCboeIndex(join(sharedDataDir(), 'cboe-indices', 'BXM_History.csv'));
  assert.equal(bxm.symbol, 'BXM');
  assert.deepEqual(bxm.dates.slice(0, 2), ['2002-03-22', '2002-03-25']);
  assert.equal(bxm.values[1], 578.48);
  assert.ok(bxm.dates.length > 6000);
});

test('a bad index file names file, line and field', () => {
  const bad = (text: string, symbol?: string): string => {
    try {
      parseCboeIndex(text, 'X_History.csv', symbol);
    } catch (e) {
      assert.ok(e instanceof DataError);
      return e.message;
    }
    throw new Error('accepted');
  };
  assert.match(
    bad('DATE,PUT\n01/02/2020,100\n13/01/2020,101\n'),
    /^X_History.csv:3 \[DATE\]: expected a date/,
  );
  assert.match(
    bad('DATE,PUT\n01/02/2020,100\n01/03/2020,abc\n'),
    /^X_History.csv:3 \[PUT\]: expected a positive/,
  );
  assert.match(bad('DATE,PUT\n01/03/2020,100\n01/02/2020,101\n'), /:3 \[DATE\]: dates must ascend/);
  assert.match(
    bad('DATE,BXM\n01/02/2020,100\n01/03/2020,101\n', 'PUT'),
    /:1 \[BXM\]: expected the index column PUT/,
  );
  assert.match(bad('Date;PUT\n'), /:1: expected the header/);
});
