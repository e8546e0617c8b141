// The core book's rules: which expiration to enter, the four strikes, the size, and when to exit.
import type { DayNumber } from '../core/dates.js';
import { isNyseTradingDay } from '../market/calendar.js';
import { WEEKDAY_NUMBERS, type CondorSpec, type WeekdayName } from '../strategy/schema.js';
import type { LegSpec } from './book.js';
import type { MarketContext, SettleStyle } from './market-context.js';
import { MULTIPLIER, type Position } from './positions.js';

export function condorSettleStyle(spec: CondorSpec): SettleStyle {
  if (spec.settlement === 'am') return 'AM';
  if (spec.settlement === 'pm') return 'PM';
  return spec.expirations === 'monthly' ? 'AM' : 'PM';
}

/** Weekday numbers of a weekday list from a strategy file. */
export function weekdayNumbers(days: readonly WeekdayName[]): number[] {
  return days.map((d) => WEEKDAY_NUMBERS[d]);
}

/**
 * The expiration to enter today, or null. DTE window: an expiration in the window, closest to the target,
 * not taken, and (spec v1.1, `day: closest_to_target`) no earlier than its target entry day. Roll: the next expiration, from the day the previous one settles (its AM print comes before
 * the day's decisions) until a condor opens on it; a run that starts between two expirations waits for the
 * first expiration day inside it (`firstDay`), as the index does.
 */
export function chooseCondorExpiry(
  market: MarketContext,
  i: number,
  spec: CondorSpec,
  isTaken: (expiry: DayNumber) => boolean,
  firstDay: DayNumber,
): DayNumber | null {
  const day = market.panel.days[i];
  const entry = spec.entry;
  if (entry.rule === 'roll_at_expiration') {
    let previous: DayNumber;
    let next: DayNumber;
    if (spec.expirations === 'monthly') {
      previous = market.spxMonthlyOnOrBefore(day);
      next = market.spxMonthlyAfter(day);
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
    spec.expirations === 'monthly'
      ? market.spxMonthlyExpirations(day + entry.min, day + entry.max)
      : market.spxWeeklyExpirations(day + entry.min, day + entry.max, weekdayNumbers(spec.weekdays));
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
export function planCondor(
  market: MarketContext,
  i: number,
  spec: CondorSpec,
  expiry: DayNumber,
): CondorPlan | string {
  const style = condorSettleStyle(spec);
  const step = spec.strike_step;
  const spot = market.spot(i);
  const shortPut = market.spxStrikeForDelta(i, false, spec.short_delta, expiry, style, step);
  const shortCall = market.spxStrikeForDelta(i, true, spec.short_delta, expiry, style, step);
  if (!Number.isFinite(shortPut) || !Number.isFinite(shortCall)) return 'no strike at the short delta';
  if (shortPut >= shortCall) return `short put ${shortPut} is not below short call ${shortCall}`;
  let longPut: number;
  let longCall: number;
  const w = spec.wings;
  if (w.rule === 'delta') {
    longPut = market.spxStrikeForDelta(i, false, w.delta, expiry, style, step);
    longCall = market.spxStrikeForDelta(i, true, w.delta, expiry, style, step);
    if (!(longPut < shortPut)) longPut = shortPut - step;
    if (!(longCall > shortCall)) longCall = shortCall + step;
  } else {
    const raw = w.rule === 'points' ? w.points : Math.max(w.percent * spot, w.min_points);
    const width = Math.max(roundToStep(raw, step), step, w.rule === 'percent_of_spot' ? w.min_points : step);
    longPut = shortPut - width;
    longCall = shortCall + width;
  }
  const leg = (isCall: boolean, strike: number, qty: number): LegSpec => ({
    product: 'SPX',
    isCall,
    strike,
    expiry,
    settle: style,
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
  if (spec.profit_take !== null && buybackPerUnit <= spec.profit_take * credit) return 'profit-take';
  if (spec.stop_loss_multiple !== null && buybackPerUnit - credit >= spec.stop_loss_multiple * credit)
    return 'stop';
  if (spec.time_exit_dte !== null && dte <= spec.time_exit_dte) return 'time-exit';
  return null;
}

export function maxLossPerUnit(width: number, creditPerUnit: number): number {
  return (width - creditPerUnit) * MULTIPLIER;
}
