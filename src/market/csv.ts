// A small CSV reader for market files: BOM, CRLF, quoted fields with commas, and the 1-based line number of
// every row, so a loader can say exactly where a file is wrong.
import { readFileSync } from 'node:fs';
import { DataError } from '../core/errors.js';

export interface CsvTable {
  file: string;
  header: string[];
  rows: string[][];
  /** 1-based file line of rows[k]. */
  lines: number[];
}

function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Reads a CSV whose header is the first non-empty line at or after `headerLine` (1-based; default: the
 * first non-empty line). Blank lines are skipped.
 */
export function readCsv(file: string, displayName = file, headerLine = 1): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new DataError({ file: displayName }, 'cannot read the file (missing or unreadable)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const all = text.split(/\r?\n/);
  let h = headerLine - 1;
  while (h < all.length && all[h].trim() === '') h++;
  if (h >= all.length)
    throw new DataError({ file: displayName }, 'the file is empty: expected a header line');
  const header = splitLine(all[h]).map((x) => x.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let k = h + 1; k < all.length; k++) {
    if (all[k].trim() === '') continue;
    const row = splitLine(all[k]).map((x) => x.trim());
    // Extra empty fields are harmless trailing commas (Cboe's 2004 CFE rows); extra values are not: a decimal
    // comma or a stray separator would otherwise shift or drop a number silently.
    if (row.length > header.length && row.slice(header.length).some((x) => x !== ''))
      throw new DataError(
        { file: displayName, line: k + 1 },
        `expected ${header.length} fields (as in the header), found ${row.length}: an unquoted comma inside a value?`,
      );
    rows.push(row);
    lines.push(k + 1);
  }
  return { file: displayName, header, rows, lines };
}

/** Index of a column by name (case-insensitive; any of the names); a DataError naming the header when absent. */
export function columnIndex(table: CsvTable, names: readonly string[]): number {
  const lower = table.header.map((x) => x.toLowerCase());
  for (const name of names) {
    const k = lower.indexOf(name.toLowerCase());
    if (k >= 0) return k;
  }
  throw new DataError(
    { file: table.file, line: 1, field: names[0] },
    `missing column: expected ${names.map((n) => `'${n}'`).join(' or ')}, found ${table.header.map((x) => `'${x}'`).join(', ')}`,
  );
}

/** Parses a number field (thousands separators allowed); `missing` texts give NaN; anything else is a DataError. */
export function parseNumber(
  table: CsvTable,
  row: number,
  col: number,
  missing: readonly string[] = [],
): number {
  const raw = table.rows[row][col];
  if (raw === undefined) {
    throw new DataError(
      { file: table.file, line: table.lines[row], field: table.header[col] },
      `expected a number, found a missing field (the row has ${table.rows[row].length} fields)`,
    );
  }
  if (missing.includes(raw)) return NaN;
  const x = Number(raw.replace(/,/g, ''));
  if (raw === '' || !Number.isFinite(x)) {
    throw new DataError(
      { file: table.file, line: table.lines[row], field: table.header[col] },
      `expected a number, found '${raw}'`,
    );
  }
  return x;
}
