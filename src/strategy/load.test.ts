import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { StrategyError } from '../core/errors.js';
import { loadStrategy, parseStrategyText, presetPath, PRESET_NAMES } from './load.js';

const alvhText = readFileSync(presetPath('alvh'), 'utf8');

function withChange(mutate: (doc: Record<string, unknown>) => void): string {
  const doc = parseYaml(alvhText) as Record<string, unknown>;
  mutate(doc);
  return stringify(doc);
}

function expectKeyPath(text: string, keyPath: string, pattern: RegExp): void {
  assert.throws(
    () => parseStrategyText(text, 'test.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof StrategyError, `expected StrategyError, got ${String(err)}`);
      assert.equal(err.keyPath, keyPath);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('every preset loads, and its settings equal the spec v1 defaults where the spec names them', () => {
  for (const name of PRESET_NAMES) {
    const loaded = loadStrategy(name);
    assert.equal(loaded.strategy.name, name);
    assert.match(loaded.hash, /^[0-9a-f]{16}$/);
  }
  const s = loadStrategy('alvh').strategy;
  assert.equal(s.condor.short_delta, 0.16);
  assert.deepEqual(s.condor.entry, {
    rule: 'dte_window',
    min: 40,
    max: 50,
    target: 45,
    day: 'closest_to_target',
  });
  assert.equal(s.condor.profit_take, 0.5);
  assert.equal(s.condor.stop_loss_multiple, 2);
  assert.deepEqual(
    s.layers.map((l) => l.name),
    ['L1', 'L2', 'L3', 'financing'],
  );
  assert.equal(s.layers[2].block_new_condors, true);
});

test('the hash is of the settings, not of the file layout', () => {
  const a = parseStrategyText(alvhText, 'a.yaml');
  const b = parseStrategyText(JSON.stringify(parseYaml(alvhText)), 'b.json');
  assert.equal(a.hash, b.hash);
  const c = parseStrategyText(
    withChange((d) => ((d.condor as Record<string, unknown>).short_delta = 0.15)),
    'c.yaml',
  );
  assert.notEqual(a.hash, c.hash);
  // am_settlement's default, stated or not, is one setting (the hash of files written before it existed).
  const open = parseStrategyText(
    withChange((d) => (d.am_settlement = 'open')),
    'open.yaml',
  );
  assert.equal(open.hash, a.hash);
  const proxy = parseStrategyText(
    withChange((d) => (d.am_settlement = 'spy_open_proxy')),
    'p.yaml',
  );
  assert.notEqual(proxy.hash, a.hash);
  assert.equal(proxy.strategy.am_settlement, 'spy_open_proxy');
});

test('unknown keys are errors with their key path', () => {
  expectKeyPath(
    withChange((d) => ((d.condor as Record<string, unknown>).shortdelta = 0.2)),
    'condor',
    /unknown key 'shortdelta' \(did you mean 'short_delta'\?\)/,
  );
  expectKeyPath(
    withChange(
      (d) => (((d.layers as unknown[])[1] as Record<string, unknown>).exits = { trigger_off_day: 3 }),
    ),
    'layers[1].exits',
    /unknown key 'trigger_off_day'/,
  );
  expectKeyPath(
    withChange((d) => (d.colour = 'red')),
    '',
    /unknown key 'colour'$/,
  );
});

test('every schema problem is listed, each with its key path, and a typo gets the closest key', () => {
  const text = readFileSync(presetPath('alvh'), 'utf8')
    .replace(/^capital: .*$/m, 'capital: 1e15')
    .replace(/^condor:$/m, 'condr:');
  assert.throws(
    () => parseStrategyText(text, 'typo.yaml'),
    (err: unknown) => {
      assert.ok(err instanceof StrategyError);
      const lines = err.message.split('\n');
      assert.equal(lines[0], `typo.yaml: ${err.problems.length} problems`);
      assert.equal(lines.length, err.problems.length + 1);
      assert.ok(err.problems.length >= 2);
      assert.doesNotMatch(err.message, /more problem/);
      assert.ok(lines.includes('  capital: expected at most 10,000,000,000 (10 billion)'), err.message);
      assert.ok(lines.includes("  (root): unknown key 'condr' (did you mean 'condor'?)"), err.message);
      return true;
    },
  );
});

test('wrong types and impossible values name the key path', () => {
  expectKeyPath(
    withChange((d) => ((d.condor as Record<string, unknown>).short_delta = 'sixteen')),
    'condor.short_delta',
    /number/,
  );
  expectKeyPath(
    withChange((d) => ((d.condor as Record<string, unknown>).short_delta = 0.7)),
    'condor.short_delta',
    /0\.5/,
  );
  expectKeyPath(
    withChange(
      (d) =>
        ((d.condor as Record<string, unknown>).entry = { rule: 'dte_window', min: 50, max: 40, target: 45 }),
    ),
    'condor.entry',
    /min <= target <= max/,
  );
  expectKeyPath(
    withChange((d) => (d.capital = -5)),
    'capital',
    /0/,
  );
  expectKeyPath(
    withChange((d) => (d.am_settlement = 'soq')),
    'am_settlement',
    /expected one of "open"\|"spy_open_proxy"/,
  );
  expectKeyPath(
    withChange((d) => (d.version = 2)),
    'version',
    /1/,
  );
});

test('expressions are parsed: an unknown signal is an error at its key path', () => {
  expectKeyPath(
    withChange(
      (d) =>
        (((d.layers as unknown[])[1] as Record<string, unknown>).trigger =
          'rsi14 < 35 and backwardaton > 0.03'),
    ),
    'layers[1].trigger',
    /backwardaton/,
  );
  expectKeyPath(
    withChange((d) => (((d.layers as unknown[])[2] as Record<string, unknown>).trigger = 'vix >')),
    'layers[2].trigger',
    /./,
  );
});

test('a sizing rule that names a missing layer is an error', () => {
  expectKeyPath(
    withChange((d) => {
      const fin = (d.layers as Record<string, unknown>[])[3];
      ((fin.use as Record<string, unknown>[])[0].sizing as Record<string, unknown>).layer = 'L9';
    }),
    'layers[3].use[0].sizing.layer',
    /no layer named 'L9'/,
  );
});

test('bad YAML gives the line and column', () => {
  assert.throws(
    () => parseStrategyText('version: 1\nname: [unclosed\n', 'bad.yaml'),
    /bad\.yaml: \(root\): not valid YAML\/JSON at line \d+, column \d+/,
  );
});

test('property: random edits of a strategy file validate or fail with a StrategyError, never crash', () => {
  const base = parseYaml(alvhText) as Record<string, unknown>;
  const value = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: false }),
    fc.integer({ min: -100, max: 100 }),
    fc.string({ maxLength: 12 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
  );
  const paths: string[][] = [];
  const collect = (node: unknown, path: string[]): void => {
    paths.push(path);
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) collect(v, [...path, k]);
  };
  collect(base, []);
  fc.assert(
    fc.property(
      fc.constantFrom(...paths.filter((p) => p.length > 0)),
      value,
      fc.boolean(),
      (path, v, remove) => {
        const doc = structuredClone(base);
        let node = doc as Record<string, unknown>;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
        if (remove) delete node[path[path.length - 1]];
        else node[path[path.length - 1]] = v;
        try {
          parseStrategyText(JSON.stringify(doc), 'fuzz.json');
        } catch (err) {
          assert.ok(err instanceof StrategyError, `not a StrategyError: ${String(err)}`);
        }
      },
    ),
    { numRuns: 400 },
  );
});
