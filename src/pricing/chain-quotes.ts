// One chain's quotes per expiration, as a pricing check reads them: the AM-settled root preferred on the
// 3rd Friday, the put-call parity forward, and the mid, half-spread and implied vol at a listed strike.
import type { DayNumber } from '../core/dates.js';
import type { ChainQuote, OptionChain } from '../market/option-chain.js';
import { isoToDay } from '../core/dates.js';
import { blackForwardPrice } from './black-scholes.js';
import { impliedVolForward } from './implied-vol.js';

export interface ChainExpiry {
  expiry: DayNumber;
  /** Calendar days from the quote date. */
  days: number;
  root: string;
  /** AM-settled roots (SPX, VIX) stop trading the afternoon before: 0.75 day less. */
  amSettled: boolean;
  tYears: number;
  /** Parity forward at the strike where call and put mids meet (NaN when none has both bids). */
  forward: number;
  byStrike: Map<number, ChainQuote>;
}

/** Groups quotes by expiration, preferring the AM-settled SPX (VIX) root where both roots are listed. */
export function groupByExpiry(quotes: readonly ChainQuote[]): Map<number, ChainQuote[]> {
  const groups = new Map<string, ChainQuote[]>();
  for (const q of quotes) {
    const key = `${q.expiry}|${q.root}`;
    const g = groups.get(key) ?? [];
    g.push(q);
    groups.set(key, g);
  }
  const out = new Map<number, ChainQuote[]>();
  for (const [key, g] of groups) {
    const [expiry, root] = key.split('|');
    const e = Number(expiry);
    if (!out.has(e) || root === 'SPX' || root === 'VIX') out.set(e, g);
  }
  return out;
}

const mid = (bid: number, ask: number): number => (bid + ask) / 2;

/** Forward implied by put-call parity at the strike where call and put mids are closest. */
export function parityForward(group: readonly ChainQuote[], discount: number): number {
  let best: ChainQuote | null = null;
  let bestGap = Infinity;
  for (const q of group) {
    if (!(q.callBid > 0 && q.putBid > 0)) continue;
    const gap = Math.abs(mid(q.callBid, q.callAsk) - mid(q.putBid, q.putAsk));
    if (gap < bestGap) {
      best = q;
      bestGap = gap;
    }
  }
  if (best === null) return NaN;
  return best.strike + (mid(best.callBid, best.callAsk) - mid(best.putBid, best.putAsk)) / discount;
}

/**
 * Every (expiration, root) group of a chain from `minDays` on, ascending by expiration, with its parity
 * forward at `rateAnnual`: on the 3rd Friday both the AM (SPX) and the PM (SPXW) group are kept.
 */
export function chainExpiries(chain: OptionChain, rateAnnual: number, minDays = 0): ChainExpiry[] {
  const quoteDay = isoToDay(chain.quoteDate);
  const groups = new Map<string, ChainQuote[]>();
  for (const q of chain.quotes) {
    const key = `${q.expiry}|${q.root}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [q]);
    else g.push(q);
  }
  const out: ChainExpiry[] = [];
  for (const group of groups.values()) {
    const { expiry, root } = group[0];
    const days = expiry - quoteDay;
    if (days < minDays) continue;
    const amSettled = root === 'SPX' || root === 'VIX';
    const tYears = Math.max(days - (amSettled ? 0.75 : 0), 1 / 96) / 365;
    const byStrike = new Map<number, ChainQuote>();
    for (const q of group) byStrike.set(q.strike, q);
    out.push({
      expiry,
      days,
      root,
      amSettled,
      tYears,
      forward: parityForward(group, Math.exp(-rateAnnual * tYears)),
      byStrike,
    });
  }
  return out.sort((a, b) => a.expiry - b.expiry || Number(b.amSettled) - Number(a.amSettled));
}

/** The group of an expiration with the given settlement (AM: SPX/VIX root), or null. */
export function findExpiry(
  list: readonly ChainExpiry[],
  expiry: DayNumber,
  amSettled: boolean,
): ChainExpiry | null {
  return list.find((e) => e.expiry === expiry && e.amSettled === amSettled) ?? null;
}

/** The group whose expiration is nearest `days` away (AM preferred on a tie of dates), or null. */
export function nearestExpiry(list: readonly ChainExpiry[], days: number): ChainExpiry | null {
  let best: ChainExpiry | null = null;
  for (const e of list) if (best === null || Math.abs(e.days - days) < Math.abs(best.days - days)) best = e;
  return best;
}

/** The quoted mid of one side at a listed strike; NaN when the strike is not listed or has no ask. */
export function quotedMid(e: ChainExpiry, isCall: boolean, strike: number): number {
  const q = e.byStrike.get(strike);
  if (q === undefined) return NaN;
  const bid = isCall ? q.callBid : q.putBid;
  const ask = isCall ? q.callAsk : q.putAsk;
  return ask > 0 && ask >= bid && bid >= 0 ? mid(bid, ask) : NaN;
}

/** The quoted half-spread of one side at a listed strike (NaN as `quotedMid`). */
export function quotedHalfSpread(e: ChainExpiry, isCall: boolean, strike: number): number {
  const q = e.byStrike.get(strike);
  if (q === undefined) return NaN;
  const bid = isCall ? q.callBid : q.putBid;
  const ask = isCall ? q.callAsk : q.putAsk;
  return ask > 0 && ask >= bid && bid >= 0 ? (ask - bid) / 2 : NaN;
}

/** Implied vol of the quoted mid on the parity forward (NaN without a two-sided quote inside the bounds). */
export function quotedVol(e: ChainExpiry, isCall: boolean, strike: number, rateAnnual: number): number {
  const q = e.byStrike.get(strike);
  if (q === undefined || !Number.isFinite(e.forward)) return NaN;
  const bid = isCall ? q.callBid : q.putBid;
  const ask = isCall ? q.callAsk : q.putAsk;
  if (!(bid > 0 && ask > bid)) return NaN;
  try {
    return impliedVolForward(
      isCall,
      mid(bid, ask) / Math.exp(-rateAnnual * e.tYears),
      e.forward,
      strike,
      e.tYears,
    );
  } catch {
    return NaN;
  }
}

/** How far (index points) an unlisted strike may sit from a listed neighbour on each side to be interpolated. */
const MAX_GAP_POINTS = 60;

/**
 * The mid at a strike: the quote where it is listed, else the price at the implied vol interpolated
 * linearly in strike between the nearest listed out-of-the-money neighbours (far strikes of weeklies list on a
 * 10-25 point grid while the engine's rules pick 5-point strikes). `interpolated` says which.
 */
export function midAtStrike(
  e: ChainExpiry,
  isCall: boolean,
  strike: number,
  rateAnnual: number,
): { mid: number; interpolated: boolean } {
  const listed = quotedMid(e, isCall, strike);
  if (Number.isFinite(listed) || !Number.isFinite(e.forward)) return { mid: listed, interpolated: false };
  const otmCall = strike >= e.forward;
  let below = -Infinity;
  let above = Infinity;
  let volBelow = NaN;
  let volAbove = NaN;
  for (const k of e.byStrike.keys()) {
    if (k < strike && k > below && strike - k <= MAX_GAP_POINTS) {
      const v = quotedVol(e, otmCall, k, rateAnnual);
      if (Number.isFinite(v)) {
        below = k;
        volBelow = v;
      }
    } else if (k > strike && k < above && k - strike <= MAX_GAP_POINTS) {
      const v = quotedVol(e, otmCall, k, rateAnnual);
      if (Number.isFinite(v)) {
        above = k;
        volAbove = v;
      }
    }
  }
  if (!Number.isFinite(volBelow) || !Number.isFinite(volAbove)) return { mid: NaN, interpolated: false };
  const vol = volBelow + ((volAbove - volBelow) * (strike - below)) / (above - below);
  const discount = Math.exp(-rateAnnual * e.tYears);
  return { mid: discount * blackForwardPrice(isCall, e.forward, strike, e.tYears, vol), interpolated: true };
}
