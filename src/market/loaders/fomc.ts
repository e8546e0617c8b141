// FOMC decision dates (statement days), one per row in a `decision_date` column, with the optional
// `scheduled` (True/False) and `note` columns of the reference file.
import { tryParseDay, type DayNumber } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, readCsv, type CsvTable } from '../csv.js';

export interface FomcDecision {
  day: DayNumber;
  /** On the published meeting calendar (false: an unscheduled meeting or call, unknown in advance). */
  scheduled: boolean;
  note: string;
  line: number;
}

function optionalColumn(t: CsvTable, names: readonly string[]): number {
  try {
    return columnIndex(t, names);
  } catch {
    return -1;
  }
}

export function loadFomcDates(path: string, display: string): FomcDecision[] {
  const t = readCsv(path, display);
  const c = columnIndex(t, ['decision_date', 'date', 'end_date']);
  const cScheduled = optionalColumn(t, ['scheduled']);
  const cNote = optionalColumn(t, ['note']);
  const out: FomcDecision[] = [];
  for (let k = 0; k < t.rows.length; k++) {
    const d = tryParseDay(t.rows[k][c] ?? '');
    if (Number.isNaN(d))
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[c] },
        `expected a date, found '${t.rows[k][c]}'`,
      );
    const last = out[out.length - 1];
    if (last !== undefined && d <= last.day) {
      throw new DataError(
        { file: display, line: t.lines[k], field: t.header[c] },
        d === last.day ? 'a duplicate date' : 'dates out of order',
      );
    }
    let scheduled = true;
    if (cScheduled >= 0) {
      const text = (t.rows[k][cScheduled] ?? '').trim().toLowerCase();
      if (text !== 'true' && text !== 'false')
        throw new DataError(
          { file: display, line: t.lines[k], field: t.header[cScheduled] },
          `expected True or False, found '${t.rows[k][cScheduled]}'`,
        );
      scheduled = text === 'true';
    }
    out.push({
      day: d,
      scheduled,
      note: cNote >= 0 ? (t.rows[k][cNote] ?? '').trim() : '',
      line: t.lines[k],
    });
  }
  return out;
}
