// Daily numeric columns keyed by date, from any of the daily formats (Cboe index history, Yahoo/Investing
// OHLC, FRED, TradingView): dates ISO or MM/DD/YYYY, strictly increasing, numbers checked field by field.
import { dayToIso, tryParseDay, type DayNumber } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, parseNumber, readCsv } from '../csv.js';

export interface DatedColumns {
  file: string;
  days: DayNumber[];
  lines: number[];
  columns: Record<string, Float64Array>;
  /** Output name -> the header the file used for it, for messages. */
  headers: Record<string, string>;
}

export interface ColumnSpec {
  /** Output name -> accepted header names (case-insensitive). */
  columns: Record<string, readonly string[]>;
  /** Header names of the date column. */
  dateColumns?: readonly string[];
  /** Field texts that mean 'no value' (FRED writes '.'); anything else non-numeric is an error. */
  missing?: readonly string[];
  /** Values must be > 0 (prices, index levels, counts may be 0 when `allowZero`). */
  positive?: boolean;
  allowZero?: boolean;
  /** Files listed newest first are accepted and reversed. */
  allowDescending?: boolean;
  /** Only rows in [fromDay, toDay] are read for values (dates are still checked everywhere). */
  fromDay?: DayNumber;
  toDay?: DayNumber;
  /** Today: a row dated after it is an error (a typo or a clock fault), never a day of market history. */
  notAfter?: DayNumber;
}

/** The error for a row dated after today. */
export function futureRowError(
  file: string,
  line: number,
  field: string,
  day: DayNumber,
  today: DayNumber,
): DataError {
  return new DataError(
    { file, line, field },
    `a row dated ${dayToIso(day)} is in the future (today is ${dayToIso(today)}): fix or remove the row`,
  );
}

const DATE_COLUMNS = [
  'DATE',
  'Date',
  'date',
  'time',
  'observation_date',
  'Trade Date',
  'trade_date',
  'Fecha',
  'decision_date',
];

export function loadDatedColumns(path: string, display: string, spec: ColumnSpec): DatedColumns {
  const table = readCsv(path, display);
  const dateCol = columnIndex(table, spec.dateColumns ?? DATE_COLUMNS);
  const cols = Object.entries(spec.columns).map(
    ([name, headers]) => [name, columnIndex(table, headers)] as const,
  );
  let order = table.rows.map((_, k) => k);
  const dayOf = (k: number): DayNumber => {
    const text = table.rows[k][dateCol] ?? '';
    const d = tryParseDay(text);
    if (Number.isNaN(d)) {
      throw new DataError(
        { file: display, line: table.lines[k], field: table.header[dateCol] },
        `expected a date (YYYY-MM-DD or MM/DD/YYYY), found '${text}'`,
      );
    }
    return d;
  };
  const parsedDays = order.map(dayOf);
  if (spec.allowDescending && parsedDays.length > 1 && parsedDays[0] > parsedDays[parsedDays.length - 1]) {
    order = order.reverse();
  }
  const days: DayNumber[] = [];
  const lines: number[] = [];
  const columns: Record<string, Float64Array> = {};
  for (const [name] of cols) columns[name] = new Float64Array(order.length);
  order.forEach((k, j) => {
    const d = parsedDays[k];
    if (j > 0 && d <= days[j - 1]) {
      const what = d === days[j - 1] ? 'a duplicate date' : 'dates out of order';
      throw new DataError(
        { file: display, line: table.lines[k], field: table.header[dateCol] },
        `${what}: '${table.rows[k][dateCol]}' after line ${lines[j - 1]}`,
      );
    }
    if (spec.notAfter !== undefined && d > spec.notAfter)
      throw futureRowError(display, table.lines[k], table.header[dateCol], d, spec.notAfter);
    days.push(d);
    lines.push(table.lines[k]);
    if ((spec.fromDay !== undefined && d < spec.fromDay) || (spec.toDay !== undefined && d > spec.toDay)) {
      for (const [name] of cols) columns[name][j] = NaN;
      return;
    }
    for (const [name, c] of cols) {
      const x = parseNumber(table, k, c, spec.missing ?? []);
      if (spec.positive && (x < 0 || (x === 0 && !spec.allowZero))) {
        throw new DataError(
          { file: display, line: table.lines[k], field: table.header[c] },
          `expected a positive value, found ${x}`,
        );
      }
      columns[name][j] = x;
    }
  });
  const headers = Object.fromEntries(cols.map(([name, c]) => [name, table.header[c]]));
  return { file: display, days, lines, columns, headers };
}
