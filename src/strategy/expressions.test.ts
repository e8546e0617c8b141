import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapLayerExpressions } from './expressions.js';
import { loadStrategy, PRESET_NAMES } from './load.js';

/** Every string under a `trigger` or `when` key, found by walking the layer's settings blindly. */
function expressionsByDeepWalk(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(value))
    value.forEach((v, i) => expressionsByDeepWalk(v, `${path}[${i}]`).forEach((e, p) => out.set(p, e)));
  else if (typeof value === 'object' && value !== null)
    for (const [key, v] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if ((key === 'trigger' || key === 'when') && typeof v === 'string') out.set(at, v);
      else expressionsByDeepWalk(v, at).forEach((e, p) => out.set(p, e));
    }
  return out;
}

test('every expression of every preset layer is visited once, with its key path', () => {
  let layers = 0;
  for (const name of PRESET_NAMES)
    for (const layer of loadStrategy(name).strategy.layers) {
      const seen = new Map<string, string>();
      mapLayerExpressions(layer, (expr, path) => {
        assert.ok(!seen.has(path), `${name} ${layer.name}: ${path} visited twice`);
        seen.set(path, expr);
      });
      assert.deepEqual(seen, expressionsByDeepWalk(layer), `${name} ${layer.name}`);
      layers++;
    }
  assert.ok(layers >= 6, `${layers} layers`);
});

test('the mapped shape follows the layer: null where an expression is unset, one entry per choice and scale', () => {
  const l1 =
    loadStrategy('alvh').strategy.layers.find((l) => l.use.length > 1) ??
    loadStrategy('alvh').strategy.layers[0];
  const m = mapLayerExpressions(l1, (_expr, path) => path);
  assert.equal(m.trigger, 'trigger');
  assert.equal(m.choiceWhen.length, l1.use.length);
  assert.equal(m.calendarWhen.length, l1.use.length);
  assert.equal(m.scaleWhen.length, l1.scale.length);
  l1.use.forEach((c, j) => assert.equal(m.choiceWhen[j], c.when === null ? null : `use[${j}].when`));
  assert.equal(m.exitWhen, l1.exits.when === null ? null : 'exits.when');
});
