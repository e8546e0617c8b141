import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, editDistance } from './did-you-mean.js';

test('edit distance: the textbook pairs, and a swap of neighbours counts one', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('flaw', 'lawn'), 2);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(editDistance('trigger', 'tirgger'), 1);
});

test('closest name: a typo finds its key; an unrelated word finds none', () => {
  const keys = ['short_delta', 'wing_width', 'dte', 'trigger'];
  assert.equal(closestName('shortdelta', keys), 'short_delta');
  assert.equal(closestName('Wing_Width', keys), 'wing_width');
  assert.equal(closestName('trigerr', keys), 'trigger');
  assert.equal(closestName('colour', keys), undefined);
  assert.equal(closestName('x', keys), undefined);
});
