// Scenario books for engine tests (test-only): a strategy's one book run over a hand-made market
// (market/scenario-panel.test-helper.ts), and the strategy texts the tests share.
import { scenarioPanel, type ScenarioSpec } from '../market/scenario-panel.test-helper.js';
import type { Panel } from '../market/panel.js';
import { computeSignals } from '../signals/signal-table.js';
import { parseStrategyText } from '../strategy/load.js';
import type { Strategy } from '../strategy/schema.js';
import { MarketContext } from '../view/market-context.js';
import type { QuoteSource } from '../view/quote-view.js';
import type { BookResult } from './result.js';
import { runBook } from './run-book.js';

/** One book of a strategy (YAML/JSON text) run over a scenario's whole panel, for tests and examples. */
export function runScenario(
  strategyText: string,
  spec: ScenarioSpec,
  opts: { quotes?: QuoteSource } = {},
): { book: BookResult; panel: Panel; market: MarketContext; strategy: Strategy } {
  const strategy = parseStrategyText(strategyText, 'scenario.yaml').strategy;
  const panel = scenarioPanel(spec);
  const market = new MarketContext(panel);
  const signals = computeSignals(panel, strategy.signals);
  const book = runBook(strategy, market, signals, {
    name: strategy.name,
    title: strategy.title,
    strategyHash: 'scenario',
    start: 0,
    end: panel.n - 1,
    spendScale: 1,
    sizeFactor: 1,
    quotes: opts.quotes,
  });
  return { book, panel, market, strategy };
}

/**
 * Strategy text of a condor book (condor settings as YAML flow text) whose one layer, L1, buys VIX calls
 * at the nth VIX expiration with each condor, for a tenth of its credit, and holds them to expiration.
 */
export function condorWithVixCalls(condor: string, nth: number, delta: number): string {
  return `
version: 1
name: vix-calls
title: condors with VIX calls
condor: ${condor}
layers:
  - name: L1
    entry_on: condor_entry
    trigger: always
    use:
      - instrument: { type: vix_call, expiry: { nth: ${nth} }, delta: ${delta} }
        sizing: { basis: condor_credit, fraction: 0.1, of: entering }
`;
}
