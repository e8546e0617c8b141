// `alvh check vix-futures-index` on the reference data: the engine's 30-day VX position tracks SPVXSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedDataDir } from '../core/paths.js';
import { skipWithoutSharedData } from '../core/shared-data.test-helper.js';
import { runCli } from './spawn-cli.test-helper.js';

test('real data: check vix-futures-index --json: correlation, tracking error and growth against SPVXSP', async (t) => {
  if (skipWithoutSharedData(t)) return;
  const r = await runCli(['check', 'vix-futures-index', '--json', '--data', sharedDataDir()]);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout) as Record<string, number> & { daily: { position: number[] } };
  // Measured 2005-12-21 .. 2023-03-06 (4,329 days): correlation 0.9983, tracking error 4.16% a year, growth
  // -44.66% a year against the index's -44.65%. The bars leave room for a change of curve data or rounding
  // (the gap comes mostly from 2005-2006, when few contracts were listed and the curve interpolates).
  assert.ok(c.days > 4300, `${c.days} days`);
  assert.ok(c.correlation > 0.995, `correlation ${c.correlation}`);
  assert.ok(c.tracking_error < 0.06, `tracking error ${c.tracking_error}`);
  assert.ok(
    Math.abs(c.growth_position - c.growth_index) < 0.005,
    `${c.growth_position} vs ${c.growth_index}`,
  );
  // Costs (half of the half tick per fill, $1.50 a contract) cost the daily roll something, not much.
  const drag = c.growth_position - c.growth_position_with_costs;
  assert.ok(drag > 0.001 && drag < 0.03, `cost drag ${drag}`);
  assert.equal(c.daily.position.length, c.days);
});

test('check vix-futures-index: a bad --index file is one line naming file, line and field', async (t) => {
  if (skipWithoutSharedData(t)) return;
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'alvh-vx-'));
  writeFileSync(join(dir, 'bad.csv'), 'Date,SPVXSP\n2020-01-02,100\n2020-01-03,abc\n');
  const bad = await runCli([
    'check',
    'vix-futures-index',
    '--data',
    sharedDataDir(),
    '--index',
    join(dir, 'bad.csv'),
  ]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /bad\.csv:3 \[SPVXSP\]/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
