// How close the models price what the market charged: model against market implied vol and price on real
// SPX and VIX chains, by delta bucket and tenor, and a Nelder-Mead fit of the smile's shape parameters.
import type { ChainQuote, OptionChain } from '../market/option-chain.js';
import { isoToDay } from '../core/dates.js';
import { groupByExpiry as byExpiry, parityForward } from './chain-quotes.js';
import { normCdf } from './normal.js';
import { impliedVolForward } from './implied-vol.js';
import { buildSpxSmile, type SmileParams, type SpxMarketInputs } from './spx-smile.js';
import { spxHalfSpread, vixHalfSpread, type SpreadParams } from './spreads.js';
import { vixOptionVol, priceVixOption } from './vix-options.js';

export interface FidelityPoint {
  date: string;
  product: 'SPX' | 'VIX';
  /** The option root (SPX, SPXW, VIX, VIXW): VIX's standard monthlies are the root VIX. */
  root: string;
  tenorDays: number;
  strike: number;
  isCall: boolean;
  absDelta: number;
  /** 5, 10, 16, 25 or 50 (delta points), by the market delta. */
  deltaBucket: number;
  marketVol: number;
  modelVol: number;
  mid: number;
  modelPrice: number;
  marketHalfSpread: number;
  modelHalfSpread: number;
}

export const DELTA_BUCKETS: readonly [number, number, number][] = [
  [5, 0.03, 0.075],
  [10, 0.075, 0.13],
  [16, 0.13, 0.2],
  [25, 0.2, 0.35],
  [50, 0.35, 0.65],
];

export const TENOR_BUCKETS: readonly [string, number, number][] = [
  ['7-20', 7, 20],
  ['20-70', 20, 70],
  ['70-120', 70, 120],
  ['120-400', 120, 400],
  ['400+', 400, Infinity],
];

function bucketOf(absDelta: number): number {
  for (const [b, lo, hi] of DELTA_BUCKETS) if (absDelta >= lo && absDelta < hi) return b;
  return NaN;
}

function blackDelta(isCall: boolean, forward: number, strike: number, t: number, vol: number): number {
  const sd = vol * Math.sqrt(t);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  return isCall ? normCdf(d1) : normCdf(-d1);
}

/** The out-of-the-money side of a quote row with its market implied vol and delta, or null without a usable bid. */
function otmQuote(
  q: ChainQuote,
  forward: number,
  t: number,
  discount: number,
): { isCall: boolean; mid: number; halfSpread: number; marketVol: number; absDelta: number } | null {
  const isCall = q.strike >= forward;
  const bid = isCall ? q.callBid : q.putBid;
  const ask = isCall ? q.callAsk : q.putAsk;
  if (!(bid > 0 && ask > bid)) return null;
  const mid = (bid + ask) / 2;
  let marketVol: number;
  try {
    marketVol = impliedVolForward(isCall, mid / discount, forward, q.strike, t);
  } catch {
    return null;
  }
  return {
    isCall,
    mid,
    halfSpread: (ask - bid) / 2,
    marketVol,
    absDelta: blackDelta(isCall, forward, q.strike, t, marketVol),
  };
}

/**
 * SPX: out-of-the-money quotes with a bid, 7 days and more, against the smile built from the day's indices.
 * Past VIX6M (183 days) the model holds the variance term structure flat, so long tenors show that choice.
 */
export function spxFidelity(
  chain: OptionChain,
  inputs: SpxMarketInputs,
  params?: SmileParams,
  maxDays = Infinity,
): FidelityPoint[] {
  const smile = buildSpxSmile(inputs, params);
  const quoteDay = isoToDay(chain.quoteDate);
  const out: FidelityPoint[] = [];
  for (const [expiry, group] of byExpiry(chain.quotes)) {
    const days = expiry - quoteDay;
    if (days < 7 || days > maxDays) continue;
    const am = group[0].root === 'SPX';
    const t = (days - (am ? 0.75 : 0)) / 365;
    const discount = Math.exp(-inputs.rateAnnual * t);
    const forward = parityForward(group, discount);
    if (!Number.isFinite(forward)) continue;
    for (const q of group) {
      const o = otmQuote(q, forward, t, discount);
      if (o === null) continue;
      const bucket = bucketOf(o.absDelta);
      if (Number.isNaN(bucket)) continue;
      const modelPrice = smile.price(o.isCall, q.strike, t);
      out.push({
        date: chain.quoteDate,
        product: 'SPX',
        root: group[0].root,
        tenorDays: days,
        strike: q.strike,
        isCall: o.isCall,
        absDelta: o.absDelta,
        deltaBucket: bucket,
        marketVol: o.marketVol,
        modelVol: smile.vol(q.strike, t),
        mid: o.mid,
        modelPrice,
        marketHalfSpread: o.halfSpread,
        modelHalfSpread: spxHalfSpread(modelPrice, o.absDelta),
      });
    }
  }
  return out;
}

/** Per VIX expiration of a chain: the VX settlement used by the engine and the forward the quotes imply. */
export interface VixForward {
  expiry: number;
  days: number;
  tYears: number;
  /** The VIX future of that expiration on the quote date (what the engine prices off). */
  future: number;
  /** Put-call parity forward of the quotes; NaN where no strike has both a call and a put bid. */
  parity: number;
}

export function vixForwards(
  chain: OptionChain,
  futureFor: (expiry: number) => number,
  rate: number,
): VixForward[] {
  const quoteDay = isoToDay(chain.quoteDate);
  const out: VixForward[] = [];
  for (const [expiry, group] of byExpiry(chain.quotes)) {
    const days = expiry - quoteDay;
    if (days < 1) continue;
    const tYears = (days - 0.75) / 365;
    out.push({
      expiry,
      days,
      tYears,
      future: futureFor(expiry),
      parity: parityForward(group, Math.exp(-rate * tYears)),
    });
  }
  return out.sort((a, b) => a.expiry - b.expiry);
}

/**
 * VIX: Black-76 with vol from VVIX, against the market vol of each quote. The underlying of both is the
 * quotes' own put-call parity forward where the chain gives one, else the VX settlement: the samples carry
 * no quote time, and on 2023-10-04 their parity forwards sit 1.5 points above that day's settlements
 * (quotes taken intraday while VIX moved), which would charge the vol model for a stale underlying.
 * `vixForwards` prints both so the gap stays visible.
 */
export function vixFidelity(
  chain: OptionChain,
  futureFor: (expiry: number) => number,
  vvix: number,
  rate: number,
): FidelityPoint[] {
  const groups = byExpiry(chain.quotes);
  const out: FidelityPoint[] = [];
  for (const fwd of vixForwards(chain, futureFor, rate)) {
    const underlying = Number.isFinite(fwd.parity) ? fwd.parity : fwd.future;
    if (!Number.isFinite(underlying)) continue;
    const t = fwd.tYears;
    const discount = Math.exp(-rate * t);
    for (const q of groups.get(fwd.expiry)!) {
      const o = otmQuote(q, underlying, t, discount);
      if (o === null) continue;
      const modelPrice = priceVixOption(o.isCall, underlying, q.strike, t, rate, vvix);
      out.push({
        date: chain.quoteDate,
        product: 'VIX',
        root: groups.get(fwd.expiry)![0].root,
        tenorDays: fwd.days,
        strike: q.strike,
        isCall: o.isCall,
        absDelta: o.absDelta,
        deltaBucket: bucketOf(o.absDelta),
        marketVol: o.marketVol,
        modelVol: vixOptionVol(vvix, t, q.strike, underlying),
        mid: o.mid,
        modelPrice,
        marketHalfSpread: o.halfSpread,
        modelHalfSpread: vixHalfSpread(modelPrice),
      });
    }
  }
  return out;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
}

/** Median absolute vol error (in vol points) of 10-30 delta SPX options at 20-70 days: the target measure. */
export function targetError(points: readonly FidelityPoint[]): { median: number; count: number } {
  const sel = points.filter(
    (p) =>
      p.product === 'SPX' && p.tenorDays >= 20 && p.tenorDays <= 70 && p.absDelta >= 0.1 && p.absDelta <= 0.3,
  );
  return { median: median(sel.map((p) => Math.abs(p.modelVol - p.marketVol) * 100)), count: sel.length };
}

/** Nelder-Mead minimisation (standard coefficients), deterministic from its start point. */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  step: number[],
  iterations = 300,
): { x: number[]; value: number } {
  const n = start.length;
  let simplex = [start, ...start.map((_, k) => start.map((v, j) => (j === k ? v + step[k] : v)))].map(
    (x) => ({ x, v: f(x) }),
  );
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.v - b.v);
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) centroid[j] += simplex[k].x[j] / n;
    const worst = simplex[n];
    const along = (c: number): number[] => centroid.map((v, j) => v + c * (worst.x[j] - v));
    const r = { x: along(-1), v: 0 };
    r.v = f(r.x);
    if (r.v < simplex[0].v) {
      const e = { x: along(-2), v: 0 };
      e.v = f(e.x);
      simplex[n] = e.v < r.v ? e : r;
    } else if (r.v < simplex[n - 1].v) simplex[n] = r;
    else {
      const c = { x: along(0.5), v: 0 };
      c.v = f(c.x);
      if (c.v < worst.v) simplex[n] = c;
      else
        simplex = simplex
          .map((p, k) =>
            k === 0 ? p : { x: p.x.map((v, j) => simplex[0].x[j] + 0.5 * (v - simplex[0].x[j])), v: 0 },
          )
          .map((p, k) => (k === 0 ? p : { x: p.x, v: f(p.x) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v };
}

/** The points of one SPX delta x tenor bucket (7-120 days), for the spread fit and its test. */
export function spxSpreadBuckets(points: readonly FidelityPoint[]): FidelityPoint[][] {
  const out: FidelityPoint[][] = [];
  for (const [, lo, hi] of TENOR_BUCKETS.slice(0, 3))
    for (const [bucket] of DELTA_BUCKETS) {
      const sel = points.filter(
        (p) => p.product === 'SPX' && p.deltaBucket === bucket && p.tenorDays >= lo && p.tenorDays < hi,
      );
      if (sel.length > 0) out.push(sel);
    }
  return out;
}

/** Root mean square of log(model median / market median half-spread) over the buckets: 0 is a perfect fit. */
export function spreadBucketError(
  buckets: readonly FidelityPoint[][],
  model: (p: FidelityPoint) => number,
): number {
  let sum = 0;
  for (const b of buckets)
    sum += Math.log(median(b.map(model)) / median(b.map((p) => p.marketHalfSpread))) ** 2;
  return Math.sqrt(sum / buckets.length);
}

/**
 * Fits the bid/ask model to quoted half-spreads, as functions of the market mid: SPX by a grid over
 * (per-sqrt-price, wing extra) matching the bucket medians; VIX as the median of half-spread / sqrt(mid).
 */
export function fitSpreadParams(
  points: readonly FidelityPoint[],
  base: SpreadParams,
): { params: SpreadParams; spxError: number } {
  const buckets = spxSpreadBuckets(points);
  let best = { error: Infinity, b: base.spxPerSqrtPrice, c: base.spxWingExtra };
  for (let b = 0.02; b <= 0.12 + 1e-9; b += 0.0025)
    for (let c = 0; c <= 0.2 + 1e-9; c += 0.005) {
      const params = { ...base, spxPerSqrtPrice: b, spxWingExtra: c };
      const error = spreadBucketError(buckets, (p) => spxHalfSpread(p.mid, p.absDelta, params));
      if (error < best.error) best = { error, b, c };
    }
  // Standard monthly VIX options only: the engine trades no VIXW weeklies, whose spreads are wider.
  const vix = points.filter((p) => p.root === 'VIX' && p.mid > 0);
  const vixPerSqrtPrice =
    vix.length > 0 ? median(vix.map((p) => p.marketHalfSpread / Math.sqrt(p.mid))) : base.vixPerSqrtPrice;
  const round = (x: number, step: number): number => Math.round(x / step) * step;
  return {
    params: {
      ...base,
      spxPerSqrtPrice: round(best.b, 0.0025),
      spxWingExtra: round(best.c, 0.005),
      vixPerSqrtPrice: round(vixPerSqrtPrice, 0.005),
    },
    spxError: best.error,
  };
}
