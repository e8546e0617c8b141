// What can be traded: one declaration per tradable kind, carrying its contract multiplier, price tick,
// settlement print, margin rule, commission class and ledger label. Nothing here knows how it is priced.
import { dayToIso, type DayNumber } from '../core/dates.js';

/** The underlying whose model (or quotes) price the instrument. */
export type Underlying = 'SPX' | 'VIX';

/**
 * Which print settles an expiring position: the SPX open of the expiration day (AM, the SET), the SPX
 * close (PM), or the VIX open of the expiration morning (the SOQ's proxy, for VIX options and futures).
 */
export type SettlementPrint = 'spx_open' | 'spx_close' | 'vix_open';

/**
 * How a position in the instrument ties up collateral. `option`: long options their premium, defined-risk
 * credit packages their max loss, undefined-risk shorts the Reg-T requirement (strategy/margin.ts).
 * `variation`: a future's daily variation margin moves through cash; its initial margin is the exchange's.
 * `cash`: an index position is paid in full.
 */
export type MarginRule = 'option' | 'variation' | 'cash';

/** The terms of one leg, as the view prices it and the ledger names it. */
export interface LegTerms {
  instrument: Instrument;
  /** Options: call or put. Futures and index positions: false (unused). */
  isCall: boolean;
  /** Options: the strike. Futures and index positions: 0. */
  strike: number;
  /** Expiration day (index positions: never, +Infinity). */
  expiry: DayNumber;
}

export interface Instrument {
  /** Ledger root: 'SPX', 'SPXW', 'VIX', 'VX', 'SPX index'. */
  readonly root: string;
  readonly kind: 'option' | 'future' | 'index';
  readonly underlying: Underlying;
  /** Dollars per point per contract. */
  readonly multiplier: number;
  /** Smallest price a contract is bought at, and the mid below which a long option has no bid. */
  readonly tick: number;
  readonly settlement: SettlementPrint;
  readonly margin: MarginRule;
  /** Which per-contract commission of the strategy file applies ('none': the index position, see below). */
  readonly commission: 'spx' | 'vix' | 'vix_future' | 'none';
  /**
   * Days before the expiration day's close at which trading stops: AM-settled and VIX products stop the
   * afternoon before (0.75 day), PM-settled SPXW at the close (0).
   */
  readonly stopsTradingDaysEarly: number;
  /** Value of one unit (per point) at settlement, from the settlement print. */
  payoff(leg: LegTerms, print: number): number;
  /** The ledger's name of a leg, e.g. 'SPX 2024-02-16 P 4500', 'VX 2008-10-22'. */
  label(leg: LegTerms): string;
}

function optionPayoff(leg: LegTerms, print: number): number {
  return leg.isCall ? Math.max(print - leg.strike, 0) : Math.max(leg.strike - print, 0);
}

function optionLabel(this: Instrument, leg: LegTerms): string {
  return `${this.root} ${dayToIso(leg.expiry)} ${leg.isCall ? 'C' : 'P'} ${leg.strike}`;
}

/** SPX monthly options: AM-settled on the expiration day's opening print (the SET). */
export const SPX_OPTION: Instrument = {
  root: 'SPX',
  kind: 'option',
  underlying: 'SPX',
  multiplier: 100,
  tick: 0.05,
  settlement: 'spx_open',
  margin: 'option',
  commission: 'spx',
  stopsTradingDaysEarly: 0.75,
  payoff: optionPayoff,
  label: optionLabel,
};

/** SPXW weekly (and end-of-month) options: PM-settled on the expiration day's close. */
export const SPXW_OPTION: Instrument = {
  ...SPX_OPTION,
  root: 'SPXW',
  settlement: 'spx_close',
  stopsTradingDaysEarly: 0,
};

/** VIX options: settle on the VIX opening print of the expiration morning. */
export const VIX_OPTION: Instrument = {
  root: 'VIX',
  kind: 'option',
  underlying: 'VIX',
  multiplier: 100,
  tick: 0.01,
  settlement: 'vix_open',
  margin: 'option',
  commission: 'vix',
  stopsTradingDaysEarly: 0.75,
  payoff: optionPayoff,
  label: optionLabel,
};

/**
 * VIX futures (CFE VX): $1,000 per point, 0.05-point tick, marked at each day's settlement with the
 * variation margin paid in cash, final settlement on the same opening print as VIX options.
 */
export const VIX_FUTURE: Instrument = {
  root: 'VX',
  kind: 'future',
  underlying: 'VIX',
  multiplier: 1000,
  tick: 0.05,
  settlement: 'vix_open',
  margin: 'variation',
  commission: 'vix_future',
  stopsTradingDaysEarly: 0.75,
  payoff: (_leg, print) => print,
  label: (leg) => `VX ${dayToIso(leg.expiry)}`,
};

/**
 * A position in the SPX index itself, in lots of $100 x SPX (one option contract's notional): price return,
 * with dividends credited in cash each day. Bought and sold at the close without commission or spread (an
 * index fund or future at the scale of these books costs a few basis points a year: docs/strategy-files.md).
 * It leaves with the options it is held with, at the close of their expiration day.
 */
export const SPX_INDEX: Instrument = {
  root: 'SPX index',
  kind: 'index',
  underlying: 'SPX',
  multiplier: 100,
  tick: 0.01,
  settlement: 'spx_close',
  margin: 'cash',
  commission: 'none',
  stopsTradingDaysEarly: 0,
  payoff: (_leg, print) => print,
  label: () => 'SPX index',
};

export const INSTRUMENTS: readonly Instrument[] = [
  SPX_OPTION,
  SPXW_OPTION,
  VIX_OPTION,
  VIX_FUTURE,
  SPX_INDEX,
];

/** The SPX option instrument of a settlement style. */
export function spxOption(pmSettled: boolean): Instrument {
  return pmSettled ? SPXW_OPTION : SPX_OPTION;
}

/** The instrument a ledger label names (its root), or null. */
export function instrumentOfLabel(label: string): Instrument | null {
  let best: Instrument | null = null;
  for (const inst of INSTRUMENTS)
    if (
      (label === inst.root || label.startsWith(inst.root + ' ')) &&
      (best === null || inst.root.length > best.root.length)
    )
      best = inst;
  return best;
}
