// The model-backed market view: day i of a MarketContext (SPX smile, VIX futures curve, Black-76 on the
// future, the fitted half-spreads). One object per book, moved forward a day at a time by the engine.
import type { DayNumber } from '../core/dates.js';
import type { Instrument, LegTerms, Underlying } from '../instruments/instrument.js';
import { spxHalfSpread, vixHalfSpread } from '../pricing/spreads.js';
import type { MarketContext, SeriesMids } from './market-context.js';
import type { Leg } from '../instruments/leg.js';
import type { MarketView } from './market-view.js';

/** Half the quoted width of a VX future (one 0.05 tick wide in normal markets). */
export const VX_HALF_SPREAD = 0.025;

export class ModelView implements MarketView {
  private i = -1;
  day: DayNumber = NaN;
  date = '';

  constructor(readonly market: MarketContext) {}

  /** Moves the view to day i (the engine's call; rules are handed the view, never the index). */
  moveTo(i: number): this {
    this.i = i;
    this.day = this.market.panel.days[i];
    this.date = this.market.panel.dates[i];
    return this;
  }

  /** The panel index of the day (for the engine's bookkeeping). */
  get index(): number {
    return this.i;
  }

  close(underlying: Underlying): number {
    // SPX through the market's spot: a market that moves spot (the chain checks) moves the view with it.
    return underlying === 'SPX' ? this.market.spot(this.i) : this.market.panel.series.vixClose[this.i];
  }

  spxMidRange(): number {
    const s = this.market.panel.series;
    return 0.5 * (s.spxHigh[this.i] + s.spxLow[this.i]);
  }

  rate(): number {
    return this.market.rate(this.i);
  }

  indexDividendYield(): number {
    const panel = this.market.panel;
    const given = panel.series.dividendYieldAnnual[this.i];
    if (Number.isFinite(given)) return given;
    return panel.indexDividendYield ? panel.indexDividendYield[this.i] : NaN;
  }

  unpriceableReason(): string | null {
    return this.market.unpriceableReason(this.i);
  }

  vixUnpriceableReason(): string | null {
    return this.market.vixUnpriceableReason(this.i);
  }

  quoted(): boolean {
    return false;
  }

  mid(leg: LegTerms): number {
    const inst = leg.instrument;
    switch (inst.kind) {
      case 'option':
        return inst.underlying === 'SPX'
          ? this.market.spxMid(this.i, leg.isCall, leg.strike, leg.expiry, inst.stopsTradingDaysEarly)
          : this.market.vixMid(this.i, leg.isCall, leg.strike, leg.expiry, inst.stopsTradingDaysEarly);
      case 'future':
        return this.market.vixFuture(this.i, leg.expiry);
      case 'index':
        return this.close(inst.underlying);
    }
  }

  markOf(leg: Leg): number {
    const inst = leg.instrument;
    if (inst.kind !== 'option') return this.mid(leg);
    // Only a model view sets the handle; another market's handle (a leg marked elsewhere) is replaced.
    let s = leg.markMemo as SeriesMids | null | undefined;
    if (s == null || s.owner !== this.market) {
      const found = this.market.seriesOf(
        inst.underlying === 'VIX',
        leg.isCall,
        leg.strike,
        leg.expiry,
        inst.stopsTradingDaysEarly,
        this.i,
      );
      if (found === null) return this.mid(leg);
      leg.markMemo = s = found;
    }
    return this.market.seriesMid(s, this.i);
  }

  absDelta(leg: LegTerms): number {
    const inst = leg.instrument;
    if (inst.kind !== 'option') return 1;
    const d =
      inst.underlying === 'SPX'
        ? this.market.spxDelta(this.i, leg.isCall, leg.strike, leg.expiry, inst.stopsTradingDaysEarly)
        : this.market.vixDelta(this.i, leg.isCall, leg.strike, leg.expiry, inst.stopsTradingDaysEarly);
    return Math.abs(d);
  }

  halfSpread(leg: LegTerms, mid: number, absDelta: number): number {
    const inst = leg.instrument;
    if (inst.kind === 'future') return Number.isFinite(mid) ? VX_HALF_SPREAD : NaN;
    if (inst.kind === 'index') return Number.isFinite(mid) ? 0 : NaN;
    return inst.underlying === 'SPX' ? spxHalfSpread(mid, absDelta) : vixHalfSpread(mid);
  }

  settlementValue(instrument: Instrument): number {
    const s = this.market.panel.series;
    const i = this.i;
    switch (instrument.settlement) {
      case 'vix_open':
        return Number.isFinite(s.vixOpen[i]) ? s.vixOpen[i] : NaN;
      case 'spx_open':
        return s.spxOpen[i];
      case 'spx_close':
        return s.spxClose[i];
    }
  }

  spxOpenCarried(): boolean {
    const s = this.market.panel.series;
    return this.i > 0 && s.spxOpen[this.i] === s.spxClose[this.i - 1];
  }

  spxSoqProxy(): number {
    const proxy = this.market.panel.spxSoqProxy;
    return proxy ? proxy[this.i] : NaN;
  }

  vixFuture(expiry: DayNumber): number {
    return this.market.vixFuture(this.i, expiry);
  }

  strikeForDelta(
    instrument: Instrument,
    isCall: boolean,
    delta: number,
    expiry: DayNumber,
    step: number,
  ): number {
    const early = instrument.stopsTradingDaysEarly;
    return instrument.underlying === 'SPX'
      ? this.market.spxStrikeForDelta(this.i, isCall, delta, expiry, early, step)
      : this.market.vixStrikeForDelta(this.i, isCall, delta, expiry, early, step);
  }

  spxMonthlyExpirations(fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
    return this.market.spxMonthlyExpirations(fromDay, toDay);
  }

  spxMonthlyOnOrBefore(day: DayNumber): DayNumber {
    return this.market.spxMonthlyOnOrBefore(day);
  }

  spxMonthlyAfter(day: DayNumber): DayNumber {
    return this.market.spxMonthlyAfter(day);
  }

  spxWeeklyExpirations(fromDay: DayNumber, toDay: DayNumber, weekdays: readonly number[]): DayNumber[] {
    return this.market.spxWeeklyExpirations(fromDay, toDay, weekdays);
  }

  vixExpirationsAfter(): DayNumber[] {
    return this.market.vixExpirationsAfter(this.i);
  }

  isVixExpirationDay(): boolean {
    return this.market.isVixExpirationDay(this.i);
  }
}
