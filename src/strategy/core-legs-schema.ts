// The core book's legs as a strategy file states them (put or call, long or short, a ratio, a strike rule)
// and its optional SPX index position: their zod schemas. core-legs.ts plans and margins them.
import { z } from 'zod';

const LegName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a name of letters, digits or _');

/**
 * spot x this (1 = at the money, 1.02 = 2% above spot), to the nearest strike, or to the nearest at or
 * above it, or at or below it (Cboe's indices: BXM writes the first strike above the index, PUT the first
 * below). `spot: midrange` takes spot as the midpoint of the day's high and low instead of the close (a
 * proxy for the level Cboe's rolls choose strikes from, just before 11:00; the close where the data lack
 * the day's range); the trade is still at the close. Core legs and the SPX layer instruments share it.
 */
export const PercentOfSpot = z.strictObject({
  percent_of_spot: z.number().gt(0).lt(3),
  round: z.enum(['nearest', 'up', 'down']).default('nearest'),
  spot: z.enum(['close', 'midrange']).optional(),
});
export type PercentOfSpotSpec = z.infer<typeof PercentOfSpot>;

/** How a leg's strike is chosen, rounded to the core's strike step. */
const StrikeRule = z.union([
  /** The strike at this |delta|. */
  z.strictObject({ delta: z.number().gt(0).lt(1) }),
  /** spot x this, rounded (above). */
  PercentOfSpot,
  /** The strike of an earlier leg plus these points (negative: below it). */
  z.strictObject({ from: LegName, points: z.number() }),
  /** The strike whose model (or quoted) mid is nearest this premium, in index points. */
  z.strictObject({ premium: z.number().positive() }),
]);

export const CoreLeg = z.strictObject({
  /** Named so that another leg can take its strike `from` it. */
  name: LegName.nullable().default(null),
  right: z.enum(['put', 'call']),
  side: z.enum(['long', 'short']),
  /** Contracts of this leg per unit of the structure. */
  ratio: z.number().int().positive().default(1),
  strike: StrikeRule,
});
export type CoreLegSpec = z.infer<typeof CoreLeg>;

/** The SPX index held with the options: lots of $100 x SPX (one option contract's notional) per unit. */
export const CoreIndex = z.strictObject({ lots: z.number().int().positive().default(1) });
