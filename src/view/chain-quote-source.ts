// Real end-of-day option quotes (an `alvh chains import` database) as a QuoteSource: a leg's bid and ask
// where its series is listed that day, and the listed strikes with the deltas their own quotes imply.
import type { DayNumber } from '../core/dates.js';
import type { Instrument, LegTerms } from '../instruments/instrument.js';
import type { ChainSlice } from '../market/chain-store.js';
import { normCdf } from '../pricing/normal.js';
import { impliedVolForward } from '../pricing/implied-vol.js';
import type { LegQuote, QuoteSource } from './quote-view.js';

/** What a day's deltas need besides the quotes: the rate and the underlying's close. */
export type DayInputs = (day: DayNumber) => { rate: number; spot: number } | null;

interface Listed {
  strike: number;
  delta: number;
}

const sliceKey = (day: DayNumber, root: string, expiry: DayNumber): string => `${day}|${root}|${expiry}`;

/** Index of the quote of (strike, side) in a slice sorted by strike, puts first; -1 when not listed. */
function findQuote(slice: ChainSlice, strike: number, isCall: boolean): number {
  const strikes = slice.strikes;
  let lo = 0;
  let hi = strikes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strikes[mid] < strike) lo = mid + 1;
    else hi = mid;
  }
  const side = isCall ? 1 : 0;
  for (let k = lo; k < strikes.length && strikes[k] === strike; k++) if (slice.isCall[k] === side) return k;
  return -1;
}

const twoSided = (bid: number, ask: number): boolean => bid > 0 && ask > bid;

/**
 * The put-call parity forward of a slice (undiscounted), at the strike where the call and put mids are
 * closest; NaN when no strike has both sides bid.
 */
function parityForward(slice: ChainSlice, discount: number): number {
  let best = NaN;
  let bestGap = Infinity;
  const { strikes, isCall, bids, asks } = slice;
  for (let k = 0; k + 1 < strikes.length; k++) {
    if (strikes[k + 1] !== strikes[k] || isCall[k] !== 0 || isCall[k + 1] !== 1) continue;
    if (!twoSided(bids[k], asks[k]) || !twoSided(bids[k + 1], asks[k + 1])) continue;
    const put = (bids[k] + asks[k]) / 2;
    const call = (bids[k + 1] + asks[k + 1]) / 2;
    if (Math.abs(call - put) < bestGap) {
      bestGap = Math.abs(call - put);
      best = strikes[k] + (call - put) / discount;
    }
  }
  return best;
}

export class ChainQuoteSource implements QuoteSource {
  private readonly slices = new Map<string, ChainSlice>();
  private readonly listedCache = new Map<string, readonly Listed[]>();
  /** Distinct quote days the chains hold (for the report). */
  readonly quoteDays: number;

  constructor(
    slices: readonly ChainSlice[],
    private readonly inputs: DayInputs,
  ) {
    const days = new Set<number>();
    for (const s of slices) {
      this.slices.set(sliceKey(s.quoteDay, s.root, s.expiry), s);
      days.add(s.quoteDay);
    }
    this.quoteDays = days.size;
  }

  quote(day: DayNumber, leg: LegTerms): LegQuote | null {
    if (leg.instrument.kind !== 'option') return null;
    const slice = this.slices.get(sliceKey(day, leg.instrument.root, leg.expiry));
    if (slice === undefined) return null;
    const k = findQuote(slice, leg.strike, leg.isCall);
    // A zero bid is a real quote (a far wing): the view prices it at its mid; no ask is no quote.
    return k < 0 || !(slice.asks[k] > 0) ? null : { bid: slice.bids[k], ask: slice.asks[k] };
  }

  listed(day: DayNumber, instrument: Instrument, isCall: boolean, expiry: DayNumber): readonly Listed[] {
    if (instrument.kind !== 'option') return [];
    const key = `${sliceKey(day, instrument.root, expiry)}|${isCall ? 'C' : 'P'}`;
    let out = this.listedCache.get(key);
    if (out === undefined) {
      out = this.impliedDeltas(day, instrument, isCall, expiry);
      this.listedCache.set(key, out);
    }
    return out;
  }

  /**
   * Each two-sided strike's delta from its own mid: implied vol on the slice's parity forward, then the
   * model's own delta convention (SPX: spot delta e^{-qT}N(d1), with e^{-qT} = F e^{-rT} / S; VIX: Black-76
   * e^{-rT}N(d1) on the forward), so a delta target means the same thing from quotes and from the model.
   */
  private impliedDeltas(
    day: DayNumber,
    instrument: Instrument,
    isCall: boolean,
    expiry: DayNumber,
  ): Listed[] {
    const slice = this.slices.get(sliceKey(day, instrument.root, expiry));
    const inputs = this.inputs(day);
    if (slice === undefined || inputs === null) return [];
    const t = Math.max(expiry - day - instrument.stopsTradingDaysEarly, 1 / 96) / 365;
    const discount = Math.exp(-inputs.rate * t);
    const forward = parityForward(slice, discount);
    if (!(forward > 0)) return [];
    const scale = instrument.underlying === 'SPX' ? (forward * discount) / inputs.spot : discount;
    const side = isCall ? 1 : 0;
    const out: Listed[] = [];
    for (let k = 0; k < slice.strikes.length; k++) {
      if (slice.isCall[k] !== side || !twoSided(slice.bids[k], slice.asks[k])) continue;
      const strike = slice.strikes[k];
      const price = (slice.bids[k] + slice.asks[k]) / 2 / discount;
      let vol: number;
      try {
        vol = impliedVolForward(isCall, price, forward, strike, t);
      } catch {
        continue; // a mid outside the no-arbitrage bounds implies no delta: the strike is not offered
      }
      const sd = vol * Math.sqrt(t);
      const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
      out.push({ strike, delta: isCall ? scale * normCdf(d1) : -scale * normCdf(-d1) });
    }
    return out;
  }
}
