// A shorthand for the CLI's plain tables: headers and string rows, numbers right-aligned where asked.
import type { Trade } from '../engine/result.js';
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

/** The fills of a day (signal, journal show). */
export function ordersTable(
  orders: readonly Pick<
    Trade,
    'sleeve' | 'instrument' | 'quantity' | 'price' | 'modelPrice' | 'cash' | 'reason'
  >[],
  color: boolean,
): string {
  return simpleTable(
    ['sleeve', 'instrument', 'qty', 'price', 'model', 'cash', 'reason'],
    orders.map((o) => [
      o.sleeve,
      o.instrument,
      String(o.quantity),
      o.price.toFixed(2),
      o.modelPrice.toFixed(2),
      o.cash.toFixed(2),
      o.reason,
    ]),
    color,
    ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
  );
}
