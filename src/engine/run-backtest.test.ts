// The backtest driver: baselines on the main book's core, spend matching (spend, cost, none), run notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrategyError } from '../core/errors.js';
import { baselineCoreConflicts } from '../strategy/baseline.js';
import { loadStrategy, parseStrategyText, PRESET_NAMES } from '../strategy/load.js';
import type { BookResult } from './result.js';
import {
  matchScale,
  runBacktest,
  yearlySpendRate,
  type MatchedScale,
  type ScaleMemo,
  type SmileLevelMemo,
} from './run-backtest.js';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';

const HEDGED = parseStrategyText(
  `
version: 1
name: hedged
title: hedged
# The crash scenario below was laid out around v1.0's entry days (the first day of the 40-50 day window).
condor:
  entry: { rule: dte_window, min: 40, max: 50, target: 45, day: first_in_window }
layers:
  - name: L1
    entry_on: condor_entry
    trigger: always
    max_open: 12
    use:
      - instrument: { type: vix_call, expiry: { target_dte: 75, min_dte: 50, max_dte: 110 }, delta: 0.2 }
        sizing: { basis: condor_credit, fraction: 0.1, of: entering }
    exits: { profit_multiple: 3, with_condor: true }
`,
  'hedged.yaml',
);

/** Ten months of a quiet market with a two-week crash in March 2024 (VIX 40): the VIX calls pay. */
const crash = (iso: string): boolean => iso >= '2024-03-04' && iso <= '2024-03-15';
const panel = scenarioPanel({
  from: '2023-06-01',
  to: '2024-06-28',
  spx: (k, iso) => {
    const level = crash(iso) ? 4300 : iso > '2024-03-15' ? 4400 : 4700 + 2 * (k % 5);
    return { open: level, close: level };
  },
  vix: (k, iso) => (crash(iso) ? 40 : 13 + (k % 3)),
});
const baselines = ['vxth', 'put-spread', 'size-cut'].map((name) => loadStrategy(name));

test('a baseline that sets core settings other than the main book is an error naming the key paths', () => {
  const base = parseStrategyText(
    `
version: 1
name: my-puts
title: my puts
capital: 1000000
costs: { spread_paid: 1 }
condor: { short_delta: 0.2, size_factor: 0.5, profit_take: 0.5 }
layers: []
`,
    'my-puts.yaml',
  );
  assert.throws(
    () => runBacktest(panel, HEDGED, [base]),
    (err: unknown) => {
      assert.ok(err instanceof StrategyError);
      assert.equal(err.keyPath, 'costs.spread_paid');
      // capital and profit_take equal the main book's, size_factor is the baseline's own: not listed.
      assert.match(err.message, /my-puts\.yaml: costs\.spread_paid: baselines run on the main book's core/);
      assert.match(err.message, /sets costs\.spread_paid, condor\.short_delta to a value other than/);
      return true;
    },
  );
});

test('the shipped baselines run beside the alvh preset and beside a strategy with another core', () => {
  const other = parseStrategyText(
    'version: 1\nname: mine\ntitle: mine\ncondor: { short_delta: 0.2, risk_fraction: 0.05 }\ncosts: { spread_paid: 1 }\n',
    'mine.yaml',
  ).strategy;
  // alvh, its VX-futures reading and the Cboe benchmark presets are main strategies, with cores of their own.
  const mains = ['alvh', 'alvh-vx-futures', 'cndr', 'put', 'bxm', 'pput', 'cll', 'bfly'];
  for (const name of PRESET_NAMES.filter((n) => !mains.includes(n))) {
    const preset = loadStrategy(name);
    assert.deepEqual(baselineCoreConflicts(loadStrategy('alvh').strategy, preset), [], name);
    assert.deepEqual(baselineCoreConflicts(other, preset), [], name);
  }
  // cndr is a core of its own: as a baseline it would be silently re-cored, so it is refused.
  assert.deepEqual(baselineCoreConflicts(loadStrategy('alvh').strategy, loadStrategy('cndr')), [
    'am_settlement',
    'condor.entry.rule',
    'condor.short_delta',
    'condor.wings.rule',
    'condor.wings.delta',
    'condor.profit_take',
    'condor.stop_loss_multiple',
  ]);
});

test('baselines match the main book on yearly hedge spend by default, even when its hedge made money', () => {
  const { run, notes } = runBacktest(panel, HEDGED, baselines);
  const book = (name: string) => run.books.find((b) => b.name === name)!;
  const target = yearlySpendRate(book('hedged'), 'hedgeSpend');
  assert.ok(target > 0.01, `the main book spends ${target}`);
  const sleevePnl = book('hedged').layers.L1.mtmPnl.reduce((s, x) => s + x, 0);
  assert.ok(sleevePnl > 0, `the main hedge made money (${sleevePnl}): cost matching would skip`);
  for (const name of ['vxth', 'put-spread']) {
    const spend = yearlySpendRate(book(name), 'hedgeSpend');
    assert.ok(Math.abs(spend / target - 1) < 0.02, `${name} spends ${spend} against ${target}`);
  }
  // The size cut gives up the share of its condor credit that the main book spends on hedges.
  const credit = (name: string) => book(name).coreCredit!.reduce((s, x) => s + x, 0);
  const share = book('hedged').hedgeSpend!.reduce((s, x) => s + x, 0) / credit('hedged');
  const givenUp =
    1 - yearlySpendRate(book('size-cut'), 'coreCredit') / yearlySpendRate(book('unhedged'), 'coreCredit');
  assert.ok(Math.abs(givenUp - share) < 0.01, `size cut gives up ${givenUp}, the main book spends ${share}`);
  assert.ok(notes.some((n) => /^baselines matched on spend \(--match spend\)/.test(n)));
  assert.ok(notes.some((n) => /^vxth: hedge budget x[\d.]+ for a spend of [\d.]+% a year \(target/.test(n)));
  assert.ok(notes.some((n) => /^size-cut: condor size x[\d.]+; .* of the credit given up \(target/.test(n)));
});

test('--match cost keeps the old reading (nothing to match when the hedge made money); none skips matching', () => {
  const cost = runBacktest(panel, HEDGED, baselines, { match: 'cost' });
  assert.equal(cost.notes.filter((n) => /nothing to match; run at preset size/.test(n)).length, 3);
  const none = runBacktest(panel, HEDGED, baselines, { match: 'none' });
  assert.ok(none.notes.includes('baselines at their preset sizes (--match none)'));
  const sizeCut = none.run.books.find((b) => b.name === 'size-cut')!;
  const unhedged = none.run.books.find((b) => b.name === 'unhedged')!;
  assert.deepEqual(sizeCut.equity, unhedged.equity, 'size-cut at preset size is the unhedged book');
});

test('the run notes list each AM settlement on an open equal to the previous close', () => {
  // The scenario's opens equal its closes, so every monthly expiration day after a day at the same level
  // repeats the previous close: 2024-03-15 (4300 after 4300), 2024-04-19, 2024-05-17, 2024-06-21 (4400).
  // The condors close early on their profit take here; the put-spread baseline holds its spreads to the
  // condors' expirations, so its book is the one that settles them. Any book's settlements count.
  const { notes } = runBacktest(panel, HEDGED, [loadStrategy('put-spread')]);
  assert.ok(
    notes.includes(
      'AM settlement on the previous close: on 4 expiration day(s) of this run the SPX open equals the previous close exactly (the data had no opening print), so AM-settled legs settled on the previous close: 2024-03-15, 2024-04-19, 2024-05-17, 2024-06-21',
    ),
    notes.join('\n'),
  );
});

/** A scale memo in memory. */
function memoryMemo(): ScaleMemo & { kept: Map<string, MatchedScale> } {
  const kept = new Map<string, MatchedScale>();
  return { kept, recall: (key) => kept.get(key), remember: (key, m) => void kept.set(key, m) };
}

test('a scale memo: a run that finds its scales gives the same books and notes as the search', () => {
  const searched = runBacktest(panel, HEDGED, baselines);
  const memo = memoryMemo();
  const cold = runBacktest(panel, HEDGED, baselines, { scaleMemo: memo });
  assert.deepEqual(cold, searched, 'a cold memo changes nothing');
  // One search per matched baseline (the two budgets and the size cut), keyed apart.
  assert.equal(memo.kept.size, 3);
  const warm = runBacktest(panel, HEDGED, baselines, { scaleMemo: memo });
  assert.deepEqual(warm, searched, 'a warm memo changes nothing');
  // Other dates are other keys: never a scale found for another run.
  runBacktest(panel, HEDGED, baselines, { scaleMemo: memo, from: '2023-09-01' });
  assert.equal(memo.kept.size, 6);
});

test('a smile-level memo: levels solved by one run price the next exactly, fallback notes and all', () => {
  const searched = runBacktest(panel, HEDGED, baselines);
  assert.ok(
    searched.notes.some((n) => n.startsWith('pricing fallback: ')),
    'the scenario has fallbacks',
  );
  const kept = new Map<string, Float64Array>();
  const memo: SmileLevelMemo = { recall: (k) => kept.get(k), remember: (k, l) => void kept.set(k, l) };
  assert.deepEqual(runBacktest(panel, HEDGED, baselines, { smileLevelMemo: memo }), searched);
  assert.equal(kept.size, 1);
  const [levels] = kept.values();
  assert.equal(levels.length, panel.n);
  assert.ok(levels.some((x) => !Number.isNaN(x)));
  // A later run on a shorter window finds every level it needs and solves none.
  const warm = runBacktest(panel, HEDGED, baselines, { smileLevelMemo: memo });
  assert.deepEqual(warm, searched, 'the levels rebuild the same smiles');
  const short = runBacktest(panel, HEDGED, baselines, { from: '2024-01-02', smileLevelMemo: memo });
  assert.deepEqual(short, runBacktest(panel, HEDGED, baselines, { from: '2024-01-02' }));
});

/** A book whose spend grows with the square of its scale, in whole steps: the search has to home in. */
const stepBook = (scale: number): BookResult => ({ scale }) as unknown as BookResult;
const stepSpend = (book: BookResult): number =>
  Math.floor((book as unknown as { scale: number }).scale ** 2 * 400) * 0.00075;

test('matchScale: a remembered search is replayed with one run, and searched again when it no longer holds', () => {
  let runs = 0;
  const runAt = (scale: number): BookResult => (runs++, stepBook(scale));
  const target = 0.2;
  const searched = matchScale(runAt, stepSpend, target);
  assert.ok(runs > 2, `the search ran ${runs} books`);
  assert.ok(Math.abs(searched.measured / target - 1) < 0.005);
  const memo = { scale: searched.scale, target, measured: searched.measured };
  runs = 0;
  assert.deepEqual(matchScale(runAt, stepSpend, target, memo), searched);
  assert.equal(runs, 1, 'the remembered scale, run once');
  // The book at the remembered scale measures otherwise now, or the target moved: the search runs again.
  for (const stale of [
    { ...memo, measured: memo.measured * 1.001 },
    { ...memo, target: target * 1.001 },
  ]) {
    runs = 0;
    assert.deepEqual(matchScale(runAt, stepSpend, target, stale), searched);
    assert.ok(runs > 2, `searched again: ${runs} books`);
  }
});
