// The VIX futures curve of a day: the settlement for any expiration (exact on a listed contract, linear in
// time between contracts, anchored on spot VIX before the front), and the constant-maturity 30-day value.
import type { DayNumber } from '../core/dates.js';

/**
 * Settlement for `expiryDay` from the contracts expiries[from..to) / settles[from..to) listed on
 * `valuationDay`. Before the first listed expiry the curve runs from spot VIX (at 0 days) to the first
 * contract; past the last listed contract it is flat.
 */
export function vixFutureForExpiry(
  expiries: ArrayLike<number>,
  settles: ArrayLike<number>,
  from: number,
  to: number,
  valuationDay: DayNumber,
  expiryDay: DayNumber,
  spotVix: number,
): number {
  if (to <= from) return NaN;
  let prevT = 0;
  let prevV = Number.isFinite(spotVix) ? spotVix : settles[from];
  for (let k = from; k < to; k++) {
    const e = expiries[k];
    if (e === expiryDay) return settles[k];
    if (e > expiryDay) {
      const t = e - valuationDay;
      const x = expiryDay - valuationDay;
      if (e <= valuationDay || t <= prevT) return settles[k];
      return prevV + ((settles[k] - prevV) * (x - prevT)) / (t - prevT);
    }
    if (e >= valuationDay) {
      prevT = e - valuationDay;
      prevV = settles[k];
    }
  }
  return settles[to - 1];
}

/** The 30-day constant-maturity VIX future of a day. */
export function constantMaturity30d(
  expiries: ArrayLike<number>,
  settles: ArrayLike<number>,
  from: number,
  to: number,
  valuationDay: DayNumber,
  spotVix: number,
): number {
  return vixFutureForExpiry(expiries, settles, from, to, valuationDay, valuationDay + 30, spotVix);
}
