// The smile-level file: levels come back bit for bit, only for their own key and engine; a damaged file or
// an unwritable folder is no levels and no error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smileLevelFile, smileLevelMemoIn } from './smile-level-memo.js';

test('smile-level memo: round trip for the same key and engine; another key, engine or a damaged file: none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-levels-'));
  try {
    const levels = Float64Array.from([NaN, 0.1234567890123, 0.2, NaN, 1 / 3]);
    smileLevelMemoIn(dir, 'e1').remember('k', levels);
    const back = smileLevelMemoIn(dir, 'e1').recall('k');
    assert.ok(back instanceof Float64Array);
    assert.deepEqual(back, levels);
    assert.equal(smileLevelMemoIn(dir, 'e1').recall('other'), undefined);
    assert.equal(smileLevelMemoIn(dir, 'e2').recall('k'), undefined, 'another engine');
    writeFileSync(smileLevelFile(dir, 'k'), 'not a levels file');
    assert.equal(smileLevelMemoIn(dir, 'e1').recall('k'), undefined, 'damaged');
    if (process.getuid?.() === 0) return; // root writes anywhere
    rmSync(smileLevelFile(dir, 'k'));
    chmodSync(dir, 0o500);
    assert.doesNotThrow(() => smileLevelMemoIn(dir, 'e1').remember('k', levels));
    assert.equal(smileLevelMemoIn(dir, 'e1').recall('k'), undefined);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});
