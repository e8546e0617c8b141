import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { loadPanel } from '../market/load-panel.js';
import { loadOptionChain } from '../market/option-chain.js';
import { spxFidelity, targetError } from '../pricing/fidelity.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import { runCli } from './spawn-cli.test-helper.js';

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

test('pricing check --json: the structures array, one entry per structure and chain day, with exactly its fields', async () => {
  const run = await runCli(['pricing', 'check', '--json', '--data', sharedDataDir()]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { structures: Record<string, unknown>[]; put_wing_slope: unknown[] };
  for (const s of out.structures) {
    assert.deepEqual(Object.keys(s), ['day', 'structure', 'dte', 'real_mid', 'model_mid', 'error']);
    assert.ok(Math.abs((s.model_mid as number) / (s.real_mid as number) - 1 - (s.error as number)) < 1e-12);
  }
  const names = new Set(out.structures.map((s) => s.structure));
  assert.deepEqual([...names].sort(), [
    'call_spread_5d_weekly',
    'condor_cndr',
    'condor_marks_10dte',
    'condor_marks_21dte',
    'condor_spec',
    'vix_call_50d_front',
  ]);
  // Three full SPX chains (five structures each) and two VIX chains (one each).
  assert.equal(out.structures.length, 17);
  assert.ok(out.put_wing_slope.length >= 9);
});

test('pricing check --form: an unknown form is a one-line error naming the choices', async () => {
  const run = await runCli(['pricing', 'check', '--fit', '--form', 'sabr']);
  assert.notEqual(run.code, 0);
  assert.equal(run.stderr.trim(), "alvh: --form: expected one of svi, wing, found 'sabr'");
});
