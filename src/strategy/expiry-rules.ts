// Expiration rules of strategy files: SPXW weekdays, the VIX expiration a template asks for (nth, or a DTE
// window), the SPX expiration of a hedge (the condor's, or a window): the choice on a day's view (their schemas are
// in expiry-schema.ts).
import type { DayNumber } from '../core/dates.js';
import { spxOption, type Instrument } from '../instruments/instrument.js';
import type { Position } from '../instruments/leg.js';
import type { MarketView } from '../view/market-view.js';
import type { SpxExpirySpec, VixExpirySpec } from './expiry-schema.js';

export type { SpxExpirySpec, VixExpirySpec };

/** SPXW expiration weekdays, as written in strategy files (weekday numbers: Monday = 1 ... Friday = 5). */
export const WEEKDAY_NUMBERS = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5 } as const;
export type WeekdayName = keyof typeof WEEKDAY_NUMBERS;

/** Weekday numbers of a weekday list from a strategy file. */
export function weekdayNumbers(days: readonly WeekdayName[]): number[] {
  return days.map((d) => WEEKDAY_NUMBERS[d]);
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/** The VIX expiration a template asks for today, or a reason. */
export function chooseVixExpiry(market: MarketView, rule: VixExpirySpec): DayNumber | string {
  const list = market.vixExpirationsAfter();
  const day = market.day;
  if ('nth' in rule) {
    // The nth expiration among those more than min_dte days away: a "front month" one day from settling
    // is not what a rule that buys the front month means (docs/methodology.md).
    let seen = 0;
    for (const e of list) if (e - day > rule.min_dte && ++seen === rule.nth) return e;
    return rule.min_dte > 0
      ? `no ${ordinal(rule.nth)} VIX expiration more than ${rule.min_dte} days ahead`
      : `no ${ordinal(rule.nth)} VIX expiration listed`;
  }
  let best: DayNumber | null = null;
  for (const e of list) {
    const dte = e - day;
    if (dte < rule.min_dte || dte > rule.max_dte) continue;
    if (best === null || Math.abs(dte - rule.target_dte) < Math.abs(best - day - rule.target_dte)) best = e;
  }
  return best ?? `no VIX expiration ${rule.min_dte}-${rule.max_dte} days ahead`;
}

/** The SPX expiration (and the option that settles on it) a hedge template asks for today, or a reason. */
export function chooseSpxExpiry(
  market: MarketView,
  rule: SpxExpirySpec,
  condor: Position | null,
): { expiry: DayNumber; instrument: Instrument } | string {
  if (rule === 'condor') {
    if (condor === null) return 'no open condor to take the expiration from';
    const leg = condor.legs[0];
    return { expiry: leg.expiry, instrument: leg.instrument };
  }
  const day = market.day;
  const list =
    rule.expirations === 'monthly'
      ? market.spxMonthlyExpirations(day + rule.min_dte, day + rule.max_dte)
      : market.spxWeeklyExpirations(day + rule.min_dte, day + rule.max_dte, weekdayNumbers(rule.weekdays));
  if (list.length === 0)
    return `no SPX ${rule.expirations} expiration ${rule.min_dte}-${rule.max_dte} days ahead`;
  const mid = day + (rule.min_dte + rule.max_dte) / 2;
  let best = list[0];
  for (const e of list) if (Math.abs(e - mid) < Math.abs(best - mid)) best = e;
  return { expiry: best, instrument: spxOption(rule.expirations !== 'monthly') };
}
