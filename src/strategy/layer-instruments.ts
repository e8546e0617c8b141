// The instruments a hedge layer can hold, one entry each: its planner, which turns the template into the legs
// of one unit on the day of a market view. The entries are keyed by the schemas' types
// (layer-instrument-schemas.ts), and the compiler checks that every type has one (docs/architecture.md).
import { VIX_FUTURE, VIX_OPTION, type Instrument } from '../instruments/instrument.js';
import { legExposure, type LegSpec, type Position } from '../instruments/leg.js';
import type { MarketView } from '../view/market-view.js';
import { dayToIso, type DayNumber } from '../core/dates.js';
import { percentOfSpotStrike } from './core-legs.js';
import { chooseSpxExpiry, chooseVixExpiry, type VixExpirySpec } from './expiry-rules.js';
import type { InstrumentSpec, InstrumentType } from './layer-instrument-schemas.js';
import { shortTermRollWeights } from './vix-futures-roll.js';

/** VIX strike grid: whole points (VIX options list 0.5 steps only at low strikes; one grid keeps it simple). */
export const VIX_STRIKE_STEP = 1;
/** SPX strike grid used for hedges (5 points, as the condor). */
export const SPX_STRIKE_STEP = 5;

export type { InstrumentSpec };

export interface UnitPlan {
  legs: LegSpec[];
  /** Strike distance of a vertical spread (0 for single options, calendars and futures). */
  width: number;
  /** Futures: dollars of notional per unit, what sizing divides by (options: their premium). */
  exposure?: number;
  /** Futures: collateral per unit in dollars, the initial margin (options: their max loss). */
  collateral?: number;
}

export interface PlanInputs {
  /** The condor the layer acts for (the one being entered, or the nearest to expiry). */
  condor: Position | null;
  /** Whether the template's carry switch (a VIX call's calendar) holds today. */
  calendarOn: boolean;
}

interface LayerInstrument<S extends InstrumentSpec> {
  /** Whether it trades the VIX complex (VIX options or futures): a book holding it starts where they are listed. */
  vixComplex: boolean;
  /** A unit must net a credit at today's fills (a sold spread, a written call), or the entry is refused. */
  credit: boolean | ((spec: S) => boolean);
  plan(view: MarketView, spec: S, inputs: PlanInputs): UnitPlan | string;
  /** A position traded daily to new quantities (a constant-maturity roll): today's target legs. */
  rebalance?(view: MarketView, spec: S, position: Position): LegSpec[] | null;
}

type SpecOf<T extends InstrumentType> = Extract<InstrumentSpec, { type: T }>;

function option(
  instrument: Instrument,
  isCall: boolean,
  strike: number,
  expiry: number,
  qty: number,
): LegSpec {
  return { instrument, isCall, strike, expiry, qty };
}

function condorShortPut(condor: Position): number {
  for (const leg of condor.legs) if (!leg.isCall && leg.qty < 0) return leg.strike;
  return NaN;
}

/** The expiration and strike of a VIX call at a delta today, or why there is none. */
function vixCallAt(
  view: MarketView,
  rule: VixExpirySpec,
  delta: number,
): { expiry: DayNumber; strike: number } | string {
  const reason = view.vixUnpriceableReason();
  if (reason) return reason;
  const expiry = chooseVixExpiry(view, rule);
  if (typeof expiry === 'string') return expiry;
  const strike = view.strikeForDelta(VIX_OPTION, true, delta, expiry, VIX_STRIKE_STEP);
  if (!Number.isFinite(strike)) return `no VIX strike at delta ${delta}`;
  return { expiry, strike };
}

/** Calls of one expiration at the delta's strike plus each offset, with their quantities (spreads, flies). */
function vixCallLadder(
  view: MarketView,
  rule: VixExpirySpec,
  delta: number,
  rungs: [offset: number, qty: number][],
): LegSpec[] | string {
  const call = vixCallAt(view, rule, delta);
  if (typeof call === 'string') return call;
  return rungs.map(([offset, qty]) => option(VIX_OPTION, true, call.strike + offset, call.expiry, qty));
}

const vixCall: LayerInstrument<SpecOf<'vix_call'>> = {
  vixComplex: true,
  credit: false,
  plan(view, spec, { calendarOn }) {
    const call = vixCallAt(view, spec.expiry, spec.delta);
    if (typeof call === 'string') return call;
    const { expiry, strike } = call;
    const legs = [option(VIX_OPTION, true, strike, expiry, 1)];
    if (spec.calendar && calendarOn) {
      const front = chooseVixExpiry(view, spec.calendar.short_expiry);
      if (typeof front === 'number' && front < expiry) legs.push(option(VIX_OPTION, true, strike, front, -1));
    }
    return { legs, width: 0 };
  },
};

const vixCallSpread: LayerInstrument<SpecOf<'vix_call_spread'>> = {
  vixComplex: true,
  credit: false,
  plan(view, spec) {
    const legs = vixCallLadder(view, spec.expiry, spec.long_delta, [
      [0, 1],
      [spec.short_strike_offset, -1],
    ]);
    return typeof legs === 'string' ? legs : { legs, width: spec.short_strike_offset };
  },
};

/**
 * A long VIX call butterfly: +1 at the delta's strike, -2 one wing above, +1 two wings above, one
 * expiration. A spike hedge that costs a fraction of a call: it pays most when VIX settles near the
 * middle strike and nothing past the top one. A debit: the premium is its most it can lose.
 */
const vixCallButterfly: LayerInstrument<SpecOf<'vix_call_butterfly'>> = {
  vixComplex: true,
  credit: false,
  plan(view, spec) {
    const legs = vixCallLadder(view, spec.expiry, spec.long_delta, [
      [0, 1],
      [spec.wing, -2],
      [2 * spec.wing, 1],
    ]);
    return typeof legs === 'string' ? legs : { legs, width: 0 };
  },
};

const spxPut: LayerInstrument<SpecOf<'spx_put'>> = {
  vixComplex: false,
  credit: false,
  plan(view, spec, { condor }) {
    const ex = chooseSpxExpiry(view, spec.expiry, condor);
    if (typeof ex === 'string') return ex;
    let strike: number;
    if (spec.strike === 'condor_short_put') {
      if (condor === null) return 'no open condor to take the short put strike from';
      strike = condorShortPut(condor);
    } else {
      strike = view.strikeForDelta(ex.instrument, false, spec.strike.delta, ex.expiry, SPX_STRIKE_STEP);
    }
    if (!Number.isFinite(strike)) return 'no SPX put strike';
    return { legs: [option(ex.instrument, false, strike, ex.expiry, 1)], width: 0 };
  },
};

const spxCall: LayerInstrument<SpecOf<'spx_call'>> = {
  vixComplex: false,
  credit: (spec) => spec.side === 'short',
  plan(view, spec, { condor }) {
    const ex = chooseSpxExpiry(view, spec.expiry, condor);
    if (typeof ex === 'string') return ex;
    const rule = spec.strike;
    const strike =
      'delta' in rule
        ? view.strikeForDelta(ex.instrument, true, rule.delta, ex.expiry, SPX_STRIKE_STEP)
        : percentOfSpotStrike(view, rule, SPX_STRIKE_STEP);
    if (!(strike > 0)) return 'no SPX call strike';
    return {
      legs: [option(ex.instrument, true, strike, ex.expiry, spec.side === 'long' ? 1 : -1)],
      width: 0,
    };
  },
};

const spxPutSpread: LayerInstrument<SpecOf<'spx_put_spread'>> = {
  vixComplex: false,
  credit: false,
  plan(view, spec, { condor }) {
    const ex = chooseSpxExpiry(view, spec.expiry, condor);
    if (typeof ex === 'string') return ex;
    const long = view.strikeForDelta(ex.instrument, false, spec.long_delta, ex.expiry, SPX_STRIKE_STEP);
    let short = view.strikeForDelta(ex.instrument, false, spec.short_delta, ex.expiry, SPX_STRIKE_STEP);
    if (!Number.isFinite(long) || !Number.isFinite(short)) return 'no SPX put strike at the spread deltas';
    if (short >= long) short = long - SPX_STRIKE_STEP;
    return {
      legs: [
        option(ex.instrument, false, long, ex.expiry, 1),
        option(ex.instrument, false, short, ex.expiry, -1),
      ],
      width: long - short,
    };
  },
};

const spxCallCreditSpread: LayerInstrument<SpecOf<'spx_call_credit_spread'>> = {
  vixComplex: false,
  credit: true,
  plan(view, spec, { condor }) {
    const ex = chooseSpxExpiry(view, spec.expiry, condor);
    if (typeof ex === 'string') return ex;
    const short = view.strikeForDelta(ex.instrument, true, spec.short_delta, ex.expiry, SPX_STRIKE_STEP);
    if (!Number.isFinite(short)) return 'no SPX call strike at the short delta';
    const width = Math.max(
      Math.round((spec.width_percent * view.close('SPX')) / SPX_STRIKE_STEP) * SPX_STRIKE_STEP,
      spec.min_points,
      SPX_STRIKE_STEP,
    );
    return {
      legs: [
        option(ex.instrument, true, short, ex.expiry, -1),
        option(ex.instrument, true, short + width, ex.expiry, 1),
      ],
      width,
    };
  },
};

function future(expiry: DayNumber, qty: number): LegSpec {
  return { instrument: VIX_FUTURE, isCall: false, strike: 0, expiry, qty };
}

/** A unit's futures plan: notional per unit at today's settlements and its initial margin. */
function futuresPlan(view: MarketView, legs: LegSpec[], initialMargin: number): UnitPlan | string {
  let exposure = 0;
  for (const leg of legs) exposure += Math.abs(legExposure(leg, view.mid(leg)));
  if (!(exposure > 0)) return 'no VIX future settlement today';
  return { legs, width: 0, exposure, collateral: initialMargin * exposure };
}

const vixFuture: LayerInstrument<SpecOf<'vix_future'>> = {
  vixComplex: true,
  credit: false,
  plan(view, spec) {
    const legs: LegSpec[] = [];
    for (const rule of Array.isArray(spec.expiry) ? spec.expiry : [spec.expiry]) {
      const expiry = chooseVixExpiry(view, rule);
      if (typeof expiry === 'string') return expiry;
      if (legs.some((l) => l.expiry === expiry)) return `two expiration rules chose ${dayToIso(expiry)}`;
      legs.push(future(expiry, spec.side === 'long' ? 1 : -1));
    }
    return futuresPlan(view, legs, spec.initial_margin);
  },
};

/** Target contracts of a constant-maturity position of signed notional `notional` after today's close. */
function constantMaturityLegs(view: MarketView, notional: number): LegSpec[] | string {
  const w = shortTermRollWeights(view.day);
  const f1 = view.vixFuture(w.front);
  const f2 = view.vixFuture(w.second);
  if (!Number.isFinite(f1) || !Number.isFinite(f2)) return 'no VIX future settlement today';
  // S&P's weights are shares of contracts; the value they buy is w1 F1 + w2 F2 per contract-pair.
  const perUnit = (w.frontWeight * f1 + (1 - w.frontWeight) * f2) * VIX_FUTURE.multiplier;
  const legs: LegSpec[] = [];
  if (w.frontWeight > 0) legs.push(future(w.front, (notional * w.frontWeight) / perUnit));
  if (w.frontWeight < 1) legs.push(future(w.second, (notional * (1 - w.frontWeight)) / perUnit));
  return legs;
}

const vixFuturesIndex: LayerInstrument<SpecOf<'vix_futures_index'>> = {
  vixComplex: true,
  credit: false,
  plan(view, spec) {
    // One unit: one contract's worth of the 30-day blend (w1 front + w2 second contracts).
    const w = shortTermRollWeights(view.day);
    const perUnit =
      (w.frontWeight * view.vixFuture(w.front) + (1 - w.frontWeight) * view.vixFuture(w.second)) *
      VIX_FUTURE.multiplier;
    const legs = constantMaturityLegs(view, spec.side === 'long' ? perUnit : -perUnit);
    if (typeof legs === 'string') return legs;
    return futuresPlan(view, legs, spec.initial_margin);
  },
  rebalance(view, _spec, p) {
    // The notional carries yesterday's variation margin (a fixed number of index units, as an ETN holder's).
    let notional = 0;
    for (const leg of p.legs) if (!leg.settled) notional += legExposure(leg, leg.lastMark);
    const legs = constantMaturityLegs(view, notional);
    return typeof legs === 'string' ? null : legs;
  },
};

/** The planner of each instrument type (a missing or extra type is a compile error). */
const LAYER_INSTRUMENTS: { [T in InstrumentType]: LayerInstrument<SpecOf<T>> } = {
  vix_call: vixCall,
  vix_call_spread: vixCallSpread,
  vix_call_butterfly: vixCallButterfly,
  spx_put: spxPut,
  spx_call: spxCall,
  spx_put_spread: spxPutSpread,
  spx_call_credit_spread: spxCallCreditSpread,
  vix_future: vixFuture,
  vix_futures_index: vixFuturesIndex,
};

function entryOf(spec: InstrumentSpec): LayerInstrument<InstrumentSpec> {
  return LAYER_INSTRUMENTS[spec.type] as LayerInstrument<InstrumentSpec>;
}

/** One unit of an instrument template today, or a reason when the template matches nothing. */
export function planUnit(view: MarketView, spec: InstrumentSpec, inputs: PlanInputs): UnitPlan | string {
  return entryOf(spec).plan(view, spec, inputs);
}

/** Whether positions of the template are traded every day to new targets (`rebalanceUnit`). */
export function rebalancesDaily(spec: InstrumentSpec): boolean {
  return entryOf(spec).rebalance !== undefined;
}

/** Today's target legs of a position its template trades daily (a constant-maturity roll), else null. */
export function rebalanceUnit(view: MarketView, spec: InstrumentSpec, position: Position): LegSpec[] | null {
  const entry = entryOf(spec);
  return entry.rebalance ? entry.rebalance(view, spec, position) : null;
}

/** Whether the template trades the VIX complex (VIX options or futures) rather than SPX options only. */
export function tradesVixComplex(spec: InstrumentSpec): boolean {
  return entryOf(spec).vixComplex;
}

/** Whether a unit of the template must net a credit (a sold spread). */
export function isCreditInstrument(spec: InstrumentSpec): boolean {
  const credit = entryOf(spec).credit;
  return typeof credit === 'function' ? credit(spec) : credit;
}
