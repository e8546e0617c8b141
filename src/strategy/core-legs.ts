// The core book as a list of legs (put or call, long or short, a ratio, a strike rule) with an optional SPX
// index position: its schema, the strikes of one unit on a day's view, and its collateral: the worst loss
// of the payoff for defined risk, Reg-T margin where the risk is undefined (or the file asks for it).
import { z } from 'zod';
import type { DayNumber } from '../core/dates.js';
import { SPX_INDEX, type Instrument } from '../instruments/instrument.js';
import type { LegSpec } from '../instruments/leg.js';
import type { MarketView } from '../view/market-view.js';

const LegName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a name of letters, digits or _');

/** How a leg's strike is chosen, rounded to the core's strike step. */
const StrikeRule = z.union([
  /** The strike at this |delta|. */
  z.strictObject({ delta: z.number().gt(0).lt(1) }),
  /**
   * spot x this (1 = at the money, 1.02 = 2% above spot), to the nearest strike, or to the nearest at or
   * above it, or at or below it (Cboe's indices: BXM writes the first strike above the index, PUT the first
   * below). `spot: midrange` takes spot as the midpoint of the day's high and low instead of the close (a
   * proxy for the level Cboe's rolls choose strikes from, just before 11:00; the close where the data lack
   * the day's range); the trade is still at the close.
   */
  z.strictObject({
    percent_of_spot: z.number().gt(0).lt(3),
    round: z.enum(['nearest', 'up', 'down']).default('nearest'),
    spot: z.enum(['close', 'midrange']).optional(),
  }),
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

/** Reg-T for broad-based index options: 15% of the underlying less the out-of-the-money amount, at least 10%. */
const REG_T = { base: 0.15, minimum: 0.1 } as const;

export interface LegsPlan {
  legs: LegSpec[];
  /** Widest strike distance between two legs of the same right (0 with one leg per right). */
  width: number;
}

function roundTo(x: number, step: number, how: 'nearest' | 'up' | 'down' = 'nearest'): number {
  const f = how === 'up' ? Math.ceil : how === 'down' ? Math.floor : Math.round;
  return f(x / step) * step;
}

/** The strike on the step grid whose mid is nearest the premium (mids are monotone in the strike). */
function strikeForPremium(
  view: MarketView,
  instrument: Instrument,
  isCall: boolean,
  premium: number,
  expiry: DayNumber,
  step: number,
): number {
  const spot = view.close('SPX');
  let lo = roundTo(spot * 0.3, step);
  let hi = roundTo(spot * 1.7, step);
  const mid = (k: number): number => view.mid({ instrument, isCall, strike: k, expiry });
  // Calls fall and puts rise with the strike: search for the crossing, then take the nearer neighbour.
  const above = (k: number): boolean => (isCall ? mid(k) > premium : mid(k) < premium);
  if (!Number.isFinite(mid(lo)) || !Number.isFinite(mid(hi))) return NaN;
  while (hi - lo > step) {
    const m = roundTo((lo + hi) / 2, step);
    if (m === lo || m === hi) break;
    if (above(m)) lo = m;
    else hi = m;
  }
  return Math.abs(mid(lo) - premium) <= Math.abs(mid(hi) - premium) ? lo : hi;
}

/** The legs of one unit on the day of `view`, for an expiration, or why they cannot be built. */
export function planLegs(
  view: MarketView,
  specs: readonly CoreLegSpec[],
  index: { lots: number } | null,
  instrument: Instrument,
  expiry: DayNumber,
  step: number,
): LegsPlan | string {
  const strikes = new Map<string, number>();
  const legs: LegSpec[] = [];
  const spot = view.close('SPX');
  for (const [k, leg] of specs.entries()) {
    const isCall = leg.right === 'call';
    const rule = leg.strike;
    let strike: number;
    if ('delta' in rule) strike = view.strikeForDelta(instrument, isCall, rule.delta, expiry, step);
    else if ('percent_of_spot' in rule) {
      const range = rule.spot === 'midrange' ? view.spxMidRange() : NaN;
      const ref = Number.isFinite(range) ? range : spot;
      strike = roundTo(ref * rule.percent_of_spot, step, rule.round);
    } else if ('from' in rule) strike = (strikes.get(rule.from) ?? NaN) + rule.points;
    else strike = strikeForPremium(view, instrument, isCall, rule.premium, expiry, step);
    if (!(strike > 0)) return `no strike for leg ${leg.name ?? k + 1} (${leg.side} ${leg.right})`;
    if (leg.name !== null) strikes.set(leg.name, strike);
    legs.push({ instrument, isCall, strike, expiry, qty: (leg.side === 'long' ? 1 : -1) * leg.ratio });
  }
  if (index !== null) legs.push({ instrument: SPX_INDEX, isCall: false, strike: 0, expiry, qty: index.lots });
  let width = 0;
  for (const a of legs)
    for (const b of legs)
      if (a.instrument === b.instrument && a.isCall === b.isCall)
        width = Math.max(width, Math.abs(a.strike - b.strike));
  return { legs, width };
}

/** Value of one unit at expiry with the underlying at `s`, in points per contract. */
function payoffAt(legs: readonly LegSpec[], s: number): number {
  let v = 0;
  for (const leg of legs) v += leg.qty * leg.instrument.payoff(leg, s);
  return v;
}

/**
 * Collateral of one unit in points, given its net premium (+ paid, - received) and today's spot and mids.
 * Defined risk: the worst loss of the payoff at expiry (checked at 0, at every strike and at spot; beyond
 * the highest strike the payoff moves with the net calls and index lots), and at least the debit paid. Undefined risk (more short calls
 * than long calls and index lots), or `regT` asked for: Reg-T on the short options, the larger side of a
 * strangle plus the other side's premium, with any long options of the same right held against it.
 */
export function collateralPoints(
  legs: readonly LegSpec[],
  premium: number,
  spot: number,
  mid: (leg: LegSpec) => number,
  regT: boolean,
): number {
  let upside = 0;
  for (const leg of legs) if (leg.instrument === SPX_INDEX || leg.isCall) upside += leg.qty;
  if (upside >= 0 && !regT) {
    let worst = premium - payoffAt(legs, 0);
    for (const leg of legs) worst = Math.max(worst, premium - payoffAt(legs, leg.strike));
    // A debit is paid in cash whatever the payoff could lose (the index lots of a protective put).
    return Math.max(worst, premium - payoffAt(legs, spot), premium, 0);
  }
  const side = (isCall: boolean): { requirement: number; premium: number } => {
    let requirement = 0;
    let received = 0;
    for (const leg of legs) {
      if (leg.instrument === SPX_INDEX || leg.isCall !== isCall || leg.qty >= 0) continue;
      const otm = Math.max(isCall ? leg.strike - spot : spot - leg.strike, 0);
      const floor = REG_T.minimum * (isCall ? spot : leg.strike);
      const m = mid(leg);
      requirement += -leg.qty * (Math.max(REG_T.base * spot - otm, floor) + m);
      received += -leg.qty * m;
    }
    return { requirement, premium: received };
  };
  const puts = side(false);
  const calls = side(true);
  const reg =
    puts.requirement >= calls.requirement
      ? puts.requirement + calls.premium
      : calls.requirement + puts.premium;
  // Long legs are paid in full on top.
  let paid = 0;
  for (const leg of legs) if (leg.qty > 0) paid += leg.qty * mid(leg);
  return reg + paid;
}
