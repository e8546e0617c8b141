import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../core/errors.js';
import { loadStrategy, strategyHash } from '../strategy/load.js';
import { expandStudy, setAtKeyPath } from './expand.js';
import { axisValues, parseStudyText } from './study-file.js';

const alvh = loadStrategy('alvh');
const bases = new Map([['alvh', alvh]]);

function plan(yaml: string) {
  return expandStudy(parseStudyText(yaml, 'study.yaml', '.'), bases);
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a user error, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected an error');
}

test('a grid is the product of its axes, last axis fastest, each value set at its key path', () => {
  const p = plan(`version: 1
name: wings
base: alvh
axes:
  condor.wings.percent: [0.01, 0.02]
  layers.L1.use.0.sizing.fraction: { from: 0.08, to: 0.12, step: 0.02 }
`);
  assert.equal(p.gridSize, 6);
  assert.deepEqual(
    p.configs.map((c) => [c.settings['condor.wings.percent'], c.settings['layers.L1.use.0.sizing.fraction']]),
    [
      [0.01, 0.08],
      [0.01, 0.1],
      [0.01, 0.12],
      [0.02, 0.08],
      [0.02, 0.1],
      [0.02, 0.12],
    ],
  );
  const c = p.configs[5];
  assert.equal(c.strategy.condor.wings.rule === 'percent_of_spot' && c.strategy.condor.wings.percent, 0.02);
  const l1 = c.strategy.layers.find((l) => l.name === 'L1')!;
  assert.equal(l1.use[0].sizing.basis === 'condor_credit' && l1.use[0].sizing.fraction, 0.12);
  // The configuration at the preset's own values is the preset, hash for hash.
  assert.equal(p.configs[1].id, alvh.hash);
  // Hedged configurations differ; their unhedged cores differ only by wings: two cores.
  assert.equal(p.cores.length, 2);
  assert.equal(p.configs[0].coreId, p.configs[2].coreId);
});

test('ranges step without float noise', () => {
  assert.deepEqual(axisValues({ from: 0.1, to: 0.3, step: 0.1 }), [0.1, 0.2, 0.3]);
  assert.deepEqual(axisValues({ from: 1, to: 2, step: 0.25 }), [1, 1.25, 1.5, 1.75, 2]);
});

test('bundles set several key paths together, and a whole subtree can be replaced', () => {
  const p = plan(`version: 1
name: cores
base: alvh
bundles:
  core:
    spec: {}
    delta-wings: { condor.wings: { rule: delta, delta: 0.05 } }
    managed: { condor.time_exit_dte: 21, condor.stop_loss_multiple: null }
`);
  assert.deepEqual(
    p.configs.map((c) => c.settings.core),
    ['spec', 'delta-wings', 'managed'],
  );
  assert.deepEqual(p.configs[1].strategy.condor.wings, { rule: 'delta', delta: 0.05 });
  assert.equal(p.configs[2].strategy.condor.time_exit_dte, 21);
  assert.equal(p.configs[2].strategy.condor.stop_loss_multiple, null);
});

test('a key path that names nothing is an error naming the path and what is there', () => {
  const msg = errorOf(() => plan('version: 1\nname: x\nbase: alvh\naxes:\n  condor.wings.percnt: [0.01]\n'));
  assert.match(msg, /axes\.condor\.wings\.percnt: names nothing in base 'alvh'/);
  assert.match(msg, /has no key 'percnt'/);
  const layer = errorOf(() => plan('version: 1\nname: x\nbase: alvh\naxes:\n  layers.L9.enabled: [true]\n'));
  assert.match(layer, /no layer named 'L9' \(layers: L1, L2, L3, financing\)/);
  const index = errorOf(() =>
    plan('version: 1\nname: x\nbase: alvh\naxes:\n  layers.L1.use.3.sizing.fraction: [0.1]\n'),
  );
  assert.match(index, /'3' is not an index/);
});

test('a value the strategy schema rejects is an error with the configuration and key path', () => {
  const msg = errorOf(() =>
    plan('version: 1\nname: x\nbase: alvh\naxes:\n  condor.short_delta: [0.16, 0.7]\n'),
  );
  assert.match(msg, /configuration condor\.short_delta=0\.7: condor\.short_delta:/);
  const expr = errorOf(() =>
    plan("version: 1\nname: x\nbase: alvh\naxes:\n  layers.L2.trigger: ['rsi99 < 3']\n"),
  );
  assert.match(expr, /layers\[1\]\.trigger/);
});

test('two identical configurations are an error', () => {
  const msg = errorOf(() =>
    plan('version: 1\nname: x\nbase: alvh\naxes:\n  costs.spread_paid: [0.5, 0.50]\n'),
  );
  assert.match(msg, /are identical/);
});

test('unknown keys in the study file are errors with their path', () => {
  assert.match(
    errorOf(() => plan('version: 1\nname: x\nbase: alvh\naxis: {}\n')),
    /\(root\): unknown key\(s\) 'axis'/,
  );
  assert.match(
    errorOf(() => plan('version: 1\nname: x\nbase: alvh\nsample: { random: 3, sed: 1 }\n')),
    /sample/,
  );
});

test('random sampling draws distinct grid points, the same for the same seed', () => {
  const yaml = (seed: number): string => `version: 1
name: r
base: alvh
axes:
  condor.wings.percent: { from: 0.01, to: 0.05, step: 0.01 }
  costs.spread_paid: { from: 0, to: 1, step: 0.1 }
sample: { random: 7, seed: ${seed} }
`;
  const a = plan(yaml(1));
  const b = plan(yaml(1));
  const c = plan(yaml(2));
  assert.equal(a.gridSize, 55);
  assert.equal(a.configs.length, 7);
  assert.equal(new Set(a.configs.map((x) => x.id)).size, 7);
  assert.deepEqual(
    a.configs.map((x) => x.id),
    b.configs.map((x) => x.id),
  );
  assert.notDeepEqual(
    a.configs.map((x) => x.id),
    c.configs.map((x) => x.id),
  );
});

test('setAtKeyPath refuses to walk through a null', () => {
  const s = structuredClone(alvh.strategy) as unknown as Record<string, unknown>;
  assert.match(setAtKeyPath(s, 'layers.L2.use.1.instrument.calendar.when', 'x')!, /is null/);
  assert.equal(setAtKeyPath(s, 'layers.L2.max_open', 2), null);
  assert.notEqual(strategyHash(s as never), alvh.hash);
});

test('bases that differ only in their layers and VIX commissions share one unhedged core', () => {
  const vx = loadStrategy('alvh-vx-futures');
  assert.equal(vx.strategy.costs.vix_future_commission, 1.5, 'the preset states its VX commission');
  const study = parseStudyText(
    'version: 1\nname: two\nbase: [alvh, alvh-vx-futures]\naxes:\n  costs.vix_commission: [1, 2]\n',
    'study.yaml',
    '.',
  );
  const p = expandStudy(study, new Map([...bases, ['alvh-vx-futures', vx]]));
  assert.equal(p.configs.length, 4);
  assert.equal(p.cores.length, 1);
  // A setting the core does trade on still splits it.
  const spx = expandStudy(
    parseStudyText('version: 1\nname: c\nbase: alvh\naxes:\n  costs.spx_commission: [1, 2]\n', 's.yaml', '.'),
    bases,
  );
  assert.equal(spx.cores.length, 2);
});
