// The core book as a list of legs (put or call, long or short, a ratio, a strike rule) with an optional SPX
// index position: the strikes of one unit on a day's view, and its collateral: the worst loss of the payoff
// for defined risk, Reg-T margin where the risk is undefined (or the file asks for it). The schema of the
// legs is in core-legs-schema.ts.
import type { DayNumber } from '../core/dates.js';
import { SPX_INDEX, type Instrument } from '../instruments/instrument.js';
import type { LegSpec } from '../instruments/leg.js';
import type { MarketView } from '../view/market-view.js';
import type { CoreLegSpec, PercentOfSpotSpec } from './core-legs-schema.js';

export type { CoreLegSpec, PercentOfSpotSpec };

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

/** The strike of a `percent_of_spot` rule today: the close's (or the day's midrange's) share, rounded to the grid. */
export function percentOfSpotStrike(view: MarketView, rule: PercentOfSpotSpec, step: number): number {
  const range = rule.spot === 'midrange' ? view.spxMidRange() : NaN;
  const ref = Number.isFinite(range) ? range : view.close('SPX');
  return roundTo(ref * rule.percent_of_spot, step, rule.round);
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
  for (const [k, leg] of specs.entries()) {
    const isCall = leg.right === 'call';
    const rule = leg.strike;
    let strike: number;
    if ('delta' in rule) strike = view.strikeForDelta(instrument, isCall, rule.delta, expiry, step);
    else if ('percent_of_spot' in rule) strike = percentOfSpotStrike(view, rule, step);
    else if ('from' in rule) strike = (strikes.get(rule.from) ?? NaN) + rule.points;
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
