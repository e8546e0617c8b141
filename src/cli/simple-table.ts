// A shorthand for the CLI's plain tables: headers and string rows, numbers right-aligned where asked.
import { renderTable, type Align } from '../report/table.js';

export function simpleTable(
  headers: string[],
  rows: string[][],
  color: boolean,
  align: Align[] = [],
): string {
  return renderTable(
    { columns: headers.map((header, k) => ({ header, align: align[k] ?? 'left' })), rows },
    { color },
  );
}
