// VIX options: Black-76 on the VIX future of the same expiration (never spot VIX), with an implied vol taken
// from VVIX (the 30-day vol of VIX), scaled by tenor with a power law, and an upward call skew.
import { black76Delta, black76Price } from './black-scholes.js';

export interface VixVolParams {
  /** At-the-money vol as a share of VVIX (VVIX is a strip measure that includes the skew premium). */
  atmShareOfVvix: number;
  /** sigma_atm(T) = share x VVIX x (T / 30 days)^(-tenorPower): short tenors are more volatile. */
  tenorPower: number;
  /** Upward skew: sigma(K) = sigma_atm x (1 + skewSlope x ln(K/F)), bounded. */
  skewSlope: number;
  minShare: number;
  maxShare: number;
  /** VVIX used when it is missing (before 2007). */
  fallbackVvix: number;
}

/** Fitted on the VIX option samples of 2023-05-02 and 2023-10-04 (see docs/pricing.md). */
export const defaultVixVolParams: VixVolParams = {
  atmShareOfVvix: 0.95,
  tenorPower: 0.3,
  skewSlope: 0.75,
  minShare: 0.6,
  maxShare: 2.2,
  fallbackVvix: 85,
};

const T30 = 30 / 365;

export function vixOptionVol(
  vvix: number,
  tYears: number,
  strike: number,
  future: number,
  params: VixVolParams = defaultVixVolParams,
): number {
  const v = Number.isFinite(vvix) && vvix > 0 ? vvix : params.fallbackVvix;
  const atm =
    ((params.atmShareOfVvix * v) / 100) * Math.pow(Math.max(tYears, 1 / 365) / T30, -params.tenorPower);
  const share = 1 + params.skewSlope * Math.log(strike / future);
  return atm * Math.min(params.maxShare, Math.max(params.minShare, share));
}

export function priceVixOption(
  isCall: boolean,
  future: number,
  strike: number,
  tYears: number,
  rate: number,
  vvix: number,
  params: VixVolParams = defaultVixVolParams,
): number {
  if (!(future > 0)) return NaN;
  return black76Price(
    isCall,
    future,
    strike,
    tYears,
    rate,
    vixOptionVol(vvix, tYears, strike, future, params),
  );
}

export function vixOptionDelta(
  isCall: boolean,
  future: number,
  strike: number,
  tYears: number,
  rate: number,
  vvix: number,
  params: VixVolParams = defaultVixVolParams,
): number {
  return black76Delta(
    isCall,
    future,
    strike,
    tYears,
    rate,
    vixOptionVol(vvix, tYears, strike, future, params),
  );
}

/** The strike on a `strikeStep` grid whose |delta| is nearest the target. */
export function vixStrikeForDelta(
  isCall: boolean,
  targetDelta: number,
  future: number,
  tYears: number,
  rate: number,
  vvix: number,
  strikeStep: number,
  params: VixVolParams = defaultVixVolParams,
): number {
  if (!(future > 0)) return NaN;
  const target = Math.abs(targetDelta);
  const absDelta = (k: number): number =>
    Math.abs(vixOptionDelta(isCall, future, k, tYears, rate, vvix, params));
  let lo = Math.log(future) - 3;
  let hi = Math.log(future) + 3;
  for (let k = 0; k < 50; k++) {
    const mid = 0.5 * (lo + hi);
    const d = absDelta(Math.exp(mid));
    if (isCall ? d > target : d < target) lo = mid;
    else hi = mid;
  }
  const exact = Math.exp(0.5 * (lo + hi));
  const down = Math.max(strikeStep, Math.floor(exact / strikeStep) * strikeStep);
  const up = down + strikeStep;
  return Math.abs(absDelta(down) - target) <= Math.abs(absDelta(up) - target) ? down : up;
}
