// The day's orders sized for the user's own account: the replayed book's quantities scaled by the ratio of
// the account's equity to the book's, rounded to whole contracts (what a broker ticket takes).
import type { Trade } from '../engine/result.js';

export interface SizedOrder {
  sleeve: string;
  instrument: string;
  reason: string;
  /** The replayed book's quantity. */
  replayed_quantity: number;
  /** For the account: replayed x factor, rounded half away from zero; 0 when the account is too small. */
  quantity: number;
}

export interface AccountSizing {
  account_equity: number;
  book_equity: number;
  factor: number;
  orders: SizedOrder[];
}

export function sizeForAccount(
  orders: readonly Trade[],
  bookEquity: number,
  accountEquity: number,
): AccountSizing {
  const factor = accountEquity / bookEquity;
  return {
    account_equity: accountEquity,
    book_equity: bookEquity,
    factor: Math.round(factor * 1e6) / 1e6,
    orders: orders.map((t) => ({
      sleeve: t.sleeve,
      instrument: t.instrument,
      reason: t.reason,
      replayed_quantity: t.quantity,
      quantity: Math.sign(t.quantity) * Math.round(Math.abs(t.quantity * factor)) || 0,
    })),
  };
}
