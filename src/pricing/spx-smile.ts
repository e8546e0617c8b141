// The SPX smile of a day, from the VIX family (term structure) and SKEW (slope). Implied vol is
// sigma(K, T) = L(T) f(x), x = ln(K/F) / (L(T) sqrt(T)), with f an SVI curve in standardised moneyness
// (f(0) = 1). L(T) is set so that the Cboe VIX formula applied to the model's own 30-day prices
// reproduces the VIX close, and other tenors follow the VIX9D/VIX3M/VIX6M variance term structure.
import { blackForwardPrice } from './black-scholes.js';
import { normCdf } from './normal.js';
import { cboeVariance } from './vix-formula.js';

export interface SpxMarketInputs {
  spot: number;
  rateAnnual: number;
  /** NaN: the documented fallback `SmileParams.fallbackDividendYield`. */
  dividendYieldAnnual: number;
  vix9d: number;
  vix: number;
  vix3m: number;
  vix6m: number;
  skew: number;
}

export interface SmileParams {
  /** SVI wing slope in standardised moneyness. */
  b: number;
  /** SVI skew at SKEW = skewPivot. */
  rho0: number;
  /** Change of rho per 10 points of SKEW above the pivot. */
  rhoPerSkew10: number;
  skewPivot: number;
  /** SVI shift and ATM smoothness. */
  m: number;
  s: number;
  /** Lowest vol as a share of the level (keeps far calls positive). */
  floor: number;
  fallbackDividendYield: number;
  fallbackSkew: number;
}

/**
 * Calibrated on the full SPX chains of 2022-02-04, 2022-06-10 and 2024-01-05 (10-40 delta, 14-120 days),
 * by `node dist/src/pricing/calibrate.js`; see docs/pricing.md for the fit and its errors.
 */
export const defaultSmileParams: SmileParams = {
  b: 0.42,
  rho0: -0.62,
  rhoPerSkew10: -0.04,
  skewPivot: 130,
  m: 0.35,
  s: 0.9,
  floor: 0.35,
  fallbackDividendYield: 0.015,
  fallbackSkew: 125,
};

const T30 = 30 / 365;
const STRIP_POINTS = 121;
const LEVEL_ITERATIONS = 4;
const ratioCache = new Map<string, number>();

export interface SpxSmile {
  readonly inputs: SpxMarketInputs;
  readonly fallbacks: string[];
  forward(tYears: number): number;
  /** The level L(T): the implied vol at the forward. */
  level(tYears: number): number;
  vol(strike: number, tYears: number): number;
  price(isCall: boolean, strike: number, tYears: number): number;
  delta(isCall: boolean, strike: number, tYears: number): number;
  /** The strike on a grid of `strikeStep` whose delta is nearest `targetDelta` (absolute value for puts). */
  strikeForDelta(isCall: boolean, targetDelta: number, tYears: number, strikeStep: number): number;
  /** The model's own 30-day VIX (the Cboe formula on model prices), in vol points. */
  modelVix(): number;
}

/** Variance term structure points (years, annualised variance) from the VIX family. */
function termStructure(inp: SpxMarketInputs, fallbacks: string[]): { t: number[]; v: number[] } {
  const pts: [number, number, string][] = [
    [9, inp.vix9d, 'VIX9D'],
    [30, inp.vix, 'VIX'],
    [93, inp.vix3m, 'VIX3M'],
    [183, inp.vix6m, 'VIX6M'],
  ];
  const t: number[] = [];
  const v: number[] = [];
  for (const [days, value, name] of pts) {
    if (Number.isFinite(value) && value > 0) {
      t.push(days / 365);
      v.push((value / 100) ** 2);
    } else fallbacks.push(`${name} missing: variance term structure held flat past the nearest index`);
  }
  return { t, v };
}

function interpVariance(ts: { t: number[]; v: number[] }, tYears: number): number {
  const { t, v } = ts;
  if (tYears <= t[0]) return v[0];
  for (let k = 1; k < t.length; k++) {
    if (tYears <= t[k]) {
      // Linear in total variance between the index tenors.
      const w0 = v[k - 1] * t[k - 1];
      const w1 = v[k] * t[k];
      const w = w0 + ((w1 - w0) * (tYears - t[k - 1])) / (t[k] - t[k - 1]);
      return w / tYears;
    }
  }
  return v[v.length - 1];
}

/** Reference market on which each shape's variance-to-level ratio is solved once (see buildSpxSmile). */
const REFERENCE_MARKET: Omit<SpxMarketInputs, 'skew'> = {
  spot: 100,
  rateAnnual: 0,
  dividendYieldAnnual: 0,
  vix9d: NaN,
  vix: 20,
  vix3m: NaN,
  vix6m: NaN,
};

/**
 * Builds the smile of a day. The 30-day level is solved so that the Cboe formula on the model's prices
 * gives the VIX close: a first guess from the shape's ratio (solved once per shape on a fixed reference
 * market, so prices never depend on which days were priced before), corrected by one strip pass.
 */
export function buildSpxSmile(inputs: SpxMarketInputs, params: SmileParams = defaultSmileParams): SpxSmile {
  // SKEW is used to 0.1 point: finer moves do not change the smile, and the shape cache stays small.
  const skewUsed = Number.isFinite(inputs.skew) ? Math.round(inputs.skew * 10) / 10 : NaN;
  const key = `${skewUsed}|${params.rho0}|${params.rhoPerSkew10}|${params.skewPivot}|${params.b}|${params.m}|${params.s}|${params.floor}|${params.fallbackSkew}`;
  let ratioRef = ratioCache.get(key);
  if (ratioRef === undefined) {
    ratioRef = buildSmile({ ...REFERENCE_MARKET, skew: skewUsed }, params, null).varianceToLevelRatio;
    ratioCache.set(key, ratioRef);
  }
  return buildSmile({ ...inputs, skew: skewUsed }, params, ratioRef);
}

function buildSmile(
  inputs: SpxMarketInputs,
  params: SmileParams,
  ratioGuess: number | null,
): SpxSmile & { varianceToLevelRatio: number } {
  const fallbacks: string[] = [];
  if (!(inputs.spot > 0) || !(inputs.vix > 0))
    throw new RangeError(`a smile needs SPX and VIX (got ${inputs.spot}, ${inputs.vix})`);
  let q = inputs.dividendYieldAnnual;
  if (!Number.isFinite(q)) {
    q = params.fallbackDividendYield;
    fallbacks.push(`dividend yield unknown: ${params.fallbackDividendYield * 100}% used`);
  }
  let skew = inputs.skew;
  if (!Number.isFinite(skew)) {
    skew = params.fallbackSkew;
    fallbacks.push(`SKEW missing: ${params.fallbackSkew} used`);
  }
  const r = inputs.rateAnnual;
  const ts = termStructure(inputs, fallbacks);
  const rho = Math.min(
    0.3,
    Math.max(-0.98, params.rho0 + (params.rhoPerSkew10 * (skew - params.skewPivot)) / 10),
  );
  const { b, m, s } = params;
  const a = 1 - b * (-rho * m + Math.sqrt(m * m + s * s));
  const floor2 = params.floor * params.floor;

  const shape = (x: number): number => {
    const f2 = a + b * (rho * (x - m) + Math.sqrt((x - m) * (x - m) + s * s));
    return Math.sqrt(f2 > floor2 ? f2 : floor2);
  };
  const forward = (t: number): number => inputs.spot * Math.exp((r - q) * t);
  const volAt = (level: number, strike: number, t: number): number => {
    const x = Math.log(strike / forward(t)) / (level * Math.sqrt(t));
    return level * shape(x);
  };

  // Solve the 30-day level so that the Cboe formula on model prices gives the VIX close.
  const targetVar30 = (inputs.vix / 100) ** 2;
  const strikes = new Float64Array(STRIP_POINTS);
  const prices = new Float64Array(STRIP_POINTS);
  const f30 = forward(T30);
  const stripVariance = (level: number): number => {
    const sd = level * Math.sqrt(T30);
    const lo = Math.log(f30) - 9 * sd;
    const hi = Math.log(f30) + 6 * sd;
    const kLo = Math.exp(lo);
    const step = (Math.exp(hi) - kLo) / (STRIP_POINTS - 1);
    const df = Math.exp(-r * T30);
    let k0 = kLo;
    for (let i = 0; i < STRIP_POINTS; i++) {
      strikes[i] = kLo + i * step;
      if (strikes[i] <= f30) k0 = strikes[i];
    }
    for (let i = 0; i < STRIP_POINTS; i++) {
      const k = strikes[i];
      const vol = volAt(level, k, T30);
      prices[i] =
        k < k0
          ? df * blackForwardPrice(false, f30, k, T30, vol)
          : k > k0
            ? df * blackForwardPrice(true, f30, k, T30, vol)
            : 0.5 *
              df *
              (blackForwardPrice(false, f30, k, T30, vol) + blackForwardPrice(true, f30, k, T30, vol));
    }
    return cboeVariance(strikes, prices, f30, r, T30);
  };
  let level30 = ratioGuess === null ? inputs.vix / 100 / 1.1 : Math.sqrt(targetVar30 / ratioGuess);
  const passes = ratioGuess === null ? LEVEL_ITERATIONS : 1;
  for (let k = 0; k < passes; k++) level30 *= Math.sqrt(targetVar30 / stripVariance(level30));
  // Variance-swap to level-squared ratio of this shape, applied to every tenor.
  const ratio = targetVar30 / (level30 * level30);
  const level = (t: number): number => Math.sqrt(interpVariance(ts, t) / ratio);

  const vol = (strike: number, t: number): number => volAt(level(t), strike, t);
  const price = (isCall: boolean, strike: number, t: number): number =>
    Math.exp(-r * t) * blackForwardPrice(isCall, forward(t), strike, t, vol(strike, t));
  const delta = (isCall: boolean, strike: number, t: number): number => {
    const sigma = vol(strike, t);
    const sd = sigma * Math.sqrt(t);
    const d1 = Math.log(forward(t) / strike) / sd + 0.5 * sd;
    const dq = Math.exp(-q * t);
    return isCall ? dq * normCdf(d1) : -dq * normCdf(-d1);
  };
  const strikeForDelta = (isCall: boolean, targetDelta: number, t: number, strikeStep: number): number => {
    const target = Math.abs(targetDelta);
    const absDelta = (k: number): number => Math.abs(delta(isCall, k, t));
    const f = forward(t);
    const sd = level(t) * Math.sqrt(t);
    // |delta| falls with strike for calls and rises for puts: bisect in log strike.
    let lo = Math.log(f) - 12 * sd;
    let hi = Math.log(f) + 12 * sd;
    for (let k = 0; k < 60; k++) {
      const mid = 0.5 * (lo + hi);
      const d = absDelta(Math.exp(mid));
      if (isCall ? d > target : d < target) lo = mid;
      else hi = mid;
    }
    const exact = Math.exp(0.5 * (lo + hi));
    const down = Math.max(strikeStep, Math.floor(exact / strikeStep) * strikeStep);
    const up = down + strikeStep;
    return Math.abs(absDelta(down) - target) <= Math.abs(absDelta(up) - target) ? down : up;
  };
  return {
    inputs,
    fallbacks,
    forward,
    level,
    vol,
    price,
    delta,
    strikeForDelta,
    modelVix: () => 100 * Math.sqrt(stripVariance(level30)),
    varianceToLevelRatio: ratio,
  };
}
