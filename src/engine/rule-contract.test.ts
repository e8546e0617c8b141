// One contract for every rule unit of the book (strategy/book-rules.ts), checked on each call the rule gets
// in runs of the presets on hand-made scenario markets: the decision is the same when asked twice, it leaves
// the book's state untouched, and it is the same when the market stops at that day (a view of the data cut
// after day i, a fresh model market): a rule sees day i and nothing later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../core/random.js';
import type { Panel } from '../market/panel.js';
import { computeSignals } from '../signals/signal-table.js';
import { BOOK_RULES, type BookRules } from '../strategy/book-rules.js';
import type { DayContext } from '../strategy/book-state.js';
import { loadStrategy } from '../strategy/load.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import { panelPrefix } from '../market/panel-prefix.test-helper.js';
import { firstTradableIndex } from './run-backtest.js';
import { runBook } from './run-book.js';
import { scenarioPanel } from '../market/scenario-panel.test-helper.js';

/** The book's state as a comparable value (instrument objects reduce to their roots). */
function stateOf(ctx: DayContext): string {
  const book = ctx.book as unknown as { cash: number; positions: unknown[]; ledger: unknown[] };
  return JSON.stringify({ cash: book.cash, positions: book.positions, ledger: book.ledger.length });
}

interface Calls {
  calls: number;
  decisions: number;
}

/** Wraps every rule of the table in the contract's checks, counting calls and non-empty decisions. */
function checkedRules(panel: Panel, counts: Record<keyof BookRules, Calls>): BookRules {
  const prefixViews = new Map<number, ModelView>();
  const prefixContext = (ctx: DayContext): DayContext => {
    const i = (ctx.view as ModelView).index;
    let view = prefixViews.get(i);
    if (view === undefined) {
      view = new ModelView(new MarketContext(panelPrefix(panel, i + 1))).moveTo(i);
      prefixViews.set(i, view);
    }
    // The same book (positions, cash, marks) quoting through the cut market's view.
    const book = Object.create(ctx.book, { view: { value: view } }) as DayContext['book'];
    return { view, book, holds: (c) => ctx.holds(c), signal: (name) => ctx.signal(name) };
  };
  const wrap = <K extends keyof BookRules>(name: K): BookRules[K] => {
    const rule = BOOK_RULES[name] as (ctx: DayContext, ...rest: unknown[]) => unknown;
    return ((ctx: DayContext, ...rest: unknown[]) => {
      const before = stateOf(ctx);
      const decision = rule(ctx, ...rest);
      assert.equal(stateOf(ctx), before, `${name} changed the book's state on ${ctx.view.date}`);
      assert.deepEqual(rule(ctx, ...rest), decision, `${name} decided differently when asked again`);
      assert.deepEqual(
        rule(prefixContext(ctx), ...rest),
        decision,
        `${name} on ${ctx.view.date} depends on data after that day`,
      );
      counts[name].calls++;
      const empty =
        decision === null ||
        (typeof decision === 'object' && (decision as { kind?: string }).kind === 'none');
      if (!empty) counts[name].decisions++;
      return decision;
    }) as BookRules[K];
  };
  return {
    condorEntry: wrap('condorEntry'),
    condorExit: wrap('condorExit'),
    layerEntry: wrap('layerEntry'),
    layerExit: wrap('layerExit'),
    crossRoll: wrap('crossRoll'),
  };
}

/** Eleven months of a random market with a crash (VIX spikes, the curve inverts), on real trading days. */
function crashMarket(seed: number): Panel {
  const rng = new Rng(seed);
  let s = 4500;
  let v = 13;
  const spx: { open: number; close: number }[] = [];
  const vix: number[] = [];
  for (let k = 0; k < 260; k++) {
    const jump = k >= 150 && k < 158 ? -0.035 : 0;
    const open = s * Math.exp(0.003 * rng.normal() + jump / 2);
    s = open * Math.exp((v / 100 / Math.sqrt(252)) * rng.normal() + jump / 2);
    v = Math.min(60, Math.max(10, v + 0.1 * (14 - v) + 0.8 * rng.normal() - 60 * jump));
    spx.push({ open, close: s });
    vix.push(v);
  }
  return scenarioPanel({
    from: '2023-01-03',
    to: '2023-12-15',
    spx: (k) => spx[k],
    vix: (k) => vix[k],
    future: (_k, spot, dte) => spot + (spot < 20 ? 1.2 : -2) * Math.sqrt(dte / 30),
    breadth: (k) => ({ advances: 1500 + ((k * 37) % 400), declines: 1400 + ((k * 53) % 500) }),
    fomcDays: [20, 60, 110, 140, 185, 230],
  });
}

test('every rule unit keeps the contract on every call in preset runs on scenario markets', () => {
  const counts = {
    condorEntry: { calls: 0, decisions: 0 },
    condorExit: { calls: 0, decisions: 0 },
    layerEntry: { calls: 0, decisions: 0 },
    layerExit: { calls: 0, decisions: 0 },
    crossRoll: { calls: 0, decisions: 0 },
  };
  for (const seed of [1, 2]) {
    const panel = crashMarket(seed);
    for (const preset of ['alvh', 'vxth', 'cndr', 'put-spread', 'cll']) {
      const strategy = loadStrategy(preset).strategy;
      const signals = computeSignals(panel, strategy.signals);
      const start = firstTradableIndex(panel, signals);
      runBook(strategy, new MarketContext(panel), signals, {
        name: preset,
        title: preset,
        strategyHash: 'contract',
        start,
        end: panel.n - 1,
        spendScale: 1,
        sizeFactor: 1,
        rules: checkedRules(panel, counts),
      });
    }
  }
  // The contract was exercised on real decisions of every rule, not only on days with nothing to do.
  // The cross-roll is asked only on days cll writes its call (one a month) and acts after a crash.
  for (const [name, c] of Object.entries(counts)) {
    const rare = name === 'crossRoll';
    assert.ok(c.calls >= (rare ? 10 : 20), `${name}: ${c.calls} calls`);
    assert.ok(c.decisions >= (rare ? 1 : 3), `${name}: ${c.decisions} decisions`);
  }
});
