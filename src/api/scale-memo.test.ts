// The scale memo's file: scales come back exactly, only to the engine that found them, the newest few are
// kept, and a bad or unwritable file is only a memo that remembers nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCALE_MEMO_FILE, SCALE_MEMO_LIMIT, scaleMemoIn } from './scale-memo.js';

/** A search result of scale `scale` (its target and measure beside it). */
const m = (scale: number) => ({ scale, target: scale / 10, measured: scale / 10 + 1e-9 });

function inTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-memo-'));
  try {
    body(dir);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('scale memo: a scale comes back bit for bit in a later process, for the same engine only', () => {
  inTempDir((dir) => {
    const a = { scale: 0.9762646193827385, target: 0.0855123456789, measured: -0.0856 / 3 };
    scaleMemoIn(dir, 'e1').remember('a', a);
    scaleMemoIn(dir, 'e1').remember('b', m(1 / 3));
    const later = scaleMemoIn(dir, 'e1');
    assert.deepEqual(later.recall('a'), a);
    assert.deepEqual(later.recall('b'), m(1 / 3));
    assert.equal(later.recall('c'), undefined);
    assert.equal(scaleMemoIn(dir, 'e2').recall('a'), undefined, 'another engine finds nothing');
    // A write by another engine starts the file afresh.
    scaleMemoIn(dir, 'e2').remember('c', m(2));
    assert.equal(scaleMemoIn(dir, 'e1').recall('a'), undefined);
    assert.deepEqual(scaleMemoIn(dir, 'e2').recall('c'), m(2));
  });
});

test('scale memo: the newest keys are kept, the oldest dropped', () => {
  inTempDir((dir) => {
    const memo = scaleMemoIn(dir, 'e');
    for (let k = 0; k <= SCALE_MEMO_LIMIT; k++) memo.remember(`k${k}`, m(k + 1));
    memo.remember('k1', m(99)); // told again: now the newest
    memo.remember('extra', m(5));
    const later = scaleMemoIn(dir, 'e');
    assert.equal(later.recall('k0'), undefined);
    assert.equal(later.recall('k2'), undefined);
    assert.deepEqual(later.recall('k1'), m(99));
    assert.deepEqual(later.recall(`k${SCALE_MEMO_LIMIT}`), m(SCALE_MEMO_LIMIT + 1));
    assert.deepEqual(later.recall('extra'), m(5));
    const file = JSON.parse(readFileSync(join(dir, SCALE_MEMO_FILE), 'utf8')) as {
      scales: Record<string, unknown>;
    };
    assert.equal(Object.keys(file.scales).length, SCALE_MEMO_LIMIT);
  });
});

test('scale memo: a damaged file or a bad value is forgotten, an unwritable folder is no error', () => {
  inTempDir((dir) => {
    const file = join(dir, SCALE_MEMO_FILE);
    const good = '"a": [2, 0.1, 0.1]';
    writeFileSync(file, `{"format": 1, "engine": "e", "scales": {${good}, "b": [-1, 0, 0]`);
    assert.equal(scaleMemoIn(dir, 'e').recall('a'), undefined, 'cut short');
    const bad = '"b": [-1, 0, 0], "c": [1, "x", 0], "d": null, "e": [1, 2]';
    writeFileSync(file, `{"format": 1, "engine": "e", "scales": {${good}, ${bad}}}`);
    const memo = scaleMemoIn(dir, 'e');
    assert.deepEqual(memo.recall('a'), { scale: 2, target: 0.1, measured: 0.1 });
    for (const k of ['b', 'c', 'd', 'e']) assert.equal(memo.recall(k), undefined, k);
    writeFileSync(file, `{"format": 2, "engine": "e", "scales": {${good}}}`);
    assert.equal(scaleMemoIn(dir, 'e').recall('a'), undefined, 'another layout');
    if (process.getuid?.() === 0) return; // root writes anywhere
    rmSync(file);
    chmodSync(dir, 0o500);
    assert.doesNotThrow(() => scaleMemoIn(dir, 'e').remember('a', m(2)));
    assert.equal(scaleMemoIn(dir, 'e').recall('a'), undefined);
  });
});
