// Calendar-date arithmetic on integer day numbers (days since 1970-01-01, UTC), never local-time Date math.

/** Days since 1970-01-01. */
export type DayNumber = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

function isValidCivil(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const c = civilFromDay(dayFromCivil(year, month, day));
  return c.year === year && c.month === month && c.day === day;
}

/** Parses 'YYYY-MM-DD'; returns NaN when the text is not a real calendar date. */
export function tryParseIsoDay(text: string): DayNumber {
  const m = ISO_DATE.exec(text);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidCivil(y, mo, d) ? dayFromCivil(y, mo, d) : NaN;
}

/** Parses 'MM/DD/YYYY' or 'M/D/YYYY'; NaN when invalid. */
export function tryParseUsDay(text: string): DayNumber {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return NaN;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const y = Number(m[3]);
  return isValidCivil(y, mo, d) ? dayFromCivil(y, mo, d) : NaN;
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

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function dayToIso(dayNumber: DayNumber): string {
  const c = civilFromDay(dayNumber);
  return `${String(c.year).padStart(4, '0')}-${pad2(c.month)}-${pad2(c.day)}`;
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
