// FOMC decision dates (statement days), one per row in a `decision_date` column.
import { tryParseDay, type DayNumber } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, readCsv } from '../csv.js';

export function loadFomcDates(path: string, display: string): DayNumber[] {
  const t = readCsv(path, display);
  const c = columnIndex(t, ['decision_date', 'date', 'end_date']);
  const out: DayNumber[] = [];
  for (let k = 0; k < t.rows.length; k++) {
    const d = tryParseDay(t.rows[k][c] ?? '');
    if (Number.isNaN(d))
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[c] },
        `expected a date, found '${t.rows[k][c]}'`,
      );
    if (out.length > 0 && d <= out[out.length - 1]) {
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[c] },
        d === out[out.length - 1] ? 'a duplicate date' : 'dates out of order',
      );
    }
    out.push(d);
  }
  return out;
}
