import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parameterStability } from './stability.js';

/** A 3 x 3 grid (wing width x cost) whose objective is 10 * wing + cost, with one spike at (0.02, 0.5). */
function grid() {
  const configs: { id: string; settings: Record<string, unknown> }[] = [];
  const objective: number[] = [];
  for (const cost of [0.5, 0, 0.25])
    for (const wing of [0.03, 0.01, 0.02]) {
      configs.push({ id: `${wing}/${cost}`, settings: { wing, cost } });
      objective.push(wing === 0.02 && cost === 0.5 ? 9 : 10 * wing + cost);
    }
  return { configs, objective };
}

test('neighbours are one step apart on one numeric axis, whatever order the configurations come in', () => {
  const { configs, objective } = grid();
  const s = parameterStability(configs, objective);
  const row = (id: string) => s.rows.find((r) => r.id === id)!;
  // Corner (0.01, 0): neighbours (0.02, 0) = 0.2 and (0.01, 0.25) = 0.35.
  assert.deepEqual(row('0.01/0'), { id: '0.01/0', objective: 0.1, neighbour_median: 0.275, neighbours: 2 });
  // Centre (0.02, 0.25): (0.01, 0.25) 0.35, (0.03, 0.25) 0.55, (0.02, 0) 0.2, (0.02, 0.5) the spike 9.
  assert.equal(row('0.02/0.25').neighbours, 4);
  assert.ok(Math.abs(row('0.02/0.25').neighbour_median! - 0.45) < 1e-12);
  // The spike is the best by itself, but its neighbours are ordinary: the plateau pick is elsewhere.
  assert.equal(s.best!.id, '0.02/0.5');
  assert.ok(row('0.02/0.5').neighbour_median! < 1);
  assert.notEqual(s.best_plateau!.id, '0.02/0.5');
  assert.deepEqual(s.axes, ['cost', 'wing']);
});

test("categorical axes: 'any' makes every other value a neighbour, 'adjacent' only the values beside it", () => {
  const readings = ['v1', 'vx', '442', 'pct'];
  const configs = readings.map((r) => ({ id: r, settings: { reading: r } }));
  const objective = [1, 2, 3, 4];
  const any = parameterStability(configs, objective, { categorical: 'any' });
  assert.deepEqual(
    any.rows.map((r) => [r.neighbours, r.neighbour_median]),
    [
      [3, 3],
      [3, 3],
      [3, 2],
      [3, 2],
    ],
  );
  const adjacent = parameterStability(configs, objective, { categorical: 'adjacent' });
  assert.deepEqual(
    adjacent.rows.map((r) => [r.neighbours, r.neighbour_median]),
    [
      [1, 2],
      [2, 2],
      [2, 3],
      [1, 3],
    ],
  );
  // A configuration without neighbours (random sampling leaves holes) has no median, not 0.
  const lone = parameterStability([{ id: 'a', settings: { x: 1 } }], [5]);
  assert.deepEqual(lone.rows[0], { id: 'a', objective: 5, neighbour_median: null, neighbours: 0 });
});
