import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadPanel } from '../market/load-panel.js';
import { loadOptionChain } from '../market/option-chain.js';
import { spxFidelity, targetError } from '../pricing/fidelity.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';

test('on the real 2024-01-05 chain the smile meets the target: median |vol error| of 10-30 delta, 20-70 days <= 1.5 points', (t) => {
  if (skipWithoutSharedData(t)) return;
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const chain = loadOptionChain(join(sharedDataDir(), 'options', 'spx_chain_cboe_2024-01-05.csv'));
  assert.equal(chain.underlyingLast, 4697.2402);
  const i = panel.dates.indexOf('2024-01-05');
  const points = spxFidelity(chain, smileInputsAt(panel, i));
  const target = targetError(points);
  assert.ok(target.count > 300, `${target.count} quotes`);
  assert.ok(target.median <= 1.5, `median error ${target.median} vol points`);
  // The market vols themselves: a 16-delta put at 20-70 days around 14-18%, as the chain's own IV column shows.
  const put16 = points.filter(
    (p) => !p.isCall && p.deltaBucket === 16 && p.tenorDays >= 20 && p.tenorDays < 70,
  );
  assert.ok(put16.every((p) => p.marketVol > 0.1 && p.marketVol < 0.25));
});
