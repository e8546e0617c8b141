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
 * Fitted by least squares in vol on the full SPX chains of 2022-02-04, 2022-06-10 and 2024-01-05 (10-40 delta,
 * 14-120 days), with rhoPerSkew10 bounded to [-0.1, 0] so the shape stays sane beyond three days; reproduce
 * with `alvh pricing check --data ../shared/data --fit`. Median error on 10-30 delta at 20-70 days: 0.71 vol
 * points (0.89 before the fit). See docs/pricing.md.
 */
export const defaultSmileParams: SmileParams = {
  b: 0.576,
  rho0: -0.987,
  rhoPerSkew10: -0.1,
  skewPivot: 130,
  m: -0.343,
  s: 1.476,
  floor: 0.35,
  fallbackDividendYield: 0.015,
  fallbackSkew: 125,
};

const T30 = 30 / 365;
const STRIP_POINTS = 61;
const LEVEL_ITERATIONS = 4;
/** Per parameter set (by identity), the shape's variance-to-level ratio for each SKEW level. */
const ratioCache = new WeakMap<SmileParams, Map<string, number>>();

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
  // The ratio moves a little with the level, so the reference market sits at the day's VIX rounded to 2 points.
  const vixRef = Math.max(2, Math.round(inputs.vix / 2) * 2);
  let byParams = ratioCache.get(params);
  if (byParams === undefined) {
    byParams = new Map();
    ratioCache.set(params, byParams);
  }
  // Only a first guess: the reference rounds SKEW to whole points, so a few thousand keys serve every day.
  const skewRef = Number.isFinite(skewUsed) ? Math.round(skewUsed) : NaN;
  const key = `${skewRef}|${vixRef}`;
  let ratioRef = byParams.get(key);
  if (ratioRef === undefined) {
    ratioRef = new Smile({ ...REFERENCE_MARKET, vix: vixRef, skew: skewRef }, params, null)
      .varianceToLevelRatio;
    byParams.set(key, ratioRef);
  }
  return new Smile(inputs, params, ratioRef, skewUsed);
}

/** Scratch buffers for the 30-day strip: one smile is built at a time, so they are shared (no garbage). */
const STRIKES = new Float64Array(STRIP_POINTS);
const PRICES = new Float64Array(STRIP_POINTS);

/** The smile of one day: plain fields and methods, so building one allocates almost nothing. */
class Smile implements SpxSmile {
  readonly fallbacks: string[] = [];
  private readonly q: number;
  private readonly r: number;
  private readonly rho: number;
  private readonly a: number;
  private readonly b: number;
  private readonly m: number;
  private readonly s2: number;
  private readonly floor2: number;
  private readonly ts: { t: number[]; v: number[] };
  private level30: number;
  /** Variance-swap variance over level squared of this shape, applied to every tenor. */
  readonly varianceToLevelRatio: number;

  constructor(
    readonly inputs: SpxMarketInputs,
    params: SmileParams,
    ratioGuess: number | null,
    skewUsed: number = inputs.skew,
  ) {
    if (!(inputs.spot > 0) || !(inputs.vix > 0))
      throw new RangeError(`a smile needs SPX and VIX (got ${inputs.spot}, ${inputs.vix})`);
    let q = inputs.dividendYieldAnnual;
    if (!Number.isFinite(q)) {
      q = params.fallbackDividendYield;
      this.fallbacks.push(`dividend yield unknown: ${params.fallbackDividendYield * 100}% used`);
    }
    let skew = skewUsed;
    if (!Number.isFinite(skew)) {
      skew = params.fallbackSkew;
      this.fallbacks.push(`SKEW missing: ${params.fallbackSkew} used`);
    }
    this.q = q;
    this.r = inputs.rateAnnual;
    this.ts = termStructure(inputs, this.fallbacks);
    this.rho = Math.min(
      0.3,
      Math.max(-0.98, params.rho0 + (params.rhoPerSkew10 * (skew - params.skewPivot)) / 10),
    );
    this.b = params.b;
    this.m = params.m;
    this.s2 = params.s * params.s;
    this.a = 1 - this.b * (-this.rho * this.m + Math.sqrt(this.m * this.m + this.s2));
    this.floor2 = params.floor * params.floor;
    // Solve the 30-day level so that the Cboe formula on model prices gives the VIX close.
    const targetVar30 = (inputs.vix / 100) ** 2;
    let level30 = ratioGuess === null ? inputs.vix / 100 / 1.1 : Math.sqrt(targetVar30 / ratioGuess);
    const passes = ratioGuess === null ? LEVEL_ITERATIONS : 1;
    for (let k = 0; k < passes; k++) level30 *= Math.sqrt(targetVar30 / this.stripVariance(level30));
    this.level30 = level30;
    this.varianceToLevelRatio = targetVar30 / (level30 * level30);
  }

  private shape(x: number): number {
    const d = x - this.m;
    const f2 = this.a + this.b * (this.rho * d + Math.sqrt(d * d + this.s2));
    return Math.sqrt(f2 > this.floor2 ? f2 : this.floor2);
  }

  private volAt(level: number, strike: number, t: number, fwd: number): number {
    return level * this.shape(Math.log(strike / fwd) / (level * Math.sqrt(t)));
  }

  private stripVariance(level: number): number {
    const f30 = this.forward(T30);
    const sd = level * Math.sqrt(T30);
    const kLo = f30 * Math.exp(-9 * sd);
    const step = (f30 * Math.exp(6 * sd) - kLo) / (STRIP_POINTS - 1);
    const df = Math.exp(-this.r * T30);
    let k0 = kLo;
    for (let i = 0; i < STRIP_POINTS; i++) {
      STRIKES[i] = kLo + i * step;
      if (STRIKES[i] <= f30) k0 = STRIKES[i];
    }
    for (let i = 0; i < STRIP_POINTS; i++) {
      const k = STRIKES[i];
      const vol = this.volAt(level, k, T30, f30);
      PRICES[i] =
        k < k0
          ? df * blackForwardPrice(false, f30, k, T30, vol)
          : k > k0
            ? df * blackForwardPrice(true, f30, k, T30, vol)
            : 0.5 *
              df *
              (blackForwardPrice(false, f30, k, T30, vol) + blackForwardPrice(true, f30, k, T30, vol));
    }
    return cboeVariance(STRIKES, PRICES, f30, this.r, T30);
  }

  forward(t: number): number {
    return this.inputs.spot * Math.exp((this.r - this.q) * t);
  }

  level(t: number): number {
    return Math.sqrt(interpVariance(this.ts, t) / this.varianceToLevelRatio);
  }

  vol(strike: number, t: number): number {
    return this.volAt(this.level(t), strike, t, this.forward(t));
  }

  price(isCall: boolean, strike: number, t: number): number {
    const fwd = this.forward(t);
    return (
      Math.exp(-this.r * t) *
      blackForwardPrice(isCall, fwd, strike, t, this.volAt(this.level(t), strike, t, fwd))
    );
  }

  delta(isCall: boolean, strike: number, t: number): number {
    const fwd = this.forward(t);
    const sigma = this.volAt(this.level(t), strike, t, fwd);
    const sd = sigma * Math.sqrt(t);
    const d1 = Math.log(fwd / strike) / sd + 0.5 * sd;
    const dq = Math.exp(-this.q * t);
    return isCall ? dq * normCdf(d1) : -dq * normCdf(-d1);
  }

  strikeForDelta(isCall: boolean, targetDelta: number, t: number, strikeStep: number): number {
    const target = Math.abs(targetDelta);
    const f = this.forward(t);
    const sd = this.level(t) * Math.sqrt(t);
    // |delta| falls with strike for calls and rises for puts: bisect in log strike.
    let lo = Math.log(f) - 12 * sd;
    let hi = Math.log(f) + 12 * sd;
    for (let k = 0; k < 50; k++) {
      const mid = 0.5 * (lo + hi);
      const d = Math.abs(this.delta(isCall, Math.exp(mid), t));
      if (isCall ? d > target : d < target) lo = mid;
      else hi = mid;
    }
    const exact = Math.exp(0.5 * (lo + hi));
    const down = Math.max(strikeStep, Math.floor(exact / strikeStep) * strikeStep);
    const up = down + strikeStep;
    const dDown = Math.abs(Math.abs(this.delta(isCall, down, t)) - target);
    const dUp = Math.abs(Math.abs(this.delta(isCall, up, t)) - target);
    return dDown <= dUp ? down : up;
  }

  modelVix(): number {
    return 100 * Math.sqrt(this.stripVariance(this.level30));
  }
}
