// Cboe's CLL "cross-roll" as a rule: when a call a layer wrote today against the core is struck below the
// core's long put, that put is sold and replaced by a new one at its own strike rule on today's market, with
// the same expiration (the collar's put would otherwise sit deep in the money under the call until the
// quarter ends). The engine carries the decision out as a trade of the one leg (Book.rebalance).
import type { Leg, LegSpec, Position } from '../instruments/leg.js';
import type { DayContext } from './book-state.js';
import { percentOfSpotStrike, type CoreLegSpec } from './core-legs.js';
import type { CondorSpec } from './schema.js';

export interface CrossRoll {
  /** The core's legs after the roll (the replaced put at its new strike), for Book.rebalance. */
  targets: LegSpec[];
  reason: string;
}

/** The core's long put leg that a cross-roll replaces (the schema admits exactly one with `cross_roll`). */
export function crossRollPutSpec(spec: CondorSpec): CoreLegSpec | null {
  const puts = (spec.legs ?? []).filter((leg) => leg.right === 'put' && leg.side === 'long');
  return puts.length === 1 ? puts[0] : null;
}

/** An SPX option (not the index lots, not a VIX option or future: a VIX call's strike is in VIX points). */
const isSpxOption = (leg: Leg): boolean =>
  leg.instrument.kind === 'option' && leg.instrument.underlying === 'SPX';

/**
 * Whether the core's long put is replaced today, given the positions layers opened today against it. Only
 * short SPX calls count; the lowest of their strikes is compared with the put's.
 */
export function decideCrossRoll(
  ctx: DayContext,
  spec: CondorSpec,
  core: Position,
  writtenToday: readonly Position[],
): CrossRoll | null {
  const putSpec = spec.cross_roll === true ? crossRollPutSpec(spec) : null;
  if (putSpec === null) return null;
  let lowestCall = Infinity;
  for (const p of writtenToday)
    for (const leg of p.legs)
      if (!leg.settled && leg.isCall && leg.qty < 0 && isSpxOption(leg))
        lowestCall = Math.min(lowestCall, leg.strike);
  const put = core.legs.find((leg) => !leg.settled && !leg.isCall && leg.qty > 0 && isSpxOption(leg));
  if (put === undefined || !(lowestCall < put.strike)) return null;
  const view = ctx.view;
  const rule = putSpec.strike;
  const strike =
    'percent_of_spot' in rule
      ? percentOfSpotStrike(view, rule, spec.strike_step)
      : 'delta' in rule
        ? view.strikeForDelta(put.instrument, false, rule.delta, put.expiry, spec.strike_step)
        : NaN;
  if (!(strike > 0) || strike === put.strike) return null;
  const targets: LegSpec[] = [];
  for (const leg of core.legs) {
    if (leg.settled) continue;
    const { instrument, isCall, expiry, qty } = leg;
    targets.push({ instrument, isCall, expiry, qty, strike: leg === put ? strike : leg.strike });
  }
  return {
    targets,
    reason: `cross-roll: call ${lowestCall} written below the put ${put.strike}, put replaced at ${strike}`,
  };
}
