import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { engineCodeHash, engineVersion } from './engine-version.js';
import { alvhVersion } from './version.js';

test('the engine code hash moves with the code of the parts that decide results, and only with it', () => {
  const root = mkdtempSync(join(tmpdir(), 'alvh-engine-'));
  try {
    mkdirSync(join(root, 'engine'));
    mkdirSync(join(root, 'report'));
    writeFileSync(join(root, 'engine', 'a.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'engine', 'b.js'), 'export const b = 2;\n');
    writeFileSync(join(root, 'report', 'r.js'), 'export const r = 3;\n');
    const parts = ['engine', 'study/run-chunk.js'];
    mkdirSync(join(root, 'study'));
    writeFileSync(join(root, 'study', 'run-chunk.js'), 'export const c = 4;\n');
    const h0 = engineCodeHash(root, parts);
    assert.match(h0, /^[0-9a-f]{64}$/);
    assert.equal(engineCodeHash(root, parts), h0, 'deterministic');
    // Not deciding results: another layer, tests, test helpers, source maps.
    writeFileSync(join(root, 'report', 'r.js'), 'export const r = 30;\n');
    writeFileSync(join(root, 'engine', 'a.test.js'), 'test();\n');
    writeFileSync(join(root, 'engine', 'x.test-helper.js'), 'helper();\n');
    writeFileSync(join(root, 'engine', 'a.js.map'), '{}');
    assert.equal(engineCodeHash(root, parts), h0);
    // Deciding results: a module's bytes, a single file part, a new module.
    writeFileSync(join(root, 'engine', 'a.js'), 'export const a = 2;\n');
    const h1 = engineCodeHash(root, parts);
    assert.notEqual(h1, h0);
    writeFileSync(join(root, 'study', 'run-chunk.js'), 'export const c = 5;\n');
    const h2 = engineCodeHash(root, parts);
    assert.notEqual(h2, h1);
    writeFileSync(join(root, 'engine', 'c.js'), '');
    assert.notEqual(engineCodeHash(root, parts), h2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the running engine's version is alvh's version plus 12 hex digits of its code hash", () => {
  assert.match(engineVersion(), /^.+\+[0-9a-f]{12}$/);
  assert.ok(engineVersion().startsWith(`${alvhVersion()}+`));
  assert.equal(engineVersion(), engineVersion());
});
