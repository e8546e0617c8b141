// The smile's shape fitted to real chains: each day's out-of-the-money quotes turned once into market vols
// at moneyness on the quotes' own forward, then a least-squares fit in vol over the shape parameters.
import type { OptionChain } from '../market/option-chain.js';
import { chainExpiries, quotedVol } from './chain-quotes.js';
import { blackForwardPrice } from './black-scholes.js';
import { normCdf } from './normal.js';
import { nelderMead } from './fidelity.js';
import { buildSpxSmile, defaultSmileParams, type SmileParams, type SpxMarketInputs } from './spx-smile.js';

/** One quote of a fit sample: where the model is asked (strike moved to the model's forward) and the answer. */
export interface SampleQuote {
  tYears: number;
  days: number;
  strike: number;
  /** The strike at the same moneyness on the model's forward: K x F_model / F_parity. */
  modelStrike: number;
  isCall: boolean;
  absDelta: number;
  marketVol: number;
}

export interface FitSample {
  date: string;
  inputs: SpxMarketInputs;
  quotes: SampleQuote[];
}

/** Which quotes a fit uses: market |delta| and calendar days to expiry, both inclusive. */
export interface FitWindow {
  minDelta: number;
  maxDelta: number;
  minDays: number;
  maxDays: number;
}

/** The structures the engine trades span 3-50 delta and 5-50 days (the 5-delta weekly call, the condor marks). */
export const DEFAULT_FIT_WINDOW: FitWindow = { minDelta: 0.01, maxDelta: 0.5, minDays: 4, maxDays: 70 };

/** The out-of-the-money quotes of one SPX chain with a two-sided market, inside the window. */
export function fitSample(
  chain: OptionChain,
  inputs: SpxMarketInputs,
  dividendYield: number,
  window: FitWindow = DEFAULT_FIT_WINDOW,
): FitSample {
  const r = inputs.rateAnnual;
  const quotes: SampleQuote[] = [];
  for (const e of chainExpiries(chain, r, window.minDays)) {
    if (e.days > window.maxDays || !Number.isFinite(e.forward)) continue;
    // On the 3rd Friday the AM and PM groups are the same smile a few hours apart: the AM one only.
    if (!e.amSettled && chain.quotes.some((q) => q.expiry === e.expiry && q.root === 'SPX')) continue;
    const modelForward = inputs.spot * Math.exp((r - dividendYield) * e.tYears);
    for (const strike of e.byStrike.keys()) {
      const isCall = strike >= e.forward;
      const vol = quotedVol(e, isCall, strike, r);
      if (!Number.isFinite(vol)) continue;
      const sd = vol * Math.sqrt(e.tYears);
      const d1 = Math.log(e.forward / strike) / sd + 0.5 * sd;
      const absDelta = isCall ? normCdf(d1) : normCdf(-d1);
      if (absDelta < window.minDelta || absDelta > window.maxDelta) continue;
      quotes.push({
        tYears: e.tYears,
        days: e.days,
        strike,
        modelStrike: (strike * modelForward) / e.forward,
        isCall,
        absDelta,
        marketVol: vol,
      });
    }
  }
  return { date: chain.quoteDate, inputs, quotes };
}

/** Model vol minus market vol (vol points) of every quote of a sample. */
export function sampleErrors(sample: FitSample, params: SmileParams): Float64Array {
  const smile = buildSpxSmile(sample.inputs, params);
  const out = new Float64Array(sample.quotes.length);
  sample.quotes.forEach((q, k) => {
    out[k] = (smile.vol(q.modelStrike, q.tYears) - q.marketVol) * 100;
  });
  return out;
}

/**
 * log(model price / market price) of every quote of a sample, both on the model's forward: the error a
 * structure's credit sees, which weighs a cheap far-wing option as much as a rich one near the money.
 */
export function samplePriceErrors(sample: FitSample, params: SmileParams): Float64Array {
  const smile = buildSpxSmile(sample.inputs, params);
  const out = new Float64Array(sample.quotes.length);
  sample.quotes.forEach((q, k) => {
    const f = smile.forward(q.tYears);
    const market = blackForwardPrice(q.isCall, f, q.modelStrike, q.tYears, q.marketVol);
    const model = blackForwardPrice(q.isCall, f, q.modelStrike, q.tYears, smile.vol(q.modelStrike, q.tYears));
    out[k] = Math.log(model / market);
  });
  return out;
}

type Fitted = readonly { key: keyof SmileParams; step: number; lo: number; hi: number }[];

/** The SVI shape parameters a fit moves, in order, with the Nelder-Mead start steps and the bounds kept. */
const SVI_FITTED: Fitted = [
  { key: 'b', step: 0.05, lo: 0.01, hi: 3 },
  { key: 'rho0', step: 0.05, lo: -0.98, hi: 0.3 },
  // SKEW moves rho by at most 0.1 per 10 points: three days cannot identify more, and this keeps it sane.
  { key: 'rhoPerSkew10', step: 0.02, lo: -0.1, hi: 0 },
  { key: 'm', step: 0.1, lo: -3, hi: 3 },
  { key: 's', step: 0.1, lo: 0.05, hi: 5 },
  { key: 'skewTenorPower', step: 0.05, lo: 0.05, hi: 0.6 },
  // Not moved unless asked for (the shipped fit keeps it at 0): the tenor amplitude, as in the wing form.
  { key: 'shapeTenorPower', step: 0.05, lo: 0, hi: 1 },
  { key: 'slopeTenorPower', step: 0.05, lo: 0, hi: 1.5 },
];

/** The wing form's: SKEW enters the ATM slope only (steeper with SKEW, at most 0.1 per 10 points). */
const WING_FITTED: Fitted = [
  { key: 'wingSlope', step: 0.03, lo: 0, hi: 1 },
  { key: 'wingSlopePerSkew10', step: 0.01, lo: 0, hi: 0.1 },
  { key: 'wingPut', step: 0.03, lo: 0, hi: 1 },
  { key: 'wingCall', step: 0.05, lo: 0, hi: 2 },
  { key: 'wingWidth', step: 0.2, lo: 0.1, hi: 5 },
  { key: 'shapeTenorPower', step: 0.05, lo: 0, hi: 1 },
  { key: 'slopeTenorPower', step: 0.05, lo: 0, hi: 1.5 },
];

function fittedFor(params: SmileParams): Fitted {
  return params.form === 'wing' ? WING_FITTED : SVI_FITTED;
}

/**
 * Where a fit of a form starts: the shipped parameters for 'svi'; for 'wing', the shipped defaults of its
 * fields (read off the chains' 30-day shapes in sd units, docs/pricing.md) with the tenor amplitude 0.3.
 */
export function fitStart(form: SmileParams['form']): SmileParams {
  if (form === defaultSmileParams.form) return defaultSmileParams;
  return { ...defaultSmileParams, form, shapeTenorPower: form === 'wing' ? 0.3 : 0 };
}

/** The parameters a fit from `params` moves by default (by its form). */
export function fittedKeys(params: SmileParams): (keyof SmileParams)[] {
  const all = fittedFor(params).map((f) => f.key);
  return params.form === 'svi' ? all.filter((k) => k !== 'shapeTenorPower' && k !== 'slopeTenorPower') : all;
}

/**
 * Least squares in log price (`samplePriceErrors`; `sampleErrors` for vol) over every quote of the samples,
 * each day weighted equally (a day's quote count is
 * set by how many strikes Cboe lists, not by how much that day says). Deterministic from `base`.
 */
export function fitSmile(
  samples: readonly FitSample[],
  base: SmileParams,
  iterations = 400,
  errors: (sample: FitSample, params: SmileParams) => Float64Array = samplePriceErrors,
  /** A subset of the form's parameters to move (the rest stay at `base`); default all of them. */
  keys?: readonly (keyof SmileParams)[],
): { params: SmileParams; rms: number } {
  const moved = keys ?? fittedKeys(base);
  const FITTED = fittedFor(base).filter((f) => moved.includes(f.key));
  if (FITTED.length !== moved.length)
    throw new RangeError(
      `a ${base.form} fit moves only ${fittedKeys(base).join(', ')} (asked: ${moved.join(', ')})`,
    );
  const toParams = (x: readonly number[]): SmileParams => {
    const p = { ...base };
    FITTED.forEach((f, k) => {
      p[f.key] = x[k] as never;
    });
    return p;
  };
  const objective = (x: number[]): number => {
    if (FITTED.some((f, k) => !(x[k] >= f.lo && x[k] <= f.hi))) return 1e9;
    const params = toParams(x);
    let sum = 0;
    for (const s of samples) {
      const e = errors(s, params);
      let day = 0;
      for (let k = 0; k < e.length; k++) day += e[k] * e[k];
      sum += e.length > 0 ? day / e.length : 0;
    }
    return sum / samples.length;
  };
  const fit = nelderMead(
    objective,
    FITTED.map((f) => base[f.key] as number),
    FITTED.map((f) => f.step),
    iterations,
  );
  const rounded = fit.x.map((v) => Math.round(v * 1000) / 1000);
  return { params: toParams(rounded), rms: Math.sqrt(objective(rounded)) };
}
