import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoToDay } from '../core/dates.js';
import { SPX_OPTION, type LegTerms } from '../instruments/instrument.js';
import { scenarioPanel, type ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import type { LegQuote, QuoteSource } from '../view/quote-view.js';
import type { BookResult } from './result.js';
import { runScenario } from './scenario-panel.test-helper.js';

const STRATEGY = `
version: 1
name: test
title: test
capital: 1000000
costs: { spread_paid: 0.5 }
`;

const SCENARIO: ScenarioSpec = {
  from: '2024-01-02',
  to: '2024-02-23',
  spx: () => ({ open: 4700, close: 4700 }),
  vix: () => 13,
};

/** A quoted mid that falls with distance from 4700 (so a condor nets a credit), 0.20 wide. */
const quotedMid = (leg: LegTerms): number => (leg.isCall ? 60 - leg.strike / 100 : leg.strike / 100 - 40);

/** Quotes every SPX option on one day; lists no strikes (the model picks them). */
class OneDayQuotes implements QuoteSource {
  constructor(private readonly day: number) {}
  quote(day: number, leg: LegTerms): LegQuote | null {
    if (day !== this.day || leg.instrument.underlying !== 'SPX') return null;
    const mid = quotedMid(leg);
    return { bid: mid - 0.1, ask: mid + 0.1 };
  }
  listed(): readonly { strike: number; delta: number }[] {
    return [];
  }
}

const run = (quotes?: QuoteSource): BookResult => runScenario(STRATEGY, SCENARIO, { quotes }).book;

test('with quotes on no day the run is the model run, and every fill and mark is counted as the model', () => {
  const model = run();
  const quoted = run(new OneDayQuotes(-1));
  assert.deepEqual(quoted.ledger, model.ledger);
  assert.deepEqual(Array.from(quoted.equity), Array.from(model.equity));
  assert.equal(model.pricing, undefined, 'a model run reports no pricing counts');
  const p = quoted.pricing!;
  assert.equal(p.quoteFills + p.quoteMarks, 0);
  const optionFills = model.ledger.filter((t) => t.cost > 0).length;
  assert.equal(p.modelFills, optionFills, 'one count per option fill');
});

test("a fill on a quoted day pays the quote's own spread: mid plus or minus half of its half-width", () => {
  const model = run();
  const entry = model.ledger.find((t) => t.reason === 'open')!;
  const quoted = run(new OneDayQuotes(isoToDay(entry.date)));
  const opens = quoted.ledger.filter((t) => t.reason === 'open' && t.date === entry.date);
  assert.equal(opens.length, 4, 'the condor opened on the same day, four legs');
  for (const o of opens) {
    // spread_paid 0.5 of the quoted half-spread 0.10 beyond the quoted mid.
    const [, , side, strike] = o.instrument.split(' ');
    const mid = quotedMid({
      instrument: SPX_OPTION,
      isCall: side === 'C',
      strike: Number(strike),
      expiry: 0,
    });
    assert.ok(Math.abs(o.modelPrice - mid) < 1e-9, `${o.instrument}: mid ${o.modelPrice} vs quote ${mid}`);
    assert.ok(
      Math.abs(o.price - (o.quantity > 0 ? mid + 0.05 : mid - 0.05)) < 1e-9,
      `${o.instrument}: ${o.price}`,
    );
  }
  assert.equal(quoted.pricing!.quoteFills, 4);
});

/** Quotes every SPX option on one day 1% above the model's mid, a tick wide. */
class ModelPlusOnePercent implements QuoteSource {
  private readonly view: ModelView;
  constructor(
    private readonly day: number,
    market: MarketContext,
  ) {
    this.view = new ModelView(market).moveTo(market.panel.days.indexOf(day));
  }
  quote(day: number, leg: LegTerms): LegQuote | null {
    if (day !== this.day || leg.instrument.underlying !== 'SPX') return null;
    const mid = 1.01 * this.view.mid(leg);
    return { bid: mid - 0.025, ask: mid + 0.025 };
  }
  listed(): readonly { strike: number; delta: number }[] {
    return [];
  }
}

test("the day after the entry, the close marks the condor's four legs from that day's quotes", () => {
  const model = run();
  const entry = model.ledger.find((t) => t.reason === 'open')!;
  const panel = scenarioPanel(SCENARIO);
  const t = panel.dates.indexOf(entry.date) + 1;
  const quoted = run(new ModelPlusOnePercent(panel.days[t], new MarketContext(panel)));
  assert.equal(quoted.pricing!.quoteFills, 0, 'nothing traded that day');
  assert.equal(quoted.pricing!.quoteMarks, 4, "the condor's four legs");
  assert.deepEqual(quoted.ledger, model.ledger);
  // Marked 1% above the model: the marked value of the legs is 1% more, the cash the same.
  assert.equal(quoted.cash[t], model.cash[t]);
  const modelMarks = model.equity[t] - model.cash[t];
  const quotedMarks = quoted.equity[t] - quoted.cash[t];
  assert.ok(Math.abs(quotedMarks - 1.01 * modelMarks) < 1e-6, `${quotedMarks} vs 1.01 x ${modelMarks}`);
  assert.equal(quoted.equity[t + 1], model.equity[t + 1], 'back on the model the next day');
});
