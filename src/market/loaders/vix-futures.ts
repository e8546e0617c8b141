// VIX futures settlements as per-day curves of (expiration, settlement): from Cboe CFE per-contract files
// (long format, one row per trade date and contract) and from wide M1..Mn files, whose n-th column is the
// n-th contract expiring after that day (an expiring contract leaves M1 on its expiration day).
import { isoToDay, type DayNumber } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, parseNumber, readCsv } from '../csv.js';
import { vixExpiration, vixExpirationsBetween } from '../expirations.js';
import { loadDatedColumns } from './dated-columns.js';

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

/** The long per-contract format (the cleaned Cboe file): trade_date, contract_month, settle, suspect_settle. */
export function loadVixContracts(path: string, display: string): FuturesLoad {
  const t = readCsv(path, display);
  const cDate = columnIndex(t, ['trade_date', 'Trade Date']);
  const cMonth = columnIndex(t, ['contract_month']);
  const cSettle = columnIndex(t, ['settle', 'Settle']);
  let cSuspect = -1;
  try {
    cSuspect = columnIndex(t, ['suspect_settle']);
  } catch {
    cSuspect = -1;
  }
  const byDay = new Map<DayNumber, { expiry: number[]; settle: number[] }>();
  const warnings: string[] = [];
  let lastDay = -Infinity;
  for (let k = 0; k < t.rows.length; k++) {
    const text = t.rows[k][cDate];
    let day: DayNumber;
    try {
      day = isoToDay(text);
    } catch {
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cDate] },
        `expected an ISO date, found '${text}'`,
      );
    }
    if (day < lastDay)
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cDate] },
        `dates out of order: '${text}'`,
      );
    lastDay = day;
    const m = /^(\d{4})-(\d{2})$/.exec(t.rows[k][cMonth] ?? '');
    if (!m)
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[cMonth] },
        `expected a contract month YYYY-MM, found '${t.rows[k][cMonth]}'`,
      );
    const settle = parseNumber(t, k, cSettle);
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
      warnings.push(
        `${display}:${t.lines[k]}: zero settlement (pre-listing placeholder) for ${t.rows[k][cMonth]} on ${text} dropped`,
      );
      continue;
    }
    const expiry = vixExpiration(Number(m[1]), Number(m[2]));
    if (expiry < day) continue;
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
  const rows = [...byDay.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, e]) => {
      const idx = e.expiry.map((_, k) => k).sort((a, b) => e.expiry[a] - e.expiry[b]);
      return { day, expiry: idx.map((k) => e.expiry[k]), settle: idx.map((k) => e.settle[k]) };
    });
  return { file: display, rows, warnings };
}

/** Wide files: Date (or Fecha) and M1..Mn; expirations from the VIX calendar. */
export function loadVixWide(path: string, display: string): FuturesLoad {
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
  });
  const rows: CurveRow[] = [];
  data.days.forEach((day, j) => {
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
