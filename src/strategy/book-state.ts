// What a rule is handed on day i: that day's market view, the book's state (read-only), and the day's
// conditions. Rules decide; the engine's Book acts on their decisions.
import type { DayNumber } from '../core/dates.js';
import type { LegSpec, Position } from '../instruments/leg.js';
import type { MarketView } from '../view/market-view.js';

/** A compiled trigger or condition of the strategy file, read at the day of the context only. */
export type Condition = (i: number) => boolean;

/** The book as a rule may read it. */
export interface BookState {
  equity(): number;
  condors(): Position[];
  condorCount(): number;
  /** The open condor expiring first (the first opened among equals). */
  nearestCondor(): Position | null;
  condorById(id: number | null): Position | null;
  hasCondorExpiring(expiry: DayNumber): boolean;
  openCount(sleeve: string): number;
  /** Whether a new position tying up `collateral` dollars fits in equity less the collateral held. */
  fitsCollateral(collateral: number): boolean;
  /** Unit premium of a package (qty per unit) at today's fill prices, per point: + debit, - credit. */
  quoteUnit(legs: readonly LegSpec[]): number;
}

/** Day i as the rules see it. */
export interface DayContext {
  readonly view: MarketView;
  readonly book: BookState;
  /** Whether a condition of the strategy file holds today. */
  holds(condition: Condition): boolean;
  /** Today's value of a named signal (NaN when the table has none). */
  signal(name: string): number;
}
