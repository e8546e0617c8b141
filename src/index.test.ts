// The public API: its surface pinned at the type level (this file stops compiling when it drifts), its
// behaviour beside the command line's, its errors, and the README's "Use as a library" example run as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './cli/spawn-cli.test-helper.js';
import { packageRoot } from './core/paths.js';
import * as alvh from './index.js';
import {
  ArgumentError,
  DEFAULT_BASELINES,
  DEFAULT_SYNTHETIC,
  loadMarket,
  loadChains,
  loadStrategy,
  runBacktest,
  simulateMarket,
  summarize,
  tradingWindow,
  UserError,
  type BacktestOptions,
  type Chains,
  type BacktestResult,
  type LoadedStrategy,
  type LoadMarketOptions,
  type Market,
  type RunSummary,
  type ScaleMemo,
  type SmileLevelMemo,
  type StrategyInput,
  type SyntheticMarketOptions,
  type WindowOptions,
} from './index.js';

/** True when A and B are assignable both ways; `expectType<Same<A, B>>()` fails to compile otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

// The value exports, all of them: a new export, or one gone, is a change of the public surface.
expectType<
  Same<
    keyof typeof alvh,
    | 'loadMarket'
    | 'loadChains'
    | 'simulateMarket'
    | 'DEFAULT_SYNTHETIC'
    | 'loadStrategy'
    | 'PRESET_NAMES'
    | 'runBacktest'
    | 'summarize'
    | 'tradingWindow'
    | 'DEFAULT_BASELINES'
    | 'UserError'
    | 'ArgumentError'
    | 'DataError'
    | 'StrategyError'
  >
>();
// The signatures the issue names, and the option shapes a user writes.
expectType<Same<SyntheticMarketOptions, { seed: number; years: number; start?: string }>>();
expectType<
  Same<
    LoadMarketOptions,
    {
      data?: string;
      manifest?: string;
      synthetic?: SyntheticMarketOptions;
      history?: 'real' | 'modelled';
    }
  >
>();
expectType<Same<Parameters<typeof loadMarket>, [opts?: LoadMarketOptions]>>();
expectType<Same<typeof simulateMarket, (opts: SyntheticMarketOptions) => Market>>();
expectType<Same<typeof loadStrategy, (nameOrPath: string) => LoadedStrategy>>();
expectType<Same<StrategyInput, string | LoadedStrategy>>();
expectType<
  Same<
    BacktestOptions,
    {
      baselines?: StrategyInput[];
      from?: string | null;
      to?: string | null;
      firstDay?: 'strategy_inputs' | 'all_inputs';
      match?: 'spend' | 'cost' | 'none';
      chains?: Chains;
      onBook?: (name: string, done: number, total: number) => void;
      scaleMemo?: ScaleMemo;
      smileLevelMemo?: SmileLevelMemo;
    }
  >
>();
expectType<
  Same<
    SmileLevelMemo,
    { recall(key: string): Float64Array | undefined; remember(key: string, levels: Float64Array): void }
  >
>();
expectType<
  Same<
    ScaleMemo,
    {
      recall(key: string): { scale: number; target: number; measured: number } | undefined;
      remember(key: string, matched: { scale: number; target: number; measured: number }): void;
    }
  >
>();
expectType<
  Same<
    typeof runBacktest,
    (market: Market, strategy: StrategyInput, opts?: BacktestOptions) => BacktestResult
  >
>();
expectType<Same<ReturnType<typeof summarize>, RunSummary>>();
expectType<Same<WindowOptions, Pick<BacktestOptions, 'from' | 'to' | 'firstDay'>>>();
expectType<
  Same<
    typeof tradingWindow,
    (
      market: Market,
      strategy: StrategyInput,
      opts?: WindowOptions,
    ) => { first: number; start: number; end: number; inputs: string }
  >
>();
expectType<Same<typeof loadChains, (path: string, market: Market) => Promise<Chains>>>();
expectType<Same<Market['source'], 'real' | 'synthetic'>>();
expectType<Same<BacktestResult['strategy'], LoadedStrategy>>();

test('the runtime exports are exactly the typed ones', () => {
  assert.deepEqual(Object.keys(alvh).sort(), [
    'ArgumentError',
    'DEFAULT_BASELINES',
    'DEFAULT_SYNTHETIC',
    'DataError',
    'PRESET_NAMES',
    'StrategyError',
    'UserError',
    'loadChains',
    'loadMarket',
    'loadStrategy',
    'runBacktest',
    'simulateMarket',
    'summarize',
    'tradingWindow',
  ]);
});

test('summarize gives exactly the summary object of the summary.json that alvh backtest writes', async () => {
  const out = mkdtempSync(join(tmpdir(), 'alvh-api-'));
  try {
    const cli = await runCli([
      'backtest',
      '--years',
      '3',
      '--seed',
      '5',
      '--baselines',
      'vxth',
      '--out',
      out,
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const result = runBacktest(loadMarket({ synthetic: { seed: 5, years: 3 } }), 'alvh', {
      baselines: ['vxth'],
    });
    const summary = summarize(result);
    assert.deepEqual(summary, written.summary);
    assert.deepEqual(
      summary.books.map((b) => b.name),
      ['alvh', 'unhedged', 'vxth'],
    );
    // The result says what ran: the hashes summary.json records for the strategy and each book.
    assert.equal(result.strategy.hash, written.strategy.hash);
    assert.deepEqual(
      result.run.books.map((b) => b.strategyHash),
      written.books.map((b: { strategy_hash: string }) => b.strategy_hash),
    );
    assert.deepEqual(result.notes, written.notes);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('loadMarket: the default synthetic market, a synthetic market from its options, real data from a folder', () => {
  const byDefault = loadMarket();
  assert.equal(byDefault.source, 'synthetic');
  assert.equal(byDefault.fingerprint, simulateMarket(DEFAULT_SYNTHETIC).fingerprint);
  const a = loadMarket({ synthetic: { seed: 3, years: 2, start: '2010-01-04' } });
  assert.equal(a.dates[0], '2010-01-04');
  assert.ok(a.n > 2 * 248 && a.n < 2 * 254, `${a.n} trading days in two years`);
  assert.notEqual(
    a.fingerprint,
    loadMarket({ synthetic: { seed: 4, years: 2, start: '2010-01-04' } }).fingerprint,
  );
  assert.deepEqual(
    simulateMarket({ seed: 3, years: 2, start: '2010-01-04' }).series.spxClose,
    a.series.spxClose,
  );
  const mini = loadMarket({ data: resolve(packageRoot(), 'test', 'fixtures', 'market', 'mini') });
  assert.equal(mini.source, 'real');
});

test('bad options are one-line user errors naming the function and the key', () => {
  const market = simulateMarket({ seed: 1, years: 2 });
  const cases: [() => unknown, RegExp][] = [
    [
      () => loadMarket({ data: 'x', synthetic: { seed: 1, years: 2 } }),
      /^loadMarket: give either data .* not both$/,
    ],
    [() => loadMarket({ synthetic: { seed: 1, years: 0 } }), /^loadMarket: synthetic\.years: /],
    [() => loadMarket({ manifest: 'm.json' }), /^loadMarket: manifest: manifest needs data/],
    [
      () => loadMarket({ dat: 'x' } as LoadMarketOptions),
      /^loadMarket: unknown key 'dat' \(did you mean 'data'\?\)$/,
    ],
    [() => simulateMarket({ seed: -1, years: 2 }), /^simulateMarket: seed: /],
    [() => runBacktest(market, 'no-such-preset'), /cannot read strategy 'no-such-preset'/],
    [() => runBacktest(market, 'alvh', { baselines: 'vxth' } as never), /^runBacktest: baselines: /],
    [() => runBacktest(market, 'alvh', { to: '2024-13-01' }), /^runBacktest: to: /],
    [() => runBacktest(market, 42 as never), /^runBacktest\(strategy\): expected a preset name/],
    [() => runBacktest(market, 'alvh', { firstDay: 'now' as never }), /^runBacktest: firstDay: /],
    [() => tradingWindow(market, 'alvh', { from: 'x' }), /^tradingWindow: from: /],
    [
      () => loadMarket({ history: 'modelled', synthetic: { seed: 1, years: 2 } }),
      /^loadMarket: history: history 'modelled' fills gaps in real data/,
    ],
  ];
  for (const [call, pattern] of cases)
    assert.throws(call, (err: unknown) => {
      assert.ok(err instanceof UserError, `a user error: ${String(err)}`);
      assert.match(err.message, pattern);
      assert.equal(err.message.split('\n').length, 1);
      return true;
    });
  assert.throws(() => loadMarket({ synthetic: { seed: 1, years: 0 } }), ArgumentError);
});

test('runBacktest runs the CLI default baselines unless told otherwise, and takes loaded strategies', () => {
  const market = simulateMarket({ seed: 2, years: 2 });
  const byName = runBacktest(market, 'alvh', { baselines: [] });
  const byLoaded = runBacktest(market, loadStrategy('alvh'), { baselines: [] });
  assert.deepEqual(byLoaded.run.books[0].equity, byName.run.books[0].equity);
  const full = runBacktest(market, 'alvh');
  assert.deepEqual(
    full.baselines.map((b) => b.strategy.name),
    [...DEFAULT_BASELINES],
  );
  assert.deepEqual(full.run.books[0].ledger, byName.run.books[0].ledger);
  const cut = runBacktest(market, 'alvh', { baselines: [], to: market.dates[300] });
  assert.equal(cut.run.to, market.dates[300]);
  assert.deepEqual(
    cut.run.books[0].equity,
    byName.run.books[0].equity.slice(0, cut.run.books[0].equity.length),
  );
});

test('tradingWindow is the window runBacktest runs; firstDay moves a core-only book to where SPX and VIX start', () => {
  const market = simulateMarket({ seed: 2, years: 3 });
  const w = tradingWindow(market, 'alvh', { to: market.dates[400] });
  const run = runBacktest(market, 'alvh', { baselines: [], to: market.dates[400] }).run;
  assert.deepEqual([run.from, run.to], [market.dates[w.start], market.dates[w.end]]);
  // The put-write benchmark trades no VIX instrument: with strategy_inputs it starts on the first day with
  // SPX and VIX, with all_inputs where the VIX complex and the signals are warm, later.
  const own = tradingWindow(market, 'put', { firstDay: 'strategy_inputs' });
  const all = tradingWindow(market, 'put', { firstDay: 'all_inputs' });
  assert.ok(own.start < all.start, `${own.start} < ${all.start}`);
  assert.equal(
    runBacktest(market, 'put', { baselines: [], firstDay: 'all_inputs' }).run.from,
    market.dates[all.start],
  );
});

/** The first ```js block under the README's "## Use as a library" heading. */
function readmeExample(): string {
  const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Use as a library\n'));
  assert.ok(section, 'README.md has a section "Use as a library"');
  const block = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the section has a js code block');
  return block[1];
}

test("README: the 'Use as a library' example runs as written against the package, and prints the API's numbers", () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-readme-'));
  try {
    // A user's project: the example imports 'alvh', resolved through node_modules to this package's `main`.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot(), join(dir, 'node_modules', 'alvh'), 'dir');
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
    assert.ok(existsSync(join(packageRoot(), pkg.types)), `types file ${pkg.types} exists`);
    writeFileSync(join(dir, 'example.mjs'), readmeExample());
    const stdout = execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    const summary = summarize(
      runBacktest(loadMarket({ synthetic: { seed: 7, years: 5 } }), 'alvh', { baselines: ['vxth'] }),
    );
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, summary.books.length + summary.claims.length, stdout);
    summary.books.forEach((b, k) => {
      const m = /^(\S+): CAGR (-?\d+\.\d+)%, max drawdown (-?\d+\.\d+)%$/.exec(lines[k]);
      assert.ok(m, lines[k]);
      assert.equal(m[1], b.name);
      assert.ok(Math.abs(Number(m[2]) / 100 - b.cagr!) <= 0.00005, `${b.name} CAGR ${m[2]}% vs ${b.cagr}`);
      assert.ok(Math.abs(Number(m[3]) / 100 - b.maxDrawdown.depth!) <= 0.00005, `${b.name} drawdown`);
    });
    summary.claims.forEach((c, k) => assert.equal(lines[summary.books.length + k], `${c.id}: ${c.verdict}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
