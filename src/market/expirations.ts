// Expiration rules: SPX monthlies (AM-settled), SPXW weeklies as they were listed over time (PM-settled),
// and VIX futures and options (the Wednesday 30 days before the next month's standard SPX expiration).
import {
  dayFromCivil,
  civilFromDay,
  nthWeekdayOfMonth,
  isoToDay,
  weekday,
  FRIDAY,
  type DayNumber,
} from '../core/dates.js';
import { isNyseTradingDay, previousTradingDay } from './calendar.js';

/** The third Friday of a month, before any holiday adjustment. */
export function thirdFriday(year: number, month: number): DayNumber {
  return nthWeekdayOfMonth(year, month, FRIDAY, 3);
}

/** Standard monthly SPX expiration: the 3rd Friday, or the trading day before when that Friday is a holiday. */
export function spxMonthlyExpiration(year: number, month: number): DayNumber {
  const f = thirdFriday(year, month);
  return isNyseTradingDay(f) ? f : previousTradingDay(f);
}

function monthsBetween(from: DayNumber, to: DayNumber, pad: number): { year: number; month: number }[] {
  const a = civilFromDay(from);
  const b = civilFromDay(to);
  const out: { year: number; month: number }[] = [];
  let y = a.year;
  let m = a.month - pad;
  while (m < 1) {
    m += 12;
    y--;
  }
  const endIndex = b.year * 12 + b.month + pad;
  while (y * 12 + m <= endIndex) {
    out.push({ year: y, month: m });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Monthly SPX expirations in [from, to], ascending. */
export function spxMonthlyExpirationsBetween(from: DayNumber, to: DayNumber): DayNumber[] {
  if (to < from) return [];
  const out: DayNumber[] = [];
  for (const { year, month } of monthsBetween(from, to, 0)) {
    const e = spxMonthlyExpiration(year, month);
    if (e >= from && e <= to) out.push(e);
  }
  return out;
}

/**
 * Whether a standard monthly expiration is one of the quarterly cycle's (March, June, September, December),
 * the cycle Cboe's CLL rolls its three-month put on.
 */
export function isSpxQuarterlyExpiration(expiry: DayNumber): boolean {
  return civilFromDay(expiry).month % 3 === 0;
}

/**
 * When each SPXW weekday expiration was first listed (first expiration date). Fridays: Cboe listed SPX
 * weeklys from October 2005; Wednesdays from February 2016; Mondays from August 2016; Tuesdays and
 * Thursdays in April-May 2022 (daily expirations). Dates are the first expirations as we could
 * establish them; see docs/calendar.md.
 */
export const SPXW_LISTING_START: Readonly<Record<number, string>> = {
  5: '2005-10-28',
  3: '2016-02-24',
  1: '2016-08-15',
  2: '2022-04-19',
  4: '2022-05-12',
};

/**
 * SPXW (PM-settled) expirations in [from, to] on the given weekdays (default: all listed ones), as listed
 * at the time: a weekday expiration counts only from its listing start. An expiration whose day is a
 * holiday moves to the trading day before (as Cboe does for Friday weeklies before Good Friday).
 */
const SPXW_START_DAY: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(SPXW_LISTING_START).map(([wd, iso]) => [Number(wd), isoToDay(iso)]),
);

export function spxWeeklyExpirationsBetween(
  from: DayNumber,
  to: DayNumber,
  weekdays: readonly number[] = [1, 2, 3, 4, 5],
): DayNumber[] {
  if (to < from) return [];
  const out = new Set<DayNumber>();
  // Scan a few days past `to`, since a holiday can move an expiration back into the range.
  spxWeeklySources(from, to + 4, weekdays, (_day, e) => {
    // A moved expiration must not collide with the previous weekday's own expiration day.
    if (e >= from && e <= to) out.add(e);
  });
  return [...out].sort((a, b) => a - b);
}

/**
 * Each day in [from, to] on the given weekdays that has an SPXW expiration as listed then, in order, with
 * the day it expires: itself, or the trading day before when it is a holiday.
 */
export function spxWeeklySources(
  from: DayNumber,
  to: DayNumber,
  weekdays: readonly number[],
  visit: (day: DayNumber, expiry: DayNumber) => void,
): void {
  for (let d = from; d <= to; d++) {
    const wd = weekday(d);
    if (!weekdays.includes(wd)) continue;
    const start = SPXW_START_DAY[wd];
    if (start === undefined || d < start) continue;
    visit(d, isNyseTradingDay(d) ? d : previousTradingDay(d));
  }
}

/**
 * VIX futures and options expiration of contract month (year, month): the Wednesday 30 days before the
 * standard SPX expiration (3rd Friday) of the following month; the business day before when that
 * Wednesday or that Friday is an exchange holiday.
 */
export function vixExpiration(year: number, month: number): DayNumber {
  const ny = month === 12 ? year + 1 : year;
  const nm = month === 12 ? 1 : month + 1;
  const friday = thirdFriday(ny, nm);
  const wednesday = friday - 30;
  if (!isNyseTradingDay(friday) || !isNyseTradingDay(wednesday)) return previousTradingDay(wednesday);
  return wednesday;
}

/** The contract month (year, month) of a VIX expiration day, or null when the day is none. */
export function vixContractMonthOf(day: DayNumber): { year: number; month: number } | null {
  const c = civilFromDay(day);
  for (const cand of [c, civilFromDay(dayFromCivil(c.year, c.month, 1) - 1)]) {
    if (vixExpiration(cand.year, cand.month) === day) return { year: cand.year, month: cand.month };
  }
  return null;
}

const vixCache = new Map<number, DayNumber>();

function cachedVixExpiration(year: number, month: number): DayNumber {
  const key = year * 12 + month;
  let e = vixCache.get(key);
  if (e === undefined) {
    e = vixExpiration(year, month);
    vixCache.set(key, e);
  }
  return e;
}

/** VIX expirations in [from, to], ascending. */
export function vixExpirationsBetween(from: DayNumber, to: DayNumber): DayNumber[] {
  if (to < from) return [];
  const out: DayNumber[] = [];
  for (const { year, month } of monthsBetween(from, to, 1)) {
    const e = cachedVixExpiration(year, month);
    if (e >= from && e <= to) out.push(e);
  }
  return out;
}

/** The first VIX expiration on or after `day`, with its contract month. */
export function nextVixExpirationOnOrAfter(day: DayNumber): { day: DayNumber; year: number; month: number } {
  const c = civilFromDay(day);
  let y = c.year;
  let m = c.month - 1;
  if (m < 1) {
    m = 12;
    y--;
  }
  for (;;) {
    const e = cachedVixExpiration(y, m);
    if (e >= day) return { day: e, year: y, month: m };
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}
