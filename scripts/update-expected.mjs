// Rewrites the regression expectations from the current code on the reference data: the default run's
// golden fingerprint (test/golden/backtest-default.json) and each preset's headline statistics
// (presets/expected/<preset>.json). Run after `npx tsc -p tsconfig.json`; commit the files with the reason.
import { writeFileSync } from 'node:fs';
import {
  EXPECTED_PRESETS,
  GOLDEN_PATH,
  expectedPresetPath,
  goldenOfDefaultRun,
  presetExpectation,
  referenceDataMissing,
} from '../dist/src/analytics/regression.test-helper.js';

const missing = referenceDataMissing();
if (missing !== null) {
  process.stderr.write(`update-expected: ${missing}\n`);
  process.exit(1);
}
const only = process.argv.slice(2);
const write = (path, value) => {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
  process.stdout.write(`written: ${path}\n`);
};
if (only.length === 0 || only.includes('golden')) write(GOLDEN_PATH, goldenOfDefaultRun());
for (const name of EXPECTED_PRESETS)
  if (only.length === 0 || only.includes(name)) write(expectedPresetPath(name), presetExpectation(name));
