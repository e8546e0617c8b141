// A market view backed by quotes where there are any, leg by leg, and by another view (the model) where
// there are none: the seam a real option-chain source plugs into. The contract is in docs/architecture.md.
import type { DayNumber } from '../core/dates.js';
import type { Instrument, LegTerms, Underlying } from '../instruments/instrument.js';
import type { Leg } from '../instruments/leg.js';
import type { MarketView } from './market-view.js';

/** A two-sided quote of one instrument series, per point, with the quote's own delta when it has one. */
export interface LegQuote {
  bid: number;
  ask: number;
  delta?: number;
}

/** Quotes by day: what a chain file (or feed) holds for a day. */
export interface QuoteSource {
  /** The quote of a series on a day, or null when the source does not list it. */
  quote(day: DayNumber, leg: LegTerms): LegQuote | null;
  /**
   * The listed series of an option on a day for an expiration, with their deltas; empty when the source
   * has no chain for it (the fallback then chooses the strike).
   */
  listed(
    day: DayNumber,
    instrument: Instrument,
    isCall: boolean,
    expiry: DayNumber,
  ): readonly { strike: number; delta: number }[];
}

export class QuoteView implements MarketView {
  constructor(
    private readonly quotes: QuoteSource,
    /** Answers whatever the quotes do not: the model view of the same day. */
    private readonly fallback: MarketView,
  ) {}

  get day(): DayNumber {
    return this.fallback.day;
  }

  get date(): string {
    return this.fallback.date;
  }

  private quote(leg: LegTerms): LegQuote | null {
    const q = this.quotes.quote(this.fallback.day, leg);
    // A one-sided or crossed quote is no price: the model answers.
    return q !== null && q.bid >= 0 && q.ask >= q.bid ? q : null;
  }

  quoted(leg: LegTerms): boolean {
    return this.quote(leg) !== null;
  }

  mid(leg: LegTerms): number {
    const q = this.quote(leg);
    return q === null ? this.fallback.mid(leg) : (q.bid + q.ask) / 2;
  }

  markOf(leg: Leg): number {
    const q = this.quote(leg);
    return q === null ? this.fallback.markOf(leg) : (q.bid + q.ask) / 2;
  }

  absDelta(leg: LegTerms): number {
    const q = this.quote(leg);
    return q !== null && q.delta !== undefined ? Math.abs(q.delta) : this.fallback.absDelta(leg);
  }

  halfSpread(leg: LegTerms, mid: number, absDelta: number): number {
    const q = this.quote(leg);
    return q === null ? this.fallback.halfSpread(leg, mid, absDelta) : (q.ask - q.bid) / 2;
  }

  strikeForDelta(
    instrument: Instrument,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    step: number,
  ): number {
    const listed = this.quotes.listed(this.fallback.day, instrument, isCall, expiry);
    if (listed.length === 0) return this.fallback.strikeForDelta(instrument, isCall, delta, expiry, step);
    // The listed strike nearest the delta; among equals, the lower strike (a stable choice).
    let best = listed[0];
    for (const s of listed) {
      const gap = Math.abs(Math.abs(s.delta) - delta) - Math.abs(Math.abs(best.delta) - delta);
      if (gap < 0 || (gap === 0 && s.strike < best.strike)) best = s;
    }
    return best.strike;
  }

  close(underlying: Underlying): number {
    return this.fallback.close(underlying);
  }
  rate(): number {
    return this.fallback.rate();
  }
  indexDividendYield(): number {
    return this.fallback.indexDividendYield();
  }
  unpriceableReason(): string | null {
    return this.fallback.unpriceableReason();
  }
  vixUnpriceableReason(): string | null {
    return this.fallback.vixUnpriceableReason();
  }
  settlementValue(instrument: Instrument): number {
    return this.fallback.settlementValue(instrument);
  }
  spxMidRange(): number {
    return this.fallback.spxMidRange();
  }

  spxOpenCarried(): boolean {
    return this.fallback.spxOpenCarried();
  }

  spxSoqProxy(): number {
    return this.fallback.spxSoqProxy();
  }
  vixFuture(expiry: DayNumber): number {
    return this.fallback.vixFuture(expiry);
  }
  spxMonthlyExpirations(fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
    return this.fallback.spxMonthlyExpirations(fromDay, toDay);
  }
  spxMonthlyOnOrBefore(day: DayNumber): DayNumber {
    return this.fallback.spxMonthlyOnOrBefore(day);
  }
  spxMonthlyAfter(day: DayNumber): DayNumber {
    return this.fallback.spxMonthlyAfter(day);
  }
  spxWeeklyExpirations(fromDay: DayNumber, toDay: DayNumber, weekdays: readonly number[]): DayNumber[] {
    return this.fallback.spxWeeklyExpirations(fromDay, toDay, weekdays);
  }
  vixExpirationsAfter(): DayNumber[] {
    return this.fallback.vixExpirationsAfter();
  }
  isVixExpirationDay(): boolean {
    return this.fallback.isVixExpirationDay();
  }
}
