// A Cboe strategy-index history in Cboe's published layout: `DATE,<SYMBOL>`, dates MM/DD/YYYY (ISO also
// read), daily or monthly rows, ascending. Every bad row is an error naming file, line and field.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dayToIso, tryParseDay } from '../../core/dates.js';
import { DataError } from '../../core/errors.js';

export interface CboeIndexHistory {
  symbol: string;
  /** ISO dates, strictly ascending. */
  dates: string[];
  values: Float64Array;
}

/** Parses the text of an index file; `file` names it in errors, `symbol` (when given) must head column 2. */
export function parseCboeIndex(text: string, file: string, symbol?: string): CboeIndexHistory {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header.length < 2 || header[0].toUpperCase() !== 'DATE')
    throw new DataError({ file, line: 1 }, `expected the header DATE,<SYMBOL>, found '${lines[0] ?? ''}'`);
  if (symbol !== undefined && header[1].toUpperCase() !== symbol.toUpperCase())
    throw new DataError(
      { file, line: 1, field: header[1] },
      `expected the index column ${symbol.toUpperCase()}, found '${header[1]}'`,
    );
  const dates: string[] = [];
  const values: number[] = [];
  let last = -Infinity;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === '') continue;
    const f = line.split(',');
    const day = tryParseDay(f[0].trim());
    if (Number.isNaN(day))
      throw new DataError(
        { file, line: k + 1, field: 'DATE' },
        `expected a date MM/DD/YYYY, found '${f[0]}'`,
      );
    if (!(day > last))
      throw new DataError(
        { file, line: k + 1, field: 'DATE' },
        `dates must ascend: ${dayToIso(day)} follows ${dayToIso(last)}`,
      );
    const value = Number(f[1]);
    if (f[1] === undefined || f[1].trim() === '' || !(value > 0))
      throw new DataError(
        { file, line: k + 1, field: header[1] },
        `expected a positive index level, found '${f[1] ?? ''}'`,
      );
    last = day;
    dates.push(dayToIso(day));
    values.push(value);
  }
  if (dates.length < 2) throw new DataError({ file }, 'expected at least two index rows');
  return { symbol: header[1].toUpperCase(), dates, values: Float64Array.from(values) };
}

export function loadCboeIndex(path: string, symbol?: string): CboeIndexHistory {
  return parseCboeIndex(readFileSync(path, 'utf8'), basename(path), symbol);
}
