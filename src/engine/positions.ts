// Positions and their legs: what the book holds. A leg is one option series with a signed contract count;
// a position groups the legs opened together for one reason (a condor, a hedge of a layer).
import { dayToIso, type DayNumber } from '../core/dates.js';
import type { Product, SettleStyle } from './market-context.js';

export const MULTIPLIER = 100;

export interface Leg {
  product: Product;
  isCall: boolean;
  strike: number;
  expiry: DayNumber;
  settle: SettleStyle;
  /** Signed contracts: + long, - short. */
  qty: number;
  /** Last model mark per unit (mid), for marking when a day cannot be priced. */
  lastMark: number;
  /** True once the leg has been settled at expiration. */
  settled: boolean;
}

export interface Position {
  id: number;
  /** 'core' or a layer name. */
  sleeve: string;
  kind: 'condor' | 'hedge';
  legs: Leg[];
  openedIndex: number;
  /** Net premium per unit at the fills: + debit paid, - credit received (excludes commissions). */
  unitPremium: number;
  /** Number of units (condors or hedge packages). */
  units: number;
  /**
   * Max loss per unit in dollars: (width - credit) x multiplier for condors and credit spreads (held as
   * margin), the premium paid x multiplier for debit positions. The collateral the position ties up.
   */
  maxLossPerUnit: number;
  /** For hedges: the condor it protects (with_condor exits, condor_short_puts sizing). */
  condorId: number | null;
  /** For hedges: the premium budget they were sized with (rolls reuse it). */
  budget: number;
  /** Index of the layer choice that opened it. */
  choice: number;
  /** Strike width of a vertical spread, per unit (spread_value_fraction exits). */
  width: number;
}

export function legLabel(leg: Leg): string {
  const kind = leg.isCall ? 'C' : 'P';
  const root = leg.product === 'SPX' ? (leg.settle === 'PM' ? 'SPXW' : 'SPX') : 'VIX';
  return `${root} ${dayToIso(leg.expiry)} ${kind} ${leg.strike}`;
}

export function intrinsic(isCall: boolean, strike: number, underlying: number): number {
  return isCall ? Math.max(underlying - strike, 0) : Math.max(strike - underlying, 0);
}

/** Value of the position's open legs at their last marks, in dollars. */
export function markedValue(p: Position): number {
  let v = 0;
  for (const leg of p.legs) if (!leg.settled) v += leg.qty * leg.lastMark * MULTIPLIER;
  return v;
}

/** Per-unit value of the open legs (qty per unit = qty / units). */
export function unitValue(p: Position): number {
  return markedValue(p) / (p.units * MULTIPLIER);
}

export function isClosed(p: Position): boolean {
  return p.legs.every((l) => l.settled);
}

/** The latest expiry among the open legs. */
export function lastExpiry(p: Position): DayNumber {
  let e = -Infinity;
  for (const leg of p.legs) if (!leg.settled && leg.expiry > e) e = leg.expiry;
  return e;
}
