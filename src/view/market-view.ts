// The market as one day sees it: what a rule and the book may ask about day i, and nothing about any
// other day. The model (ModelView) is the first implementation; a quote-backed one plugs in leg by leg
// (QuoteView) with the model as fallback. docs/architecture.md states the contract.
import type { DayNumber } from '../core/dates.js';
import type { Instrument, LegTerms, Underlying } from '../instruments/instrument.js';
import type { Leg } from '../instruments/leg.js';

export interface MarketView {
  /** The day this view answers for. */
  readonly day: DayNumber;
  readonly date: string;
  /** Close of the underlying (SPX, VIX) today; NaN when the data has none. */
  close(underlying: Underlying): number;
  /**
   * Midpoint of today's SPX high and low: the data's only proxy for the index's midday level (Cboe's rolls
   * choose strikes from the level before 11:00); NaN when the data lack either.
   */
  spxMidRange(): number;
  /** Risk-free rate today (annual fraction). */
  rate(): number;
  /** The dividend yield an SPX index position earns today (annual, continuous); NaN when the data lack it. */
  indexDividendYield(): number;
  /** Why nothing can be priced today (no SPX or VIX close), or null. */
  unpriceableReason(): string | null;
  /** Why VIX products cannot be priced today (no futures curve, no VVIX), or null. */
  vixUnpriceableReason(): string | null;

  /** Whether a leg's price today comes from a real quote (false: from the model). */
  quoted(leg: LegTerms): boolean;
  /** Mid price of a leg's instrument, per point (NaN when it cannot be priced today). */
  mid(leg: LegTerms): number;
  /** `mid` of a held leg, for its daily mark: the view may keep a handle on the leg (`Leg.markMemo`). */
  markOf(leg: Leg): number;
  /** |delta| of a leg's instrument per unit of its underlying (futures and index positions: 1). */
  absDelta(leg: LegTerms): number;
  /** Half the bid/ask spread of a leg's instrument at a given mid and |delta|, per point. */
  halfSpread(leg: LegTerms, mid: number, absDelta: number): number;
  /** The settlement print of an instrument expiring today (NaN when the print is missing). */
  settlementValue(instrument: Instrument): number;
  /** Whether today's SPX open repeats yesterday's close exactly (the data had no opening print). */
  spxOpenCarried(): boolean;
  /**
   * A proxy for today's Special Opening Quotation from SPY's open (market/soq-proxy.ts), for AM settlement
   * with `am_settlement: spy_open_proxy`; NaN when the data do not give one.
   */
  spxSoqProxy(): number;
  /** The VIX future for an expiration, at today's settlement (listed, else interpolated on the curve). */
  vixFuture(expiry: DayNumber): number;

  /** The listed strike of an option at a |delta| (rounded to `step`), NaN when none. */
  strikeForDelta(
    instrument: Instrument,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    step: number,
  ): number;
  /** Standard monthly SPX expirations in [fromDay, toDay]. */
  spxMonthlyExpirations(fromDay: DayNumber, toDay: DayNumber): DayNumber[];
  /** The latest monthly SPX expiration on or before `day` (-Infinity when none is known). */
  spxMonthlyOnOrBefore(day: DayNumber): DayNumber;
  /** The first monthly SPX expiration after `day` (NaN when none is known). */
  spxMonthlyAfter(day: DayNumber): DayNumber;
  /** SPXW expirations in [fromDay, toDay] on the given weekdays (Monday = 1 ... Friday = 5), as listed. */
  spxWeeklyExpirations(fromDay: DayNumber, toDay: DayNumber, weekdays: readonly number[]): DayNumber[];
  /** VIX expirations (options and futures) strictly after today, within a year. */
  vixExpirationsAfter(): DayNumber[];
  /** Whether today is a VIX expiration day. */
  isVixExpirationDay(): boolean;
}
