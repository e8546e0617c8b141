// Hedge layer instruments: turning an instrument template (product, tenor rule, strike rule) into the
// legs of one unit on a given day, and a sizing rule into a number of units.
import type { DayNumber } from '../core/dates.js';
import type { InstrumentSpec, SizingSpec, SpxExpirySpec, VixExpirySpec } from '../strategy/schema.js';
import type { LegSpec } from './book.js';
import { weekdayNumbers } from './condor-rules.js';
import type { MarketContext } from './market-context.js';
import { MULTIPLIER, type Position } from './positions.js';

/** VIX strike grid: whole points (VIX options list 0.5 steps only at low strikes; one grid keeps it simple). */
export const VIX_STRIKE_STEP = 1;
/** SPX strike grid used for hedges (5 points, as the condor). */
export const SPX_STRIKE_STEP = 5;

export interface UnitPlan {
  legs: LegSpec[];
  /** Strike distance of a vertical spread (0 for single options and calendars). */
  width: number;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/** The VIX expiration a template asks for on day i, or a reason. */
export function chooseVixExpiry(market: MarketContext, i: number, rule: VixExpirySpec): DayNumber | string {
  const list = market.vixExpirationsAfter(i);
  const day = market.panel.days[i];
  if ('nth' in rule) {
    // The nth expiration among those more than min_dte days away: a "front month" one day from settling
    // is not what a rule that buys the front month means (docs/methodology.md).
    let seen = 0;
    for (const e of list) if (e - day > rule.min_dte && ++seen === rule.nth) return e;
    return rule.min_dte > 0
      ? `no ${ordinal(rule.nth)} VIX expiration more than ${rule.min_dte} days ahead`
      : `no ${ordinal(rule.nth)} VIX expiration listed`;
  }
  let best: DayNumber | null = null;
  for (const e of list) {
    const dte = e - day;
    if (dte < rule.min_dte || dte > rule.max_dte) continue;
    if (best === null || Math.abs(dte - rule.target_dte) < Math.abs(best - day - rule.target_dte)) best = e;
  }
  return best ?? `no VIX expiration ${rule.min_dte}-${rule.max_dte} days ahead`;
}

function chooseSpxExpiry(
  market: MarketContext,
  i: number,
  rule: SpxExpirySpec,
  condor: Position | null,
): { expiry: DayNumber; style: 'AM' | 'PM' } | string {
  if (rule === 'condor') {
    if (condor === null) return 'no open condor to take the expiration from';
    const leg = condor.legs[0];
    return { expiry: leg.expiry, style: leg.settle === 'PM' ? 'PM' : 'AM' };
  }
  const day = market.panel.days[i];
  const list =
    rule.expirations === 'monthly'
      ? market.spxMonthlyExpirations(day + rule.min_dte, day + rule.max_dte)
      : market.spxWeeklyExpirations(day + rule.min_dte, day + rule.max_dte, weekdayNumbers(rule.weekdays));
  if (list.length === 0)
    return `no SPX ${rule.expirations} expiration ${rule.min_dte}-${rule.max_dte} days ahead`;
  const mid = day + (rule.min_dte + rule.max_dte) / 2;
  let best = list[0];
  for (const e of list) if (Math.abs(e - mid) < Math.abs(best - mid)) best = e;
  return { expiry: best, style: rule.expirations === 'monthly' ? 'AM' : 'PM' };
}

function condorShortPut(condor: Position): number {
  for (const leg of condor.legs) if (!leg.isCall && leg.qty < 0) return leg.strike;
  return NaN;
}

/**
 * One unit of an instrument template on day i. `calendarOn` says whether the carry switch of a VIX call
 * template holds today. Returns the legs, or a reason when the template matches nothing.
 */
export function planUnit(
  market: MarketContext,
  i: number,
  spec: InstrumentSpec,
  condor: Position | null,
  calendarOn: boolean,
): UnitPlan | string {
  switch (spec.type) {
    case 'vix_call': {
      const reason = market.vixUnpriceableReason(i);
      if (reason) return reason;
      const expiry = chooseVixExpiry(market, i, spec.expiry);
      if (typeof expiry === 'string') return expiry;
      const strike = market.vixStrikeForDelta(i, true, spec.delta, expiry, VIX_STRIKE_STEP);
      if (!Number.isFinite(strike)) return `no VIX strike at delta ${spec.delta}`;
      const legs: LegSpec[] = [{ product: 'VIX', isCall: true, strike, expiry, settle: 'VIX', qty: 1 }];
      if (spec.calendar && calendarOn) {
        const front = chooseVixExpiry(market, i, spec.calendar.short_expiry);
        if (typeof front === 'number' && front < expiry) {
          legs.push({ product: 'VIX', isCall: true, strike, expiry: front, settle: 'VIX', qty: -1 });
        }
      }
      return { legs, width: 0 };
    }
    case 'vix_call_spread': {
      const reason = market.vixUnpriceableReason(i);
      if (reason) return reason;
      const expiry = chooseVixExpiry(market, i, spec.expiry);
      if (typeof expiry === 'string') return expiry;
      const strike = market.vixStrikeForDelta(i, true, spec.long_delta, expiry, VIX_STRIKE_STEP);
      if (!Number.isFinite(strike)) return `no VIX strike at delta ${spec.long_delta}`;
      return {
        legs: [
          { product: 'VIX', isCall: true, strike, expiry, settle: 'VIX', qty: 1 },
          {
            product: 'VIX',
            isCall: true,
            strike: strike + spec.short_strike_offset,
            expiry,
            settle: 'VIX',
            qty: -1,
          },
        ],
        width: spec.short_strike_offset,
      };
    }
    case 'spx_put': {
      const ex = chooseSpxExpiry(market, i, spec.expiry, condor);
      if (typeof ex === 'string') return ex;
      let strike: number;
      if (spec.strike === 'condor_short_put') {
        if (condor === null) return 'no open condor to take the short put strike from';
        strike = condorShortPut(condor);
      } else {
        strike = market.spxStrikeForDelta(i, false, spec.strike.delta, ex.expiry, ex.style, SPX_STRIKE_STEP);
      }
      if (!Number.isFinite(strike)) return 'no SPX put strike';
      return {
        legs: [{ product: 'SPX', isCall: false, strike, expiry: ex.expiry, settle: ex.style, qty: 1 }],
        width: 0,
      };
    }
    case 'spx_put_spread': {
      const ex = chooseSpxExpiry(market, i, spec.expiry, condor);
      if (typeof ex === 'string') return ex;
      const long = market.spxStrikeForDelta(i, false, spec.long_delta, ex.expiry, ex.style, SPX_STRIKE_STEP);
      let short = market.spxStrikeForDelta(i, false, spec.short_delta, ex.expiry, ex.style, SPX_STRIKE_STEP);
      if (!Number.isFinite(long) || !Number.isFinite(short)) return 'no SPX put strike at the spread deltas';
      if (short >= long) short = long - SPX_STRIKE_STEP;
      return {
        legs: [
          { product: 'SPX', isCall: false, strike: long, expiry: ex.expiry, settle: ex.style, qty: 1 },
          { product: 'SPX', isCall: false, strike: short, expiry: ex.expiry, settle: ex.style, qty: -1 },
        ],
        width: long - short,
      };
    }
    case 'spx_call_credit_spread': {
      const ex = chooseSpxExpiry(market, i, spec.expiry, condor);
      if (typeof ex === 'string') return ex;
      const short = market.spxStrikeForDelta(i, true, spec.short_delta, ex.expiry, ex.style, SPX_STRIKE_STEP);
      if (!Number.isFinite(short)) return 'no SPX call strike at the short delta';
      const width = Math.max(
        Math.round((spec.width_percent * market.spot(i)) / SPX_STRIKE_STEP) * SPX_STRIKE_STEP,
        spec.min_points,
        SPX_STRIKE_STEP,
      );
      return {
        legs: [
          { product: 'SPX', isCall: true, strike: short, expiry: ex.expiry, settle: ex.style, qty: -1 },
          {
            product: 'SPX',
            isCall: true,
            strike: short + width,
            expiry: ex.expiry,
            settle: ex.style,
            qty: 1,
          },
        ],
        width,
      };
    }
  }
}

export interface SizingInputs {
  equity: number;
  /** The condor the layer acts for (the one being entered, or the nearest to expiry). */
  condor: Position | null;
  openCondors: readonly Position[];
  /** Front VIX future (nearest not expiring today). */
  frontFuture: number;
  /** Premium another layer spent this month, and what this layer already raised this month. */
  monthSpendOf: (layer: string) => number;
  raisedThisMonth: number;
}

function condorCreditDollars(p: Position): number {
  return -p.unitPremium * p.units * MULTIPLIER;
}

/** The VXTH-style weight of equity for a front VIX future level. */
export function bandWeight(
  bands: readonly { up_to: number | null; weight: number }[],
  front: number,
): number {
  for (const b of bands) if (b.up_to === null || front <= b.up_to) return b.weight;
  return 0;
}

/**
 * Units to trade: `unitPremium` is + debit / - credit per unit (per option, x100 per contract).
 * `scale` multiplies the budget (scale rules and spend matching). Returns units (may be 0) or a reason.
 */
export function sizeUnits(
  sizing: SizingSpec,
  unitPremium: number,
  scale: number,
  s: SizingInputs,
): number | string {
  const perUnitDollars = Math.abs(unitPremium) * MULTIPLIER;
  if (!(perUnitDollars > 0)) return 'the instrument has no premium';
  switch (sizing.basis) {
    case 'condor_credit': {
      const credit =
        sizing.of === 'entering'
          ? s.condor
            ? condorCreditDollars(s.condor)
            : NaN
          : s.openCondors.reduce((sum, p) => sum + condorCreditDollars(p), 0);
      if (!Number.isFinite(credit)) return 'no condor to size from';
      return Math.floor((sizing.fraction * credit * scale) / perUnitDollars);
    }
    case 'condor_short_puts': {
      if (s.condor === null) return 'no condor to size from';
      return Math.floor(sizing.fraction * s.condor.units * scale);
    }
    case 'equity':
      return Math.floor((sizing.fraction * s.equity * scale) / perUnitDollars);
    case 'front_future_bands': {
      if (!Number.isFinite(s.frontFuture)) return 'no front VIX future';
      return Math.floor((bandWeight(sizing.bands, s.frontFuture) * s.equity * scale) / perUnitDollars);
    }
    case 'layer_month_spend': {
      const room = sizing.fraction * s.monthSpendOf(sizing.layer) * scale - s.raisedThisMonth;
      return room > 0 ? Math.floor(room / perUnitDollars) : 0;
    }
  }
}
