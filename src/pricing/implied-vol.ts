// Implied volatility for Black-Scholes-Merton and Black-76: Newton on the log of the out-of-the-money price
// (well conditioned deep in the wings), safeguarded by a bracket with bisection, never NaN for a valid price.
import { UserError } from '../core/errors.js';
import { normCdfWithExp } from './normal.js';

/** A price outside the no-arbitrage bounds of the option: no volatility reproduces it. */
export class ArbitrageBoundsError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ArbitrageBoundsError';
  }
}

const MAX_VOL = 20;

/** Implied vol of an undiscounted Black price on a forward. */
export function impliedVolForward(
  isCall: boolean,
  price: number,
  forward: number,
  strike: number,
  tYears: number,
): number {
  if (!(forward > 0 && strike > 0 && tYears > 0))
    throw new ArbitrageBoundsError(`invalid option: forward ${forward}, strike ${strike}, T ${tYears}`);
  const intrinsic = isCall ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  const upper = isCall ? forward : strike;
  if (!(price >= intrinsic - 1e-12 * upper) || !(price < upper)) {
    throw new ArbitrageBoundsError(
      `price ${price} is outside the arbitrage bounds [${intrinsic}, ${upper}) of a ${isCall ? 'call' : 'put'} on ${forward} at ${strike}`,
    );
  }
  // Work with the out-of-the-money side (parity), whose price carries all the time value.
  let otmCall = isCall;
  let p = price;
  if (isCall && forward > strike) {
    otmCall = false;
    p = price - (forward - strike);
  } else if (!isCall && strike > forward) {
    otmCall = true;
    p = price - (strike - forward);
  }
  if (!(p > 0)) return 0;
  const sqrtT = Math.sqrt(tYears);
  const lnFK = Math.log(forward / strike);
  const target = Math.log(p);
  // Initial guess: Brenner-Subrahmanyam near the money, widened by the moneyness term far from it.
  let vol = Math.max(
    Math.sqrt((2 * Math.abs(lnFK)) / tYears),
    (Math.sqrt(2 * Math.PI) * p) / (Math.sqrt(forward * strike) * sqrtT),
    0.01,
  );
  let lo = 0;
  let hi = MAX_VOL;
  const vegaScale = (forward * sqrtT) / Math.sqrt(2 * Math.PI);
  for (let iter = 0; iter < 100; iter++) {
    // Black price and vega together: one exp serves N(d1), N(d2) and the density in the vega.
    const sd = vol * sqrtT;
    const d1 = lnFK / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const e1 = Math.exp(-0.5 * d1 * d1);
    const e2 = (e1 * forward) / strike;
    const model = otmCall
      ? forward * normCdfWithExp(d1, e1) - strike * normCdfWithExp(d2, e2)
      : strike * normCdfWithExp(-d2, e2) - forward * normCdfWithExp(-d1, e1);
    if (model > p) hi = vol;
    else lo = vol;
    const vega = vegaScale * e1;
    let next: number;
    if (model > 0 && vega > 0) {
      const f = Math.log(model) - target;
      if (Math.abs(f) < 1e-13) return vol;
      next = vol - (f * model) / vega;
    } else next = NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - vol) < 1e-14 * Math.max(1, vol)) return next;
    vol = next;
  }
  return vol;
}

export function impliedVolBsm(
  isCall: boolean,
  price: number,
  spot: number,
  strike: number,
  tYears: number,
  rate: number,
  divYield: number,
): number {
  const df = Math.exp(-rate * tYears);
  const forward = spot * Math.exp((rate - divYield) * tYears);
  return impliedVolForward(isCall, price / df, forward, strike, tYears);
}

export function impliedVolBlack76(
  isCall: boolean,
  price: number,
  forward: number,
  strike: number,
  tYears: number,
  rate: number,
): number {
  return impliedVolForward(isCall, price * Math.exp(rate * tYears), forward, strike, tYears);
}
