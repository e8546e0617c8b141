// The NYSE trading calendar: holiday rules (with their start years), observed dates, and the one-off
// closures, precomputed once into a bitmap and a prefix count so lookups and day counts are O(1).
import {
  dayFromCivil,
  civilFromDay,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekday,
  MONDAY,
  THURSDAY,
  SATURDAY,
  SUNDAY,
  type DayNumber,
} from '../core/dates.js';

/**
 * Full-day closures outside the holiday rules: presidential Election Days (closed until 1980), national days
 * of mourning, the 1977 New York blackout, hurricanes Gloria and Sandy, 9/11.
 */
export const ONE_OFF_CLOSURES: readonly string[] = [
  '1972-11-07',
  '1972-12-28',
  '1973-01-25',
  '1976-11-02',
  '1977-07-14',
  '1980-11-04',
  '1985-09-27',
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
];

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromCivil(year, month, day);
}

/** A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday. */
function observed(day: DayNumber): DayNumber {
  const wd = weekday(day);
  if (wd === SATURDAY) return day - 1;
  if (wd === SUNDAY) return day + 1;
  return day;
}

/** The rule-based NYSE holidays of a year (one-off closures excluded), sorted. */
function ruleHolidays(year: number): DayNumber[] {
  const days: DayNumber[] = [];
  // New Year's Day: a Saturday New Year is not observed on the Friday before (NYSE rule 7.2).
  const ny = dayFromCivil(year, 1, 1);
  if (weekday(ny) !== SATURDAY) days.push(observed(ny));
  if (year >= 1998) days.push(nthWeekdayOfMonth(year, 1, MONDAY, 3));
  days.push(nthWeekdayOfMonth(year, 2, MONDAY, 3));
  days.push(easterSunday(year) - 2);
  days.push(lastWeekdayOfMonth(year, 5, MONDAY));
  if (year >= 2022) days.push(observed(dayFromCivil(year, 6, 19)));
  days.push(observed(dayFromCivil(year, 7, 4)));
  days.push(nthWeekdayOfMonth(year, 9, MONDAY, 1));
  days.push(nthWeekdayOfMonth(year, 11, THURSDAY, 4));
  days.push(observed(dayFromCivil(year, 12, 25)));
  return days.sort((x, y) => x - y);
}

/**
 * The holiday rules hold from 1971 (the Monday holidays act moved Washington's Birthday and Memorial Day to
 * Mondays); earlier years had other rules and many more one-off closures, so they are not covered.
 */
export const CALENDAR_FIRST_YEAR = 1971;
export const CALENDAR_LAST_YEAR = 2100;
const FIRST_YEAR = CALENDAR_FIRST_YEAR;
const LAST_YEAR = CALENDAR_LAST_YEAR;
const BASE = dayFromCivil(FIRST_YEAR, 1, 1);
const END = dayFromCivil(LAST_YEAR, 12, 31);

interface CalendarTables {
  holiday: Uint8Array;
  /** prefix[k] = trading days in [BASE, BASE + k). */
  prefix: Int32Array;
}

let tables: CalendarTables | null = null;

function build(): CalendarTables {
  const size = END - BASE + 1;
  const holiday = new Uint8Array(size);
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const d of ruleHolidays(y)) if (d >= BASE && d <= END) holiday[d - BASE] = 1;
  }
  for (const iso of ONE_OFF_CLOSURES) {
    const [y, m, d] = iso.split('-').map(Number);
    holiday[dayFromCivil(y, m, d) - BASE] = 1;
  }
  const prefix = new Int32Array(size + 1);
  for (let k = 0; k < size; k++) {
    const wd = weekday(BASE + k);
    const trading = wd !== SATURDAY && wd !== SUNDAY && holiday[k] === 0;
    prefix[k + 1] = prefix[k] + (trading ? 1 : 0);
  }
  return { holiday, prefix };
}

function t(): CalendarTables {
  if (tables === null) tables = build();
  return tables;
}

/** Whether the trading calendar covers a day (loaders turn an uncovered date into a data error). */
export function calendarCovers(day: DayNumber): boolean {
  return day >= BASE && day <= END;
}

function checkRange(day: DayNumber): void {
  if (!calendarCovers(day)) {
    throw new RangeError(`the trading calendar covers ${FIRST_YEAR}-${LAST_YEAR}; day ${day} is outside`);
  }
}

/** Full-day NYSE closures of a year that fall on weekdays (rule holidays and one-off closures), sorted. */
export function nyseHolidays(year: number): DayNumber[] {
  const from = dayFromCivil(year, 1, 1);
  const to = dayFromCivil(year, 12, 31);
  const out: DayNumber[] = [];
  const { holiday } = t();
  for (let d = Math.max(from, BASE); d <= Math.min(to, END); d++) {
    const wd = weekday(d);
    if (holiday[d - BASE] && wd !== SATURDAY && wd !== SUNDAY) out.push(d);
  }
  return out;
}

export function isNyseHoliday(day: DayNumber): boolean {
  checkRange(day);
  return t().holiday[day - BASE] === 1;
}

export function isNyseTradingDay(day: DayNumber): boolean {
  checkRange(day);
  const wd = weekday(day);
  return wd !== SATURDAY && wd !== SUNDAY && t().holiday[day - BASE] === 0;
}

/** The first trading day strictly after `day`. */
export function nextTradingDay(day: DayNumber): DayNumber {
  let d = day + 1;
  while (!isNyseTradingDay(d)) d++;
  return d;
}

/** The last trading day strictly before `day`. */
export function previousTradingDay(day: DayNumber): DayNumber {
  let d = day - 1;
  while (!isNyseTradingDay(d)) d--;
  return d;
}

/** The trading day n trading days after `day` (before, for negative n); n = 0 gives `day` itself. */
export function addTradingDays(day: DayNumber, n: number): DayNumber {
  let d = day;
  for (let k = 0; k < n; k++) d = nextTradingDay(d);
  for (let k = 0; k > n; k--) d = previousTradingDay(d);
  return d;
}

/** Trading days in (from, to]: 0 when to <= from's trading day count, negative when to is before from. */
export function tradingDaysBetween(from: DayNumber, to: DayNumber): number {
  checkRange(from);
  checkRange(to);
  const { prefix } = t();
  return prefix[to - BASE + 1] - prefix[from - BASE + 1];
}

/** Every trading day in [from, to], ascending. */
export function tradingDaysInRange(from: DayNumber, to: DayNumber): Int32Array {
  checkRange(from);
  checkRange(to);
  const out: number[] = [];
  for (let d = from; d <= to; d++) if (isNyseTradingDay(d)) out.push(d);
  return Int32Array.from(out);
}

/** Year of a day number (helper for per-year tests and tables). */
export function yearOf(day: DayNumber): number {
  return civilFromDay(day).year;
}
