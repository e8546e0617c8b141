// The net credit of the condors opened on a day, from its fills: what the user checks against the broker's
// ticket before sending the four legs as one order.
import type { Trade } from '../engine/result.js';

export type Fill = Pick<Trade, 'sleeve' | 'quantity' | 'price' | 'modelPrice' | 'cash' | 'reason'>;

export interface CondorCredit {
  /** Condors opened (each has one short put and one short call). */
  condors: number;
  /** Net credit of one condor at the fill prices, in index points. */
  perCondor: number;
  /** The same at model (mid) prices. */
  perCondorModel: number;
  /** Dollars received for all of them, after commissions. */
  netCash: number;
}

/** The day's condor opening credit, or null when no condor was opened. */
export function condorCredit(orders: readonly Fill[]): CondorCredit | null {
  const opens = orders.filter((o) => o.sleeve === 'core' && o.reason === 'open');
  const shortLegs = opens.reduce((n, o) => n + Math.max(0, -o.quantity), 0);
  if (shortLegs === 0) return null;
  const condors = shortLegs / 2;
  const credit = (price: (o: Fill) => number): number =>
    -opens.reduce((s, o) => s + o.quantity * price(o), 0) / condors;
  return {
    condors,
    perCondor: credit((o) => o.price),
    perCondorModel: credit((o) => o.modelPrice),
    netCash: opens.reduce((s, o) => s + o.cash, 0),
  };
}
