// Legs and positions: what a book holds. A leg is one instrument series with a signed contract count; a
// position groups the legs opened together for one reason (a condor, a hedge of a layer).
import type { DayNumber } from '../core/dates.js';
import type { LegTerms } from './instrument.js';

/** One leg of a unit to open: its terms and the contracts per unit (+ long, - short). */
export interface LegSpec extends LegTerms {
  qty: number;
}

export interface Leg extends LegSpec {
  /** Last mark per contract-point (model mid or settlement), for marking when a day cannot be priced. */
  lastMark: number;
  /** True once the leg has been settled at expiration or closed. */
  settled: boolean;
  /**
   * The market view's handle on the leg's series, set by its first daily mark (MarketView.markOf), so the
   * marks that follow need no lookup; null until then.
   */
  markMemo?: object | null;
}

export interface Position {
  id: number;
  /** 'core' or a layer name. */
  sleeve: string;
  kind: 'condor' | 'hedge';
  legs: Leg[];
  /** Day the position was opened (rules do not exit a position on its opening day). */
  openedDay: DayNumber;
  /** Net premium per unit at the fills, in points: + debit paid, - credit received (excludes commissions). */
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

export function legLabel(leg: LegTerms): string {
  return leg.instrument.label(leg);
}

/**
 * Dollar value of a leg at a per-point mark. A future is worth nothing beyond the cash its variation margin
 * has already moved (the book pays each day's change of its settlement in cash).
 */
export function legValue(leg: LegTerms & { qty: number }, mark: number): number {
  return leg.instrument.margin === 'variation' ? 0 : leg.qty * mark * leg.instrument.multiplier;
}

/** Value of the position's open legs at their last marks, in dollars. */
export function markedValue(p: Position): number {
  let v = 0;
  for (const leg of p.legs) if (!leg.settled) v += legValue(leg, leg.lastMark);
  return v;
}

/** Exposure of a leg at a per-point mark in dollars: the notional of a future, the value of anything else. */
export function legExposure(leg: LegTerms & { qty: number }, mark: number): number {
  return leg.qty * mark * leg.instrument.multiplier;
}

/**
 * Dollars per point of one unit of the package: the multiplier its legs share. Packages mix no
 * multipliers (a layer's unit is options of one product, or futures), which the planners keep.
 */
export function unitMultiplier(legs: readonly LegSpec[]): number {
  return legs.length > 0 ? legs[0].instrument.multiplier : 1;
}

/** Per-unit value of the open legs in points (qty per unit = qty / units). */
export function unitValue(p: Position): number {
  return markedValue(p) / (p.units * unitMultiplier(p.legs));
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
