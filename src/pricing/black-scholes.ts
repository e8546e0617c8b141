// Black-Scholes-Merton (spot, rate, dividend yield) and Black-76 (forward) prices and greeks, written in
// forward form (one log, one exp, two normal CDFs) so the hot loop stays fast.
import { normCdf, normCdfWithExp, normPdf } from './normal.js';

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per unit of volatility (1.00 = 100 vol points). */
  vega: number;
  /** Per year of calendar time (divide by 365 for a day). */
  theta: number;
  /** Per unit of rate. */
  rho: number;
}

/** Undiscounted Black price on a forward: one log and one exp (d1 and d2 share it). */
export function blackForwardPrice(
  isCall: boolean,
  forward: number,
  strike: number,
  tYears: number,
  vol: number,
): number {
  const sd = vol * Math.sqrt(tYears);
  if (!(sd > 0) || !(strike > 0))
    return isCall ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  const lnFK = Math.log(forward / strike);
  const d1 = lnFK / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const e1 = Math.exp(-0.5 * d1 * d1);
  const e2 = (e1 * forward) / strike;
  return isCall
    ? forward * normCdfWithExp(d1, e1) - strike * normCdfWithExp(d2, e2)
    : strike * normCdfWithExp(-d2, e2) - forward * normCdfWithExp(-d1, e1);
}

export function bsmPrice(
  isCall: boolean,
  spot: number,
  strike: number,
  tYears: number,
  rate: number,
  divYield: number,
  vol: number,
): number {
  const forward = spot * Math.exp((rate - divYield) * tYears);
  return Math.exp(-rate * tYears) * blackForwardPrice(isCall, forward, strike, tYears, vol);
}

/** A Black-76 quantity of a European option on a forward (price, delta): the signature they share. */
export type Black76Fn = (
  isCall: boolean,
  forward: number,
  strike: number,
  tYears: number,
  rate: number,
  vol: number,
) => number;

export const black76Price: Black76Fn = (isCall, forward, strike, tYears, rate, vol) =>
  Math.exp(-rate * tYears) * blackForwardPrice(isCall, forward, strike, tYears, vol);

export function bsmGreeks(
  isCall: boolean,
  spot: number,
  strike: number,
  tYears: number,
  rate: number,
  divYield: number,
  vol: number,
): Greeks {
  const sqrtT = Math.sqrt(tYears);
  const sd = vol * sqrtT;
  const dfR = Math.exp(-rate * tYears);
  const dfQ = Math.exp(-divYield * tYears);
  const d1 = (Math.log(spot / strike) + (rate - divYield) * tYears) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normPdf(d1);
  const gamma = (dfQ * nd1) / (spot * sd);
  const vega = spot * dfQ * nd1 * sqrtT;
  // Each CDF once: N(d1), N(d2) for a call, N(-d1), N(-d2) for a put.
  const n1 = normCdf(isCall ? d1 : -d1);
  const n2 = normCdf(isCall ? d2 : -d2);
  if (isCall) {
    return {
      price: spot * dfQ * n1 - strike * dfR * n2,
      delta: dfQ * n1,
      gamma,
      vega,
      theta: (-spot * dfQ * nd1 * vol) / (2 * sqrtT) + divYield * spot * dfQ * n1 - rate * strike * dfR * n2,
      rho: strike * tYears * dfR * n2,
    };
  }
  return {
    price: strike * dfR * n2 - spot * dfQ * n1,
    delta: -dfQ * n1,
    gamma,
    vega,
    theta: (-spot * dfQ * nd1 * vol) / (2 * sqrtT) - divYield * spot * dfQ * n1 + rate * strike * dfR * n2,
    rho: -strike * tYears * dfR * n2,
  };
}

/** Black-76 greeks; delta and gamma are with respect to the forward, rho includes only discounting. */
export function black76Greeks(
  isCall: boolean,
  forward: number,
  strike: number,
  tYears: number,
  rate: number,
  vol: number,
): Greeks {
  const sqrtT = Math.sqrt(tYears);
  const sd = vol * sqrtT;
  const df = Math.exp(-rate * tYears);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normPdf(d1);
  const n1 = normCdf(isCall ? d1 : -d1);
  const n2 = normCdf(isCall ? d2 : -d2);
  const price = isCall ? df * (forward * n1 - strike * n2) : df * (strike * n2 - forward * n1);
  return {
    price,
    delta: isCall ? df * n1 : -df * n1,
    gamma: (df * nd1) / (forward * sd),
    vega: df * forward * nd1 * sqrtT,
    theta: (-df * forward * nd1 * vol) / (2 * sqrtT) + rate * price,
    rho: -tYears * price,
  };
}

/** Black-76 delta alone, equal to `black76Greeks(...).delta` without the other greeks or an object. */
export const black76Delta: Black76Fn = (isCall, forward, strike, tYears, rate, vol) => {
  const sd = vol * Math.sqrt(tYears);
  const df = Math.exp(-rate * tYears);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  return isCall ? df * normCdf(d1) : -df * normCdf(-d1);
};
