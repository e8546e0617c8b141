// The market as the hedge sees it: how often the preset's triggers hold, how often the VIX curve is inverted,
// how fast each VX tenor rolls down, what an L1 call keeps of its premium, and what the ALVH book spends on
// hedges against the condor credit it takes. Computed the same way on real and synthetic panels.
import type { Panel } from '../market/panel.js';
import { chooseVixExpiry } from '../strategy/expiry-rules.js';
import { VIX_STRIKE_STEP } from '../strategy/layer-instruments.js';
import { VIX_OPTION } from '../instruments/instrument.js';
import { MarketContext } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';
import { firstTradableIndex, runBacktest } from '../engine/run-backtest.js';
import { computeSignals } from '../signals/signal-table.js';
import { compileTrigger, parseTrigger } from '../signals/trigger.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { marketStats, sameContractSteps, statRows } from './stats.js';

export interface HedgeStats {
  /** Days a year on which the layer's trigger holds (over the days the book could trade). */
  triggerDaysPerYear: Record<string, number>;
  /** Share of days with M1 above M2 (backwardation > 0). */
  shareBackwardation: number;
  /** Mean daily log change of the n-th VX future on the same contract, a year (negative: it rolls down). */
  rollYield: [number, number, number, number];
  /** An L1 call bought every fifth day as the strategy's L1 buys it: its value at the roll over its premium. */
  l1PremiumRetained: number;
  /** The ALVH book's net hedge premium over its condor credit, over the whole run. */
  hedgeSpendShareOfCredit: number;
}

/** The layers whose trigger days are counted. */
export const TRIGGER_LAYERS = ['L2', 'L3', 'financing'] as const;
/** An L1 sample call every this many trading days (a condor enters about every 21). */
const L1_SAMPLE_EVERY = 5;

/** Mean daily log change of the n-th future (0 = M1) on the same contract from day `from` on, a year. */
export function rollYield(panel: Panel, nth: number, from = 0): number {
  let sum = 0;
  let count = 0;
  sameContractSteps(panel, nth, from, (_, settle, prevSettle) => {
    sum += Math.log(settle / prevSettle);
    count++;
  });
  return count > 0 ? (sum / count) * 252 : NaN;
}

/** Value at the roll over the premium, summed over sample calls of the strategy's L1 (NaN without an L1 VIX call). */
function l1Retained(market: MarketContext, strategy: LoadedStrategy, from: number): number {
  const l1 = strategy.strategy.layers.find((l) => l.name === 'L1');
  const choice = l1?.use.find((u) => u.instrument.type === 'vix_call');
  if (!l1 || !choice || choice.instrument.type !== 'vix_call') return NaN;
  const spec = choice.instrument;
  const rollAt = l1.exits.roll_at_dte ?? 0;
  const panel = market.panel;
  let paid = 0;
  let kept = 0;
  const view = new ModelView(market);
  const early = VIX_OPTION.stopsTradingDaysEarly;
  for (let i = from; i < panel.n; i += L1_SAMPLE_EVERY) {
    if (market.vixUnpriceableReason(i) !== null || market.unpriceableReason(i) !== null) continue;
    const expiry = chooseVixExpiry(view.moveTo(i), spec.expiry);
    if (typeof expiry === 'string') continue;
    const strike = market.vixStrikeForDelta(i, true, spec.delta, expiry, early, VIX_STRIKE_STEP);
    const premium = market.vixMid(i, true, strike, expiry, early);
    let j = i + 1;
    while (j < panel.n && expiry - panel.days[j] > rollAt) j++;
    if (j >= panel.n || !(premium > 0)) continue;
    const value =
      panel.days[j] >= expiry
        ? Math.max(panel.series.vixOpen[j] - strike, 0)
        : market.vixMid(j, true, strike, expiry, early);
    if (!Number.isFinite(value)) continue;
    paid += premium;
    kept += value;
  }
  return paid > 0 ? kept / paid : NaN;
}

export function hedgeStats(panel: Panel, strategy: LoadedStrategy): HedgeStats {
  const signals = computeSignals(panel, strategy.strategy.signals);
  const first = firstTradableIndex(panel, signals);
  const from = first < 0 ? panel.n : first;
  const days = panel.n - from;
  const years = days / 252;
  const triggerDaysPerYear: Record<string, number> = {};
  for (const name of TRIGGER_LAYERS) {
    const layer = strategy.strategy.layers.find((l) => l.name === name);
    if (!layer) {
      triggerDaysPerYear[name] = NaN;
      continue;
    }
    const holds = compileTrigger(parseTrigger(layer.trigger, signals.names), signals);
    let count = 0;
    for (let i = from; i < panel.n; i++) if (holds(i)) count++;
    triggerDaysPerYear[name] = years > 0 ? count / years : NaN;
  }
  const back = signals.get('backwardation');
  let inverted = 0;
  let known = 0;
  for (let i = from; i < panel.n; i++)
    if (Number.isFinite(back[i])) {
      known++;
      if (back[i] > 0) inverted++;
    }
  const market = new MarketContext(panel);
  let spendShare = NaN;
  if (first >= 0) {
    const main = runBacktest(panel, strategy, []).run.books[0];
    const total = (x: Float64Array | undefined): number => {
      let sum = 0;
      for (const v of x ?? []) sum += v;
      return sum;
    };
    const credit = total(main.coreCredit);
    spendShare = credit > 0 ? total(main.hedgeSpend) / credit : NaN;
  }
  return {
    triggerDaysPerYear,
    shareBackwardation: known > 0 ? inverted / known : NaN,
    rollYield: [0, 1, 2, 3].map((k) => rollYield(panel, k, from)) as HedgeStats['rollYield'],
    l1PremiumRetained: l1Retained(market, strategy, from),
    hedgeSpendShareOfCredit: spendShare,
  };
}

/** The hedge statistics as flat rows (name, value), in a fixed order, after `statRows`. */
export function hedgeStatRows(h: HedgeStats): [string, number][] {
  return [
    ...TRIGGER_LAYERS.map((name): [string, number] => [
      `${name} trigger days a year`,
      h.triggerDaysPerYear[name],
    ]),
    ['share of days in backwardation (M1 > M2)', h.shareBackwardation],
    ...h.rollYield.map((r, k): [string, number] => [`VX M${k + 1} roll yield a year (mean log change)`, r]),
    ["L1 call's value at its roll / premium", h.l1PremiumRetained],
    ['ALVH hedge spend / condor credit', h.hedgeSpendShareOfCredit],
  ];
}

/** Every statistic `alvh sim check` compares: the market's (stats.ts), then the hedge's. */
export function checkRows(panel: Panel, strategy: LoadedStrategy): [string, number][] {
  return [...statRows(marketStats(panel)), ...hedgeStatRows(hedgeStats(panel, strategy))];
}
