import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedDataDir } from '../core/paths.js';
import { structureSpecsFrom } from '../engine/chain-structures.js';
import { loadPanel } from '../market/load-panel.js';
import { loadOptionChain } from '../market/option-chain.js';
import { fitSmile, fitStart } from '../pricing/smile-fit.js';
import { defaultSmileParams } from '../pricing/spx-smile.js';
import { loadStrategy } from '../strategy/load.js';
import { chainDay, judge, leaveOneDayOut, meetsTargets, PARTIAL_WINDOW } from './smile-validation.js';

test('leave-one-day-out: each fold is fitted without its day, and the figures docs/pricing.md records', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const specs = structureSpecsFrom(loadStrategy('alvh').strategy, loadStrategy('cndr').strategy);
  const dir = join(sharedDataDir(), 'options');
  const full = ['2022-02-04', '2022-06-10', '2024-01-05'].map((d) =>
    chainDay(panel, loadOptionChain(join(dir, `spx_chain_cboe_${d}.csv`)), defaultSmileParams),
  );
  const partial = [
    chainDay(
      panel,
      loadOptionChain(join(dir, 'spx_chain_cboe_partial_nearATM_2023-05-02.csv')),
      defaultSmileParams,
      PARTIAL_WINDOW,
    ),
  ];
  const progress: [number, number][] = [];
  const v = leaveOneDayOut(panel, full, partial, specs, defaultSmileParams, (done, total) =>
    progress.push([done, total]),
  );
  assert.deepEqual(
    v.folds.map((f) => f.heldOut),
    ['2022-02-04', '2022-06-10', '2024-01-05'],
  );
  // The progress callback (the CLI's bar) hears each fold once, in order, out of the number of full chains.
  assert.deepEqual(progress, [
    [1, 3],
    [2, 3],
    [3, 3],
  ]);
  // Fold 1's parameters are the fit on the other two days alone, and they differ from a fit that saw day 1.
  const others = fitSmile([full[1].sample, full[2].sample], defaultSmileParams).params;
  assert.deepEqual(v.folds[0].params, others);
  assert.notDeepEqual(
    v.folds[0].params,
    fitSmile([full[0].sample, full[1].sample], defaultSmileParams).params,
  );
  // Every fold judges only its own day.
  for (const f of v.folds) assert.ok(f.structures.every((s) => s.day === f.heldOut));
  // The measured finding (docs/pricing.md): out of sample the SVI family misses the targets, and the
  // shipped smile (in sample) is no worse on condor credits, so it stays.
  assert.equal(meetsTargets(v.summary), false);
  assert.ok(v.summary.condorMedian > 0.05 && v.summary.condorMedian < 0.15, `${v.summary.condorMedian}`);
  assert.ok(v.summary.marksWorst > 0.5, `${v.summary.marksWorst}`);
  const shipped = judge(panel, full, partial, specs, defaultSmileParams);
  assert.ok(shipped.summary.condorMedian < v.summary.condorMedian);
  assert.ok(
    v.folds.every((f) => f.partial[0].medianAbsVolPoints < 1.5),
    'near-money 2023 quotes stay within 1.5 points',
  );
  // The wing form with separate tenor powers (`pricing check --fit --form wing`, docs/pricing.md W1): better on
  // the put-wing slope, worse on the condor credits than the shipped form, so it is not adopted.
  const wing = leaveOneDayOut(panel, full, partial, specs, fitStart('wing'));
  assert.ok(wing.folds.every((f) => f.params.form === 'wing'));
  assert.equal(meetsTargets(wing.summary), false);
  assert.ok(wing.summary.condorMedian > v.summary.condorMedian, `${wing.summary.condorMedian}`);
  assert.ok(wing.summary.slopeWorstPoints < v.summary.slopeWorstPoints, `${wing.summary.slopeWorstPoints}`);
});

test('a fit moves only the parameters it is asked to, and only those of its form', () => {
  const panel = loadPanel({ dataDir: sharedDataDir() });
  const sample = chainDay(
    panel,
    loadOptionChain(join(sharedDataDir(), 'options', 'spx_chain_cboe_2024-01-05.csv')),
    defaultSmileParams,
  ).sample;
  const base = fitStart('wing');
  const fit = fitSmile([sample], base, 40, undefined, ['wingSlope', 'slopeTenorPower']);
  const moved = (Object.keys(base) as (keyof typeof base)[]).filter((k) => fit.params[k] !== base[k]);
  assert.ok(moved.length > 0 && moved.every((k) => k === 'wingSlope' || k === 'slopeTenorPower'), `${moved}`);
  assert.throws(() => fitSmile([sample], base, 5, undefined, ['b']), /a wing fit moves only wingSlope/);
});
