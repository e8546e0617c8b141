// Regression on the reference data: the default backtest reproduces its golden fingerprint (ledger, equity
// and skipped days of every book, the whole summary), and each preset its expected headline statistics.
// A change that moves them regenerates the files (`node scripts/update-expected.mjs`) in the same commit,
// with the reason in the commit message (docs/methodology.md, "Regression expectations").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXPECTED_PRESETS,
  GOLDEN_PATH,
  expectedPresetPath,
  goldenOfDefaultRun,
  presetExpectation,
  readJson,
  referenceDataMissing,
  type Golden,
  type PresetExpectation,
} from './regression.test-helper.js';

const skip = referenceDataMissing() ?? false;
const HOW = 'if the change is meant, run `node scripts/update-expected.mjs` and say why in the commit';

test('golden: the default real-data backtest reproduces every book and the summary', { skip }, () => {
  const want = readJson<Golden>(GOLDEN_PATH);
  const got = goldenOfDefaultRun();
  assert.equal(got.run, want.run);
  assert.deepEqual(Object.keys(got.books), Object.keys(want.books));
  for (const [name, book] of Object.entries(want.books)) {
    // Headline figures first: when they differ the message says by how much.
    assert.deepEqual(got.books[name].headline, book.headline, `${name}: headline figures moved; ${HOW}`);
    assert.deepEqual(got.books[name], book, `${name}: ledger, equity or skipped days moved; ${HOW}`);
  }
  assert.deepEqual(got.claims, want.claims, `claims moved; ${HOW}`);
  assert.equal(got.summary, want.summary, `summary moved (same books and claims); ${HOW}`);
});

for (const name of EXPECTED_PRESETS) {
  test(`preset ${name}: headline statistics as in presets/expected/${name}.json`, { skip }, () => {
    const want = readJson<PresetExpectation>(expectedPresetPath(name));
    assert.deepEqual(presetExpectation(name), want, `${name}: statistics moved; ${HOW}`);
  });
}
