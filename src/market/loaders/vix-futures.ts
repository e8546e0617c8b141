// VIX futures settlements as per-day curves of (expiration, settlement): from Cboe CFE per-contract files
// (long format, one row per trade date and contract) and from wide M1..Mn files, whose n-th column is the
// n-th contract expiring after that day (an expiring contract leaves M1 on its expiration day).
import { dayToIso, isoToDay, tryParseDay, type DayNumber } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, parseNumber, readCsv } from '../csv.js';
import { calendarCovers, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from '../calendar.js';
import { vixExpiration, vixExpirationsBetween } from '../expirations.js';
import { futureRowError, loadDatedColumns } from './dated-columns.js';

export interface CurveRow {
  day: DayNumber;
  expiry: number[];
  settle: number[];
}

export interface FuturesLoad {
  file: string;
  rows: CurveRow[];
  warnings: string[];
}

/** Cboe quoted VIX futures at ten times the index until this day. */
const RESCALE_DAY = isoToDay('2007-03-26');
const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** 'K (May 04)' -> '2004-05' (the raw CFE label). */
function monthOfLabel(label: string): string | null {
  const m = /\((\w{3}) (\d{2})\)/.exec(label);
  if (!m || MONTHS[m[1]] === undefined) return null;
  return `20${m[2]}-${MONTHS[m[1]]}`;
}

/**
 * The long per-contract format: the cleaned file (trade_date, contract_month, settle, suspect_settle,
 * rescaled_div10) or Cboe's raw CFE files (Trade Date, Futures like 'K (May 04)', Settle), whose prices
 * before 2007-03-26 are at ten times the index and are divided by 10 here (reported).
 */
/** `notAfter`: today; a trade date after it is an error. */
export function loadVixContracts(path: string, display: string, notAfter?: DayNumber): FuturesLoad {
  const t = readCsv(path, display);
  const cDate = columnIndex(t, ['trade_date', 'Trade Date']);
  const lower = t.header.map((h) => h.toLowerCase());
  const raw = !lower.includes('contract_month');
  const cMonth = raw ? columnIndex(t, ['Futures']) : columnIndex(t, ['contract_month']);
  const cSettle = columnIndex(t, ['settle', 'Settle']);
  let rescaled = 0;
  let placeholders = 0;
  let expired = 0;
  let cSuspect = -1;
  try {
    cSuspect = columnIndex(t, ['suspect_settle']);
  } catch {
    cSuspect = -1;
  }
  const byDay = new Map<DayNumber, { expiry: number[]; settle: number[] }>();
  const warnings: string[] = [];
  const lastDayOf = new Map<string, DayNumber>();
  for (let k = 0; k < t.rows.length; k++) {
    const text = t.rows[k][cDate];
    const day: DayNumber = tryParseDay(text);
    if (Number.isNaN(day)) {
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cDate] },
        `expected a date (YYYY-MM-DD or M/D/YYYY), found '${text}'`,
      );
    }
    if (notAfter !== undefined && day > notAfter)
      throw futureRowError(display, t.lines[k], t.header[cDate], day, notAfter);
    const month = raw ? monthOfLabel(t.rows[k][cMonth] ?? '') : (t.rows[k][cMonth] ?? '');
    const m = /^(\d{4})-(\d{2})$/.exec(month ?? '');
    if (!m) {
      const expected = raw ? "a contract label like 'K (May 04)'" : 'a contract month YYYY-MM';
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cMonth] },
        `expected ${expected}, found '${t.rows[k][cMonth]}'`,
      );
    }
    // Raw CFE files concatenate one file per contract: dates must rise within each contract.
    if (day < (lastDayOf.get(m[0]) ?? -Infinity)) {
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cDate] },
        `dates out of order for contract ${m[0]}: '${text}'`,
      );
    }
    lastDayOf.set(m[0], day);
    let settle = parseNumber(t, k, cSettle);
    if (settle < 0)
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cSettle] },
        `expected a positive settlement, found ${settle}`,
      );
    if (cSuspect >= 0 && t.rows[k][cSuspect] === '1') {
      warnings.push(
        `${display}:${t.lines[k]}: placeholder-like settlement ${settle} for ${t.rows[k][cMonth]} on ${text} dropped (flagged suspect_settle)`,
      );
      continue;
    }
    if (settle === 0) {
      placeholders++;
      continue;
    }
    if (raw && day < RESCALE_DAY) {
      settle = Math.round(settle * 1000) / 10000; // divided by 10, kept to the file's 4 decimals
      rescaled++;
    }
    const year = Number(m[1]);
    if (year < CALENDAR_FIRST_YEAR || year >= CALENDAR_LAST_YEAR || !calendarCovers(day))
      throw new DataError(
        { file: display, line: t.lines[k] },
        `contract ${month} on ${text} is outside the trading calendar (${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR})`,
      );
    const expiry = vixExpiration(year, Number(m[2]));
    if (expiry < day) {
      expired++;
      continue;
    }
    let e = byDay.get(day);
    if (!e) {
      e = { expiry: [], settle: [] };
      byDay.set(day, e);
    }
    if (e.expiry.includes(expiry))
      throw new DataError(
        { file: display, line: t.lines[k] },
        `duplicate contract ${t.rows[k][cMonth]} on ${text}`,
      );
    e.expiry.push(expiry);
    e.settle.push(settle);
  }
  if (placeholders > 0)
    warnings.push(`${display}: ${placeholders} zero settlement(s) (pre-listing placeholders) dropped`);
  if (expired > 0)
    warnings.push(
      `${display}: ${expired} row(s) dated after their contract's expiration (by the VIX calendar) dropped`,
    );
  if (rescaled > 0)
    warnings.push(
      `${display}: ${rescaled} settlement(s) before 2007-03-26 divided by 10 (Cboe quoted VIX futures at ten times the index until then)`,
    );
  const rows = [...byDay.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, e]) => {
      const idx = e.expiry.map((_, k) => k).sort((a, b) => e.expiry[a] - e.expiry[b]);
      return { day, expiry: idx.map((k) => e.expiry[k]), settle: idx.map((k) => e.settle[k]) };
    });
  return { file: display, rows, warnings };
}

/** Wide files: Date (or Fecha) and M1..Mn; expirations from the VIX calendar. */
export function loadVixWide(path: string, display: string, notAfter?: DayNumber): FuturesLoad {
  const header = readCsv(path, display).header;
  const months = header.filter((h) => /^M\d+$/i.test(h) || /^VX\d+$/i.test(h));
  if (months.length < 2)
    throw new DataError(
      { file: display, line: 1 },
      `expected columns M1, M2, ... (or VX1, VX2, ...), found ${header.join(', ')}`,
    );
  const cols: Record<string, string[]> = {};
  for (const m of months) cols[m] = [m];
  const data = loadDatedColumns(path, display, {
    columns: cols,
    missing: ['', 'NA', 'NaN', 'nan'],
    positive: true,
    notAfter,
  });
  const rows: CurveRow[] = [];
  data.days.forEach((day, j) => {
    if (!calendarCovers(day + 31 * (months.length + 2)) || !calendarCovers(day))
      throw new DataError(
        { file: display, field: header[0] },
        `a row dated ${dayToIso(day)} is outside the trading calendar (${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR})`,
      );
    const exps = vixExpirationsBetween(day + 1, day + 31 * (months.length + 2));
    const expiry: number[] = [];
    const settle: number[] = [];
    months.forEach((m, k) => {
      const v = data.columns[m][j];
      if (Number.isFinite(v) && k < exps.length) {
        expiry.push(exps[k]);
        settle.push(v);
      }
    });
    rows.push({ day, expiry, settle });
  });
  return { file: display, rows, warnings: [] };
}
