// Calendar-date arithmetic on integer day numbers (days since 1970-01-01, UTC), never local-time Date math.

/** Days since 1970-01-01. */
export type DayNumber = number;

/** Day number of a civil date (proleptic Gregorian), by Howard Hinnant's days_from_civil. */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Digit value of the character at `k`, or -1 (ASCII digits only). */
function digitAt(text: string, k: number): number {
  const c = text.charCodeAt(k) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses 'YYYY-MM-DD'; returns NaN when the text is not a real calendar date. Read character by character
 * (no regular expression, no round trip through civilFromDay): analytics parse every date of a run with it.
 */
export function tryParseIsoDay(text: string): DayNumber {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const y0 = digitAt(text, 0);
  const y1 = digitAt(text, 1);
  const y2 = digitAt(text, 2);
  const y3 = digitAt(text, 3);
  const m0 = digitAt(text, 5);
  const m1 = digitAt(text, 6);
  const d0 = digitAt(text, 8);
  const d1 = digitAt(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return dayFromCivil(y, mo, d);
}

/** Parses 'MM/DD/YYYY' or 'M/D/YYYY'; NaN when invalid. */
export function tryParseUsDay(text: string): DayNumber {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return NaN;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const y = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? dayFromCivil(y, mo, d) : NaN;
}

/** Parses ISO or US-style dates; NaN when neither fits. */
export function tryParseDay(text: string): DayNumber {
  const iso = tryParseIsoDay(text);
  return Number.isNaN(iso) ? tryParseUsDay(text) : iso;
}

/** Parses an ISO date or throws a RangeError naming the text. */
export function isoToDay(text: string): DayNumber {
  const d = tryParseIsoDay(text);
  if (Number.isNaN(d)) throw new RangeError(`not an ISO date (YYYY-MM-DD): '${text}'`);
  return d;
}

/** '01'..'31': the two-digit months and days, built once (dayToIso runs for every date of every path). */
const TWO_DIGITS = Array.from({ length: 32 }, (_, k) => (k < 10 ? `0${k}` : String(k)));

export function dayToIso(dayNumber: DayNumber): string {
  const c = civilFromDay(dayNumber);
  const year = c.year >= 1000 && c.year <= 9999 ? String(c.year) : String(c.year).padStart(4, '0');
  return `${year}-${TWO_DIGITS[c.month]}-${TWO_DIGITS[c.day]}`;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(dayNumber: DayNumber): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export const SUNDAY = 0;
export const MONDAY = 1;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

/** The n-th (1-based) given weekday of a month. */
export function nthWeekdayOfMonth(year: number, month: number, wd: number, n: number): DayNumber {
  const first = dayFromCivil(year, month, 1);
  const offset = (wd - weekday(first) + 7) % 7;
  return first + offset + 7 * (n - 1);
}

/** The last given weekday of a month. */
export function lastWeekdayOfMonth(year: number, month: number, wd: number): DayNumber {
  const nextFirst = month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
  const last = nextFirst - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Year fraction between two day numbers on an ACT/365 basis (the convention option models use here). */
export function yearFraction(fromDay: DayNumber, toDay: DayNumber): number {
  return (toDay - fromDay) / 365;
}
