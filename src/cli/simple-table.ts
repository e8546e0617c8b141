// A shorthand for the CLI's plain tables: headers and string rows, numbers right-aligned where asked.
import type { Trade } from '../engine/result.js';
import { condorCredit } from '../live/condor-credit.js';
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

/** The fills of a day (signal, journal show), with the net credit of the condors opened, if any. */
export function ordersTable(
  orders: readonly Pick<
    Trade,
    'sleeve' | 'instrument' | 'quantity' | 'price' | 'modelPrice' | 'cash' | 'reason'
  >[],
  color: boolean,
): string {
  const table = simpleTable(
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
  const credit = condorCredit(orders);
  if (credit === null) return table;
  return `${table}\nnet condor credit: ${credit.perCondor.toFixed(2)} a condor at the fills (model ${credit.perCondorModel.toFixed(2)}) x ${credit.condors} condor(s) = ${credit.netCash.toFixed(2)} after commissions`;
}
