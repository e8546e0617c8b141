// The core book's rules: which expiration to enter, the four strikes, the size, and when to exit.
import { dayToIso, type DayNumber } from '../core/dates.js';
import { spxOption, type Instrument } from '../instruments/instrument.js';
import { unitMultiplier, type LegSpec, type Position } from '../instruments/leg.js';
import { isNyseTradingDay } from '../market/calendar.js';
import { isSpxQuarterlyExpiration } from '../market/expirations.js';
import type { DayContext } from './book-state.js';
import { collateralPoints, planLegs, type CoreLegSpec } from './core-legs.js';
import type { MarketView } from '../view/market-view.js';
import { weekdayNumbers } from './expiry-rules.js';
import type { CondorSpec } from './schema.js';

/** The SPX option the condor trades: AM-settled SPX or PM-settled SPXW ('auto': AM for monthlies). */
export function condorInstrument(spec: CondorSpec): Instrument {
  if (spec.settlement === 'am') return spxOption(false);
  if (spec.settlement === 'pm') return spxOption(true);
  return spxOption(spec.expirations === 'weekly');
}

/** Longest gap between two quarterly expirations (a 3rd Friday to the 3rd Friday three months on: at most 98). */
const QUARTER_DAYS = 100;

/** The core's standard expirations in [from, to]: every monthly, or the quarterly cycle's. */
function standardExpirations(
  market: MarketView,
  spec: CondorSpec,
  from: DayNumber,
  to: DayNumber,
): DayNumber[] {
  const list = market.spxMonthlyExpirations(from, to);
  return spec.expirations === 'quarterly' ? list.filter(isSpxQuarterlyExpiration) : list;
}

/**
 * The expiration to enter today, or null. DTE window: an expiration in the window, closest to the target,
 * not taken, and (spec v1.1, `day: closest_to_target`) no earlier than its target entry day. Roll: the next expiration, from the day the previous one settles (its AM print comes before
 * the day's decisions) until a condor opens on it; a run that starts between two expirations waits for the
 * first expiration day inside it (`firstDay`), as the index does.
 */
export function chooseCondorExpiry(
  market: MarketView,
  spec: CondorSpec,
  isTaken: (expiry: DayNumber) => boolean,
  firstDay: DayNumber,
): DayNumber | null {
  const day = market.day;
  const entry = spec.entry;
  if (entry.rule === 'roll_at_expiration') {
    let previous: DayNumber;
    let next: DayNumber;
    if (spec.expirations === 'monthly') {
      previous = market.spxMonthlyOnOrBefore(day);
      next = market.spxMonthlyAfter(day);
    } else if (spec.expirations === 'quarterly') {
      const before = standardExpirations(market, spec, day - QUARTER_DAYS, day);
      const after = standardExpirations(market, spec, day + 1, day + QUARTER_DAYS);
      previous = before.length > 0 ? before[before.length - 1] : -Infinity;
      next = after.length > 0 ? after[0] : NaN;
    } else {
      const around = market.spxWeeklyExpirations(day - 14, day + 14, weekdayNumbers(spec.weekdays));
      previous = -Infinity;
      next = NaN;
      for (const e of around) {
        if (e <= day) previous = e;
        else if (Number.isNaN(next)) next = e;
      }
    }
    if (!(previous >= firstDay) || Number.isNaN(next) || isTaken(next)) return null;
    return next;
  }
  const list =
    spec.expirations === 'weekly'
      ? market.spxWeeklyExpirations(day + entry.min, day + entry.max, weekdayNumbers(spec.weekdays))
      : standardExpirations(market, spec, day + entry.min, day + entry.max);
  const closest = entry.day === 'closest_to_target';
  let best: DayNumber | null = null;
  for (const e of list) {
    if (isTaken(e)) continue;
    // v1.1: not before the trading day closest to the target; from then on (that day blocked or missing)
    // any later day still at least `min` days out, which the list already ensures.
    if (closest && day < entryDayFor(e, entry.target)) continue;
    if (best === null || Math.abs(e - day - entry.target) < Math.abs(best - day - entry.target)) best = e;
  }
  return best;
}

/** The NYSE trading day closest to `target` calendar days before `expiry`, the earlier one on a tie. */
export function entryDayFor(expiry: DayNumber, target: number): DayNumber {
  const aim = expiry - target;
  for (let k = 0; ; k++) {
    if (isNyseTradingDay(aim - k)) return aim - k;
    if (isNyseTradingDay(aim + k)) return aim + k;
  }
}

function roundToStep(x: number, step: number): number {
  return Math.round(x / step) * step;
}

export interface CondorPlan {
  legs: LegSpec[];
  shortPut: number;
  shortCall: number;
  /** The larger of the two wing widths, in index points. */
  width: number;
}

/** The four strikes of one condor unit (qty per unit), or a reason why none can be built. */
export function planCondor(market: MarketView, spec: CondorSpec, expiry: DayNumber): CondorPlan | string {
  const instrument = condorInstrument(spec);
  const step = spec.strike_step;
  const spot = market.close('SPX');
  const shortPut = market.strikeForDelta(instrument, false, spec.short_delta, expiry, step);
  const shortCall = market.strikeForDelta(instrument, true, spec.short_delta, expiry, step);
  if (!Number.isFinite(shortPut) || !Number.isFinite(shortCall)) return 'no strike at the short delta';
  if (shortPut >= shortCall) return `short put ${shortPut} is not below short call ${shortCall}`;
  let longPut: number;
  let longCall: number;
  const w = spec.wings;
  if (w.rule === 'delta') {
    longPut = market.strikeForDelta(instrument, false, w.delta, expiry, step);
    longCall = market.strikeForDelta(instrument, true, w.delta, expiry, step);
    if (!(longPut < shortPut)) longPut = shortPut - step;
    if (!(longCall > shortCall)) longCall = shortCall + step;
  } else {
    const raw = w.rule === 'points' ? w.points : Math.max(w.percent * spot, w.min_points);
    const width = Math.max(roundToStep(raw, step), step, w.rule === 'percent_of_spot' ? w.min_points : step);
    longPut = shortPut - width;
    longCall = shortCall + width;
  }
  const leg = (isCall: boolean, strike: number, qty: number): LegSpec => ({
    instrument,
    isCall,
    strike,
    expiry,
    qty,
  });
  return {
    legs: [
      leg(false, longPut, 1),
      leg(false, shortPut, -1),
      leg(true, shortCall, -1),
      leg(true, longCall, 1),
    ],
    shortPut,
    shortCall,
    width: Math.max(shortPut - longPut, longCall - shortCall),
  };
}

/** Contracts = floor(equity x risk fraction x size factor / max loss of one condor). */
export function condorContracts(
  equity: number,
  riskFraction: number,
  sizeFactor: number,
  maxLossPerUnit: number,
): number {
  if (!(maxLossPerUnit > 0)) return 0;
  return Math.floor((equity * riskFraction * sizeFactor) / maxLossPerUnit);
}

export type CondorExit = 'profit-take' | 'stop' | 'time-exit' | null;

/**
 * Exit decision on today's marks (mid): the cost to buy one unit back is -unitValue. Triggers use marks,
 * as a broker's conditional order on the mark does; the fill then pays the spread.
 */
export function condorExit(p: Position, spec: CondorSpec, buybackPerUnit: number, dte: number): CondorExit {
  const credit = -p.unitPremium;
  // Profit and loss as shares of the credit mean nothing for a structure bought for a debit.
  if (credit > 0 && spec.profit_take !== null && buybackPerUnit <= spec.profit_take * credit)
    return 'profit-take';
  if (
    credit > 0 &&
    spec.stop_loss_multiple !== null &&
    buybackPerUnit - credit >= spec.stop_loss_multiple * credit
  )
    return 'stop';
  if (spec.time_exit_dte !== null && dte <= spec.time_exit_dte) return 'time-exit';
  return null;
}

/** Max loss of one unit in dollars: (width - credit) x the options' multiplier. */
export function maxLossPerUnit(width: number, creditPerUnit: number, multiplier: number): number {
  return (width - creditPerUnit) * multiplier;
}

export type CondorEntry =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'open';
      expiry: DayNumber;
      legs: LegSpec[];
      units: number;
      /** Credit per unit at today's fills, in points. */
      credit: number;
      maxLossPerUnit: number;
      width: number;
    };

export interface CondorEntryInputs {
  /** Replaces size_factor 'match_spend' (spend matching). */
  sizeFactor: number;
  /** Whether a condor on this expiration was already entered (the rule enters each expiration once). */
  isTaken: (expiry: DayNumber) => boolean;
  /** The run's first day (a roll waits for the first expiration day inside the run). */
  firstDay: DayNumber;
  /** A layer holding a position blocks new condors (L3). */
  blocked: boolean;
}

/** The condor to open today, if any: its expiration, legs and size, or why none opens. */
export function decideCondorEntry(
  ctx: DayContext,
  spec: CondorSpec,
  inputs: CondorEntryInputs,
): CondorEntry | null {
  const expiry = chooseCondorExpiry(ctx.view, spec, inputs.isTaken, inputs.firstDay);
  if (expiry === null) return null;
  const label = `condor ${dayToIso(expiry)}`;
  if (inputs.blocked)
    return {
      kind: 'skip',
      reason: `no new condor for ${dayToIso(expiry)}: blocked while a regime layer is on`,
    };
  if (spec.legs !== null) return legsEntry(ctx, spec, spec.legs, inputs, expiry);
  const plan = planCondor(ctx.view, spec, expiry);
  if (typeof plan === 'string') return { kind: 'skip', reason: `${label}: ${plan}` };
  const credit = -ctx.book.quoteUnit(plan.legs);
  const maxLoss = maxLossPerUnit(plan.width, credit, unitMultiplier(plan.legs));
  const units = condorContracts(ctx.book.equity(), spec.risk_fraction, inputs.sizeFactor, maxLoss);
  if (!(credit > 0)) return { kind: 'skip', reason: `${label}: no credit at model prices` };
  if (units <= 0) return { kind: 'skip', reason: `${label}: size rounds to zero contracts` };
  if (!ctx.book.fitsCollateral(maxLoss * units))
    return { kind: 'skip', reason: `${label}: not enough free collateral` };
  return { kind: 'open', expiry, legs: plan.legs, units, credit, maxLossPerUnit: maxLoss, width: plan.width };
}

/** The entry of a core given as legs: any structure, for a credit or a debit, sized on its collateral. */
function legsEntry(
  ctx: DayContext,
  spec: CondorSpec,
  specs: readonly CoreLegSpec[],
  inputs: CondorEntryInputs,
  expiry: DayNumber,
): CondorEntry {
  const label = `core ${dayToIso(expiry)}`;
  const view = ctx.view;
  const plan = planLegs(view, specs, spec.index, condorInstrument(spec), expiry, spec.strike_step);
  if (typeof plan === 'string') return { kind: 'skip', reason: `${label}: ${plan}` };
  const premium = ctx.book.quoteUnit(plan.legs);
  if (!Number.isFinite(premium)) return { kind: 'skip', reason: `${label}: no model price` };
  const multiplier = unitMultiplier(plan.legs);
  const collateral =
    collateralPoints(plan.legs, premium, view.close('SPX'), (leg) => view.mid(leg), spec.margin === 'reg_t') *
    multiplier;
  const units = condorContracts(ctx.book.equity(), spec.risk_fraction, inputs.sizeFactor, collateral);
  if (units <= 0) return { kind: 'skip', reason: `${label}: size rounds to zero contracts` };
  if (!ctx.book.fitsCollateral(collateral * units))
    return { kind: 'skip', reason: `${label}: not enough free collateral` };
  return {
    kind: 'open',
    expiry,
    legs: plan.legs,
    units,
    credit: -premium,
    maxLossPerUnit: collateral,
    width: plan.width,
  };
}
