// The S&P 500 VIX Short-Term Futures index's roll: at each close, the share of its contracts in the front
// month falls linearly, by business days, from 100% after one VIX settlement to 0% the day before the next.
import type { DayNumber } from '../core/dates.js';
import { tradingDaysBetween } from '../market/calendar.js';
import { nextVixExpirationOnOrAfter, vixExpiration } from '../market/expirations.js';

export interface RollWeights {
  /** The first VIX expiration after the day, and the one after it. */
  front: DayNumber;
  second: DayNumber;
  /** Share of the contracts held in the front month after the day's close (CRW1 / 100). */
  frontWeight: number;
  /** Business days of the roll period (dt) and those left in it after the day (dr). */
  periodDays: number;
  daysLeft: number;
}

/**
 * The weights set at the close of `day` (S&P Dow Jones Indices, "S&P VIX Futures Indices Methodology",
 * CRW1 = 100 x dr / dt): dt counts the business days from the settlement date starting the roll period
 * (included) to the next settlement date (excluded); dr those from the next business day to the next
 * settlement date (excluded). On the business day before a settlement the front weight reaches 0.
 */
export function shortTermRollWeights(day: DayNumber): RollWeights {
  const next = nextVixExpirationOnOrAfter(day + 1);
  const second = nextVixExpirationOnOrAfter(next.day + 1).day;
  const prevMonth = next.month === 1 ? { y: next.year - 1, m: 12 } : { y: next.year, m: next.month - 1 };
  const prev = vixExpiration(prevMonth.y, prevMonth.m);
  // tradingDaysBetween(a, b) counts the trading days in (a, b].
  const periodDays = tradingDaysBetween(prev - 1, next.day - 1);
  const daysLeft = tradingDaysBetween(day, next.day - 1);
  return { front: next.day, second, frontWeight: daysLeft / periodDays, periodDays, daysLeft };
}
