// The SPX smile of a day, from the VIX family (term structure) and SKEW (slope). Implied vol is
// sigma(K, T) = L(T) f(x), x = ln(K/F) / (L(T) sqrt(T)), with f an SVI curve in standardised moneyness
// (f(0) = 1). L(T) is set so that the Cboe VIX formula applied to the model's own 30-day prices
// reproduces the VIX close, and other tenors follow the VIX9D/VIX3M/VIX6M variance term structure.
import { blackForwardPrice } from './black-scholes.js';
import { normCdf, normCdfWithExp, normInv } from './normal.js';
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
  /**
   * Moneyness is standardised by L(T) sqrt(T30) (T / T30)^skewTenorPower: 0.5 is plain sd units (skew in
   * vol per log strike grows as T^-0.5 at short tenors); markets' skew grows more slowly.
   */
  skewTenorPower: number;
  /**
   * The shape's form: 'svi' (above), or 'wing': f(x) = 1 - beta x + gamma (sqrt(x^2 + c^2) - c), with gamma
   * `wingPut` for x < 0 and `wingCall` for x > 0 (a put wing linear in sd units far out, a call wing that
   * turns up), beta = wingSlope + wingSlopePerSkew10 (SKEW - pivot) / 10. See docs/pricing.md.
   */
  form: 'svi' | 'wing';
  wingSlope: number;
  wingSlopePerSkew10: number;
  wingPut: number;
  wingCall: number;
  wingWidth: number;
  /**
   * The smile's deviation from its level scales as (T / T30)^shapeTenorPower at a fixed sd moneyness (0: the
   * same shape in sd units at every tenor). Markets' smiles in sd units flatten as expiry nears, while the
   * call wing's minimum stays near the same sd: an amplitude, not a stretch of moneyness.
   */
  shapeTenorPower: number;
  /**
   * The at-the-money slope's own power: f_T(x) = 1 + tau^shapeTenorPower (f(x) - 1 - s0 x) + tau^slopeTenorPower
   * s0 x, tau = T / T30, s0 = f'(0). Separate powers let the near-money skew flatten faster toward expiry
   * than the far wing. 0 and 0: the shape of every tenor is f itself.
   */
  slopeTenorPower: number;
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
  skewTenorPower: 0.5,
  form: 'svi',
  wingSlope: 0.22,
  wingSlopePerSkew10: 0,
  wingPut: 0.08,
  wingCall: 0.3,
  wingWidth: 1,
  shapeTenorPower: 0,
  slopeTenorPower: 0,
  floor: 0.35,
  fallbackDividendYield: 0.015,
  fallbackSkew: 125,
};

const T30 = 30 / 365;
const STRIP_POINTS = 61;
const LEVEL_ITERATIONS = 4;
/** The clamp on the SVI skew rho (docs/pricing.md); the ratio table covers exactly this range. */
const RHO_MIN = -0.98;
const RHO_MAX = 0.3;

export interface SpxSmile {
  readonly inputs: SpxMarketInputs;
  readonly fallbacks: readonly string[];
  /** The solved 30-day level: `rebuildSpxSmile(inputs, level30)` gives the same smile back without the solve. */
  readonly level30: number;
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

/** The standardised shape f(x) for one skew rho (f(0) = 1), shared by the smile of a day and the ratio table. */
class SmileShape {
  readonly a: number;
  readonly b: number;
  readonly m: number;
  readonly s2: number;
  readonly floor2: number;

  constructor(
    params: SmileParams,
    readonly rho: number,
  ) {
    this.b = params.b;
    this.m = params.m;
    this.s2 = params.s * params.s;
    this.a = 1 - this.b * (-rho * this.m + Math.sqrt(this.m * this.m + this.s2));
    this.floor2 = params.floor * params.floor;
  }

  at(x: number): number {
    const d = x - this.m;
    const f2 = this.a + this.b * (this.rho * d + Math.sqrt(d * d + this.s2));
    return Math.sqrt(f2 > this.floor2 ? f2 : this.floor2);
  }

  /** df/dx, given f = at(x) (0 where the floor holds). */
  slope(x: number, f: number): number {
    const d = x - this.m;
    const root = Math.sqrt(d * d + this.s2);
    const f2 = this.a + this.b * (this.rho * d + root);
    return f2 > this.floor2 ? (this.b * (this.rho + d / root)) / (2 * f) : 0;
  }

  /** The lowest f^2 over all x (SVI's minimum), to tell whether the floor can bind anywhere. */
  minimum2(): number {
    return this.a + this.b * Math.sqrt(this.s2) * Math.sqrt(1 - this.rho * this.rho);
  }
}

/** The 'wing' form (docs/pricing.md): piecewise hyperbolic, C1 at the money, put wing linear far out. */
class WingShape {
  readonly floor: number;
  readonly c: number;
  readonly gp: number;
  readonly gc: number;

  constructor(
    params: SmileParams,
    /** The ATM slope beta (the SKEW-driven parameter, in the slot SVI's rho takes). */
    readonly rho: number,
  ) {
    this.floor = params.floor;
    this.c = params.wingWidth;
    this.gp = params.wingPut;
    this.gc = params.wingCall;
  }

  private raw(x: number): number {
    const g = x < 0 ? this.gp : this.gc;
    return 1 - this.rho * x + g * (Math.sqrt(x * x + this.c * this.c) - this.c);
  }

  at(x: number): number {
    const f = this.raw(x);
    return f > this.floor ? f : this.floor;
  }

  slope(x: number, f: number): number {
    if (!(this.raw(x) > this.floor)) return 0;
    void f;
    const g = x < 0 ? this.gp : this.gc;
    return -this.rho + (g * x) / Math.sqrt(x * x + this.c * this.c);
  }

  minimum2(): number {
    // f is convex on each side; its minimum is on the call side where the slope vanishes (or the floor).
    const b = this.rho;
    const g = this.gc;
    if (!(g > b)) return this.floor * this.floor;
    const x = (b * this.c) / Math.sqrt(g * g - b * b);
    const f = Math.max(this.floor, this.raw(x));
    return f * f;
  }
}

type Shape = SmileShape | WingShape;

/** The shape of one value of the SKEW-driven parameter (rho for SVI, the ATM slope for 'wing'). */
function makeShape(params: SmileParams, skewParam: number): Shape {
  return params.form === 'wing' ? new WingShape(params, skewParam) : new SmileShape(params, skewParam);
}

/** The SKEW-driven parameter of a day: SVI's rho (clamped), or the wing form's ATM slope (clamped). */
function skewParameter(params: SmileParams, skew: number): number {
  if (params.form === 'wing')
    return Math.min(
      1,
      Math.max(0, params.wingSlope + (params.wingSlopePerSkew10 * (skew - params.skewPivot)) / 10),
    );
  return Math.min(
    RHO_MAX,
    Math.max(RHO_MIN, params.rho0 + (params.rhoPerSkew10 * (skew - params.skewPivot)) / 10),
  );
}

/** Scratch buffers for the 30-day strip: one strip is priced at a time, so they are shared (no garbage). */
const STRIKES = new Float64Array(STRIP_POINTS);
const PRICES = new Float64Array(STRIP_POINTS);

/** The strip's first strike (-9 sd) and spacing (61 strikes to +6 sd) on forward f30. */
function stripLow(f30: number, level: number): number {
  return f30 * Math.exp(-9 * level * Math.sqrt(T30));
}
function stripStep(f30: number, level: number, kLo: number): number {
  return (f30 * Math.exp(6 * level * Math.sqrt(T30)) - kLo) / (STRIP_POINTS - 1);
}

/** Index of K0 in the strip (the last strike at or below the forward), computed as `stripVariance` does. */
function stripK0Index(f30: number, level: number): number {
  const kLo = stripLow(f30, level);
  const step = stripStep(f30, level, kLo);
  let k0 = 0;
  for (let i = 0; i < STRIP_POINTS; i++) if (kLo + i * step <= f30) k0 = i;
  return k0;
}

/** The Cboe VIX formula on the shape's own 30-day out-of-the-money strip at `level`. */
function stripVariance(shape: Shape, level: number, f30: number, r: number): number {
  const kLo = stripLow(f30, level);
  const step = stripStep(f30, level, kLo);
  const df = Math.exp(-r * T30);
  let k0 = kLo;
  for (let i = 0; i < STRIP_POINTS; i++) {
    STRIKES[i] = kLo + i * step;
    if (STRIKES[i] <= f30) k0 = STRIKES[i];
  }
  for (let i = 0; i < STRIP_POINTS; i++) {
    const k = STRIKES[i];
    const vol = level * shape.at(Math.log(k / f30) / (level * Math.sqrt(T30)));
    PRICES[i] =
      k < k0
        ? df * blackForwardPrice(false, f30, k, T30, vol)
        : k > k0
          ? df * blackForwardPrice(true, f30, k, T30, vol)
          : 0.5 *
            df *
            (blackForwardPrice(false, f30, k, T30, vol) + blackForwardPrice(true, f30, k, T30, vol));
  }
  return cboeVariance(STRIKES, PRICES, f30, r, T30);
}

/** Chebyshev points of the first kind on [-1, 1] and their barycentric weights. */
function chebyshevNodes(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = ((2 * k + 1) * Math.PI) / (2 * n);
    x[k] = Math.cos(angle);
    w[k] = (k % 2 === 0 ? 1 : -1) * Math.sin(angle);
  }
  return { x, w };
}

/** Barycentric interpolation coefficients at `t` (they sum to 1) written into `out`. */
function baryCoefficients(nodes: { x: Float64Array; w: Float64Array }, t: number, out: Float64Array): void {
  let sum = 0;
  for (let k = 0; k < nodes.x.length; k++) {
    const d = t - nodes.x[k];
    if (d === 0) {
      out.fill(0);
      out[k] = 1;
      return;
    }
    out[k] = nodes.w[k] / d;
    sum += out[k];
  }
  for (let k = 0; k < nodes.x.length; k++) out[k] /= sum;
}

const TABLE_LEVEL_MIN = 0.02;
const TABLE_LEVEL_MAX = 1.2;
const TABLE_LEVEL_NODES = 9;
/** The rho range [RHO_MIN, RHO_MAX] is cut into this many panels of TABLE_RHO_NODES nodes each. */
const TABLE_RHO_PANELS = 4;
const TABLE_RHO_NODES = 9;
const TABLE_RHO_WIDTH = (RHO_MAX - RHO_MIN) / TABLE_RHO_PANELS;
/** A table piece is used only if it reproduces the strip this closely at points between its nodes. */
const TABLE_TOLERANCE = 1e-10;

/**
 * The variance-to-level ratio R(rho, L) = strip variance / L^2 of a shape, tabulated so that a day's level
 * needs no strip pass (a pass is 61 Black prices, once the largest cost of a Monte Carlo path).
 *
 * R does not depend on spot, rate or dividend yield (the strip scales with the forward and the Cboe formula
 * undoes the discounting), only on the skew rho and the level L. It is analytic in both, except where the
 * strip's K0 (the last strike below the forward) moves to the next strike: R is continuous there but its
 * slope jumps. So the level axis is cut at those points and the rho axis into four panels, and each piece
 * holds a Chebyshev interpolant of 9 x 9 nodes (relative error below 1e-11 against the strip, checked
 * between nodes when the piece is built, else that piece keeps the strip pass). Pieces are built on first
 * use and depend only on the parameters, so a day's prices never depend on which days were priced before.
 */
class RatioTable {
  private readonly bounds: number[] = [TABLE_LEVEL_MIN];
  /** By rho panel x level segment. */
  private readonly pieces: (Float64Array | null | undefined)[] = [];
  private readonly levelNodes = chebyshevNodes(TABLE_LEVEL_NODES);
  private readonly rhoNodes = chebyshevNodes(TABLE_RHO_NODES);
  private readonly levelCoef = new Float64Array(TABLE_LEVEL_NODES);
  private readonly rhoCoef = new Float64Array(TABLE_RHO_NODES);

  constructor(private readonly params: SmileParams) {
    // Cut the level axis where K0 moves: step up by 1% until the index changes, then bisect the edge.
    let level = TABLE_LEVEL_MIN;
    while (level < TABLE_LEVEL_MAX) {
      const index = stripK0Index(1, level);
      let hi = level;
      while (hi < TABLE_LEVEL_MAX && stripK0Index(1, hi) === index) hi *= 1.01;
      if (hi >= TABLE_LEVEL_MAX) break;
      let lo = Math.max(level, hi / 1.01);
      for (let k = 0; k < 60; k++) {
        const mid = 0.5 * (lo + hi);
        if (stripK0Index(1, mid) === index) lo = mid;
        else hi = mid;
      }
      this.bounds.push(hi);
      level = hi;
    }
    this.bounds.push(TABLE_LEVEL_MAX);
  }

  /** A table for the parameters, or null when the floor can bind (R is then not smooth in rho). */
  static of(params: SmileParams): RatioTable | null {
    if (params.form !== 'svi') return null;
    for (let k = 0; k <= 256; k++) {
      const shape = new SmileShape(params, RHO_MIN + ((RHO_MAX - RHO_MIN) * k) / 256);
      if (!(shape.minimum2() > 1.05 * shape.floor2)) return null;
    }
    return new RatioTable(params);
  }

  private exact(rho: number, level: number): number {
    return stripVariance(new SmileShape(this.params, rho), level, 1, 0) / (level * level);
  }

  /** R(rho, L) from the table, or NaN where it has no piece (the caller then prices the strip). */
  ratio(rho: number, level: number): number {
    if (!(level >= TABLE_LEVEL_MIN && level < TABLE_LEVEL_MAX && rho >= RHO_MIN && rho <= RHO_MAX))
      return NaN;
    let lo = 0;
    let hi = this.bounds.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.bounds[mid] <= level) lo = mid;
      else hi = mid;
    }
    const panel = Math.min(TABLE_RHO_PANELS - 1, Math.floor((rho - RHO_MIN) / TABLE_RHO_WIDTH));
    const index = panel * (this.bounds.length - 1) + lo;
    let piece = this.pieces[index];
    if (piece === undefined) {
      piece = this.build(panel, lo);
      this.pieces[index] = piece;
    }
    return piece === null ? NaN : this.interpolate(piece, panel, lo, rho, level);
  }

  private interpolate(
    piece: Float64Array,
    panel: number,
    segment: number,
    rho: number,
    level: number,
  ): number {
    const a = this.bounds[segment];
    const b = this.bounds[segment + 1];
    const rhoLo = RHO_MIN + panel * TABLE_RHO_WIDTH;
    baryCoefficients(this.levelNodes, (2 * level - a - b) / (b - a), this.levelCoef);
    baryCoefficients(this.rhoNodes, (2 * (rho - rhoLo)) / TABLE_RHO_WIDTH - 1, this.rhoCoef);
    let sum = 0;
    for (let p = 0; p < TABLE_RHO_NODES; p++) {
      let row = 0;
      const base = p * TABLE_LEVEL_NODES;
      for (let q = 0; q < TABLE_LEVEL_NODES; q++) row += this.levelCoef[q] * piece[base + q];
      sum += this.rhoCoef[p] * row;
    }
    return sum;
  }

  private build(panel: number, segment: number): Float64Array | null {
    const a = this.bounds[segment];
    const b = this.bounds[segment + 1];
    const rhoAt = (u: number): number => RHO_MIN + (panel + 0.5 * (u + 1)) * TABLE_RHO_WIDTH;
    const k0 = stripK0Index(1, 0.5 * (a + b));
    const piece = new Float64Array(TABLE_RHO_NODES * TABLE_LEVEL_NODES);
    for (let q = 0; q < TABLE_LEVEL_NODES; q++) {
      const level = 0.5 * (a + b) + 0.5 * (b - a) * this.levelNodes.x[q];
      // Every node must sit on the piece's own branch of the strip (same K0).
      if (stripK0Index(1, level) !== k0) return null;
      for (let p = 0; p < TABLE_RHO_NODES; p++)
        piece[p * TABLE_LEVEL_NODES + q] = this.exact(rhoAt(this.rhoNodes.x[p]), level);
    }
    // Check between the nodes, where interpolation errs most.
    for (const [u, v] of [
      [0.31, 0.13],
      [-0.77, 0.52],
      [0.93, 0.87],
    ]) {
      const rho = rhoAt(u);
      const level = a + (b - a) * v;
      const interpolated = this.interpolate(piece, panel, segment, rho, level);
      if (!(Math.abs(interpolated / this.exact(rho, level) - 1) < TABLE_TOLERANCE)) return null;
    }
    return piece;
  }
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

/** Per parameter set (by identity), the reference ratio by whole SKEW point (NaN: missing) and VIX level. */
const ratioCache = new WeakMap<SmileParams, Map<number, Map<number, number>>>();
/**
 * The ratio table serves the default parameters only: building a piece costs about 190 strip passes, which
 * thousands of days repay, while a fit tries each parameter set on three days.
 */
let defaultTable: RatioTable | null | undefined;

function tableFor(params: SmileParams): RatioTable | null {
  if (params !== defaultSmileParams) return null;
  if (defaultTable === undefined) defaultTable = RatioTable.of(params);
  return defaultTable;
}

/**
 * Builds the smile of a day. The 30-day level is solved so that the Cboe formula on the model's prices
 * gives the VIX close: a first guess from the shape's ratio (solved once per shape on a fixed reference
 * market, so prices never depend on which days were priced before), corrected by the ratio at that guess
 * (from the ratio table, else one strip pass).
 */
export function buildSpxSmile(inputs: SpxMarketInputs, params: SmileParams = defaultSmileParams): SpxSmile {
  const skewUsed = roundedSkew(inputs.skew);
  // The ratio moves a little with the level, so the reference market sits at the day's VIX rounded to 2 points.
  const vixRef = Math.max(2, Math.round(inputs.vix / 2) * 2);
  let byParams = ratioCache.get(params);
  if (byParams === undefined) {
    byParams = new Map();
    ratioCache.set(params, byParams);
  }
  // Only a first guess: the reference rounds SKEW to whole points, so a few thousand keys serve every day.
  const skewRef = Number.isFinite(skewUsed) ? Math.round(skewUsed) : NaN;
  let bySkew = byParams.get(skewRef);
  if (bySkew === undefined) {
    bySkew = new Map();
    byParams.set(skewRef, bySkew);
  }
  let ratioRef = bySkew.get(vixRef);
  if (ratioRef === undefined) {
    ratioRef = new Smile({ ...REFERENCE_MARKET, vix: vixRef, skew: skewRef }, params, skewRef, {
      kind: 'reference',
      table: tableFor(params),
    }).varianceToLevelRatio;
    bySkew.set(vixRef, ratioRef);
  }
  return new Smile(inputs, params, skewUsed, { kind: 'guess', ratio: ratioRef, table: tableFor(params) });
}

/**
 * The smile `buildSpxSmile(inputs, params)` built, from its solved 30-day level: identical prices, without the
 * solve. A caller that prices many days twice can keep one number per day instead of the smile objects.
 */
export function rebuildSpxSmile(
  inputs: SpxMarketInputs,
  level30: number,
  params: SmileParams = defaultSmileParams,
): SpxSmile {
  return new Smile(inputs, params, roundedSkew(inputs.skew), { kind: 'known', level30 });
}

function roundedSkew(skew: number): number {
  // SKEW is used to 0.1 point: finer moves do not change the smile, and the shape cache stays small.
  return Number.isFinite(skew) ? Math.round(skew * 10) / 10 : NaN;
}

/** How a smile gets its 30-day level: solved from scratch, from a first guess of the ratio, or given. */
type LevelSolve =
  | { kind: 'reference'; table: RatioTable | null }
  | { kind: 'guess'; ratio: number; table: RatioTable | null }
  | { kind: 'known'; level30: number };

// Shared constants typed read-only but not frozen: V8 reads frozen arrays through slower element kinds.
const NO_FALLBACKS: readonly string[] = [];
/** The index tenors (years) of VIX9D, VIX, VIX3M and VIX6M, shared by every day that has all four. */
const INDEX_TENORS: readonly number[] = [9 / 365, 30 / 365, 93 / 365, 183 / 365];
/** Per parameter set, the shape of each rho used (rho takes few values: SKEW is rounded to 0.1). */
const shapeCache = new WeakMap<SmileParams, Map<number, Shape>>();

function shapeFor(params: SmileParams, rho: number): Shape {
  let byRho = shapeCache.get(params);
  if (byRho === undefined) {
    byRho = new Map();
    shapeCache.set(params, byRho);
  }
  let shape = byRho.get(rho);
  if (shape === undefined) {
    shape = makeShape(params, rho);
    byRho.set(rho, shape);
  }
  return shape;
}

/**
 * What depends only on the tenor of the last call (t, forward, level, sqrt t, discount, dividend discount,
 * moneyness scale) and the smile it belongs to. A condor's four legs share a tenor; one buffer for all smiles, rather than
 * six number fields in each, keeps a smile small (the engine builds one a day per book).
 */
const TENOR = new Float64Array(9);
/** Which smile TENOR belongs to, by serial number. */
let tenorOwner = 0;
let smileSerial = 0;

/** The smile of one day: few fields, and no per-day arrays when every index is present. */
class Smile implements SpxSmile {
  readonly fallbacks: readonly string[];
  private readonly q: number;
  private readonly r: number;
  private readonly shape: Shape;
  /** Variance term structure: index tenors (years) and annualised variances, flat outside. */
  private readonly tsT: readonly number[];
  private readonly tsV: number[];
  readonly level30: number;
  /** Variance-swap variance over level squared of this shape, applied to every tenor. */
  readonly varianceToLevelRatio: number;
  private readonly serial = ++smileSerial;
  private readonly skewTenorPower: number;
  private readonly shapeTenorPower: number;
  private readonly slopeTenorPower: number;
  /** Whether either tenor power is set (else every tenor uses the shape itself, as shipped). */
  private readonly tenorShaped: boolean;
  /** The shape's at-the-money slope f'(0). */
  private readonly slope0: number;
  private readonly floor: number;
  /** The quadrature ratio at 30 days (NaN until needed; only when shapeTenorPower is set). */
  private q30 = NaN;

  constructor(
    readonly inputs: SpxMarketInputs,
    params: SmileParams,
    skewUsed: number,
    solve: LevelSolve,
  ) {
    if (!(inputs.spot > 0) || !(inputs.vix > 0))
      throw new RangeError(`a smile needs SPX and VIX (got ${inputs.spot}, ${inputs.vix})`);
    let fallbacks: string[] | null = null;
    let q = inputs.dividendYieldAnnual;
    if (!Number.isFinite(q)) {
      q = params.fallbackDividendYield;
      (fallbacks ??= []).push(`dividend yield unknown: ${params.fallbackDividendYield * 100}% used`);
    }
    let skew = skewUsed;
    if (!Number.isFinite(skew)) {
      skew = params.fallbackSkew;
      (fallbacks ??= []).push(`SKEW missing: ${params.fallbackSkew} used`);
    }
    this.q = q;
    this.r = inputs.rateAnnual;
    this.skewTenorPower = params.skewTenorPower;
    this.shapeTenorPower = params.shapeTenorPower;
    this.slopeTenorPower = params.slopeTenorPower;
    this.tenorShaped = params.shapeTenorPower !== 0 || params.slopeTenorPower !== 0;
    this.floor = params.floor;
    const { vix9d, vix, vix3m, vix6m } = inputs;
    if (present(vix9d) && present(vix) && present(vix3m) && present(vix6m)) {
      this.tsT = INDEX_TENORS;
      this.tsV = [(vix9d / 100) ** 2, (vix / 100) ** 2, (vix3m / 100) ** 2, (vix6m / 100) ** 2];
    } else {
      const index = [vix9d, vix, vix3m, vix6m];
      const t: number[] = [];
      const v: number[] = [];
      for (let k = 0; k < 4; k++) {
        if (present(index[k])) {
          t.push(INDEX_TENORS[k]);
          v.push((index[k] / 100) ** 2);
        } else
          (fallbacks ??= []).push(
            `${INDEX_NAMES[k]} missing: variance term structure held flat past the nearest index`,
          );
      }
      this.tsT = t;
      this.tsV = v;
    }
    this.fallbacks = fallbacks ?? NO_FALLBACKS;
    const rho = skewParameter(params, skew);
    this.shape = shapeFor(params, rho);
    this.slope0 = this.tenorShaped ? this.shape.slope(0, this.shape.at(0)) : 0;
    // Solve the 30-day level so that the Cboe formula on model prices gives the VIX close.
    const targetVar30 = (inputs.vix / 100) ** 2;
    let level30: number;
    if (solve.kind === 'reference') {
      level30 = inputs.vix / 100 / 1.1;
      for (let k = 0; k < LEVEL_ITERATIONS; k++)
        level30 *= Math.sqrt(targetVar30 / this.modelVariance(level30, rho, solve.table));
    } else if (solve.kind === 'guess') {
      level30 = Math.sqrt(targetVar30 / solve.ratio);
      level30 *= Math.sqrt(targetVar30 / this.modelVariance(level30, rho, solve.table));
    } else level30 = solve.level30;
    this.level30 = level30;
    this.varianceToLevelRatio = targetVar30 / (level30 * level30);
  }

  private stripVariance(level: number): number {
    return stripVariance(this.shape, level, this.forward(T30), this.r);
  }

  /** The 30-day strip variance at `level`: from the ratio table where it has a piece, else priced. */
  private modelVariance(level: number, rho: number, table: RatioTable | null): number {
    const ratio = table === null ? NaN : table.ratio(rho, level);
    return Number.isNaN(ratio) ? this.stripVariance(level) : ratio * level * level;
  }

  /** Variance-swap variance to tenor t: linear in total variance between the index tenors. */
  private variance(tYears: number): number {
    const t = this.tsT;
    const v = this.tsV;
    if (tYears <= t[0]) return v[0];
    for (let k = 1; k < t.length; k++) {
      if (tYears <= t[k]) {
        const w0 = v[k - 1] * t[k - 1];
        const w1 = v[k] * t[k];
        const w = w0 + ((w1 - w0) * (tYears - t[k - 1])) / (t[k] - t[k - 1]);
        return w / tYears;
      }
    }
    return v[v.length - 1];
  }

  /**
   * Variance-swap variance over level squared at tenor t. The smile's excess variance (ratio - 1) comes
   * mostly from its curvature in sd units, which the moneyness scale stretches by (t / T30)^(0.5 - power):
   * so the excess scales with the square of that stretch (exact at 30 days, and at every tenor for 0.5).
   */
  private ratioAt(t: number): number {
    if (this.tenorShaped) {
      if (Number.isNaN(this.q30)) this.q30 = this.ratioQuadrature(T30, 1, 1, 1);
      return (
        (this.varianceToLevelRatio * this.ratioQuadrature(t, TENOR[7], TENOR[8], TENOR[3] / TENOR[6])) /
        this.q30
      );
    }
    if (this.skewTenorPower === 0.5) return this.varianceToLevelRatio;
    return 1 + (this.varianceToLevelRatio - 1) * Math.pow(t / T30, 1 - 2 * this.skewTenorPower);
  }

  /**
   * Variance-swap variance over level squared of the smile at tenor t with curvature and slope amplitudes
   * `amp`, `ampSlope` and moneyness stretch `c` (x = c u, u in sd units of the level): the continuous Cboe
   * strip 2 / T integral of Q(K) / K^2 dK over -9 to +6 sd, on a unit forward without discounting (the ratio
   * depends on neither), at the level the 30-day ratio implies. Only its ratio to the 30-day value is used:
   * the 30-day ratio itself is the exact strip's.
   */
  private ratioQuadrature(t: number, amp: number, ampSlope: number, c: number): number {
    const level = Math.sqrt(this.variance(t) / this.varianceToLevelRatio);
    const sd = level * Math.sqrt(t);
    const du = (QUAD_HI - QUAD_LO) / QUAD_POINTS;
    let sum = 0;
    for (let i = 0; i <= QUAD_POINTS; i++) {
      const u = QUAD_LO + du * i;
      const y = u * sd;
      const k = Math.exp(y);
      const vol = level * this.amplified(this.shape.at(u * c), u * c, amp, ampSlope);
      // Out of the money: puts below the forward, calls above; the two at the forward average to the same.
      const q = blackForwardPrice(y > 0, 1, k, t, vol);
      const w = i === 0 || i === QUAD_POINTS ? 0.5 : 1;
      // dK / K^2 = e^-y dy, dy = sd du.
      sum += (w * q) / k;
    }
    return (2 * sum * du * sd) / t / (level * level);
  }

  /** The shape value f at x scaled to a tenor (amplitudes of the curvature and of the slope), floored. */
  private amplified(f: number, x: number, amp: number, ampSlope: number): number {
    const v = 1 + amp * (f - 1 - this.slope0 * x) + ampSlope * this.slope0 * x;
    return v > this.floor ? v : this.floor;
  }

  /** Fills TENOR for t (a no-op when this smile was last asked about the same t). */
  private tenor(t: number): void {
    if (tenorOwner === this.serial && TENOR[0] === t) return;
    tenorOwner = this.serial;
    TENOR[0] = t;
    TENOR[1] = this.forward(t);
    TENOR[3] = Math.sqrt(t);
    TENOR[6] = this.skewTenorPower === 0.5 ? TENOR[3] : SQRT_T30 * Math.pow(t / T30, this.skewTenorPower);
    TENOR[7] = this.shapeTenorPower === 0 ? 1 : Math.pow(t / T30, this.shapeTenorPower);
    TENOR[8] = this.slopeTenorPower === 0 ? 1 : Math.pow(t / T30, this.slopeTenorPower);
    TENOR[2] = Math.sqrt(this.variance(t) / this.ratioAt(t));
    TENOR[4] = Math.exp(-this.r * t);
    TENOR[5] = Math.exp(-this.q * t);
  }

  /** Vol at a strike for the tenor in TENOR. */
  private tenorVol(strike: number): number {
    const level = TENOR[2];
    const x = Math.log(strike / TENOR[1]) / (level * TENOR[6]);
    const f = this.shape.at(x);
    return level * (this.tenorShaped ? this.amplified(f, x, TENOR[7], TENOR[8]) : f);
  }

  forward(t: number): number {
    return this.inputs.spot * Math.exp((this.r - this.q) * t);
  }

  level(t: number): number {
    this.tenor(t);
    return TENOR[2];
  }

  vol(strike: number, t: number): number {
    this.tenor(t);
    return this.tenorVol(strike);
  }

  price(isCall: boolean, strike: number, t: number): number {
    this.tenor(t);
    return TENOR[4] * blackForwardPrice(isCall, TENOR[1], strike, t, this.tenorVol(strike));
  }

  delta(isCall: boolean, strike: number, t: number): number {
    this.tenor(t);
    const fwd = TENOR[1];
    const sd = this.tenorVol(strike) * TENOR[3];
    const d1 = Math.log(fwd / strike) / sd + 0.5 * sd;
    const dq = TENOR[5];
    return isCall ? dq * normCdf(d1) : -dq * normCdf(-d1);
  }

  strikeForDelta(isCall: boolean, targetDelta: number, t: number, strikeStep: number): number {
    this.tenor(t);
    const target = Math.abs(targetDelta);
    const lnF = Math.log(TENOR[1]);
    const levelSd = TENOR[2] * TENOR[3];
    const levelScale = TENOR[2] * TENOR[6];
    const sdPerScale = TENOR[3] / TENOR[6];
    const dq = TENOR[5];
    const amp = TENOR[7];
    const ampSlope = TENOR[8];
    const shaped = this.tenorShaped;
    // |delta| falls with strike for calls and rises for puts: Newton in log strike with the smile's own
    // slope, kept inside a bisection bracket. It converges in a handful of steps where plain bisection took
    // fifty; the grid choice below only needs the exact strike to well under a grid step.
    const lo0 = lnF - 12 * levelSd;
    const hi0 = lnF + 12 * levelSd;
    const share = target / dq;
    let y = NaN;
    if (share > 0 && share < 1) {
      // Start from the flat-vol answer at the level: N(+-d1) = share.
      const d1Flat = isCall ? normInv(share) : -normInv(share);
      const start = lnF - levelSd * (d1Flat - 0.5 * levelSd);
      let lo = lo0;
      let hi = hi0;
      let at = start > lo && start < hi ? start : 0.5 * (lo + hi);
      for (let k = 0; k < 100; k++) {
        const lnFK = lnF - at;
        const x = -lnFK / levelScale;
        const fShape = this.shape.at(x);
        const f = shaped ? this.amplified(fShape, x, amp, ampSlope) : fShape;
        const sd = levelSd * f;
        const d1 = lnFK / sd + 0.5 * sd;
        const e1 = Math.exp(-0.5 * d1 * d1);
        const absDelta = dq * normCdfWithExp(isCall ? d1 : -d1, e1);
        if (isCall ? absDelta > target : absDelta < target) lo = at;
        else hi = at;
        // d(sd)/dy is the shape's slope in x times sqrt(t) / scale; d|delta|/dy = +-dq n(d1) dd1/dy.
        const shapeSlope = !shaped
          ? this.shape.slope(x, fShape)
          : f > this.floor
            ? amp * (this.shape.slope(x, fShape) - this.slope0) + ampSlope * this.slope0
            : 0;
        const dSd = shapeSlope * sdPerScale;
        const dd1 = -1 / sd + dSd * (0.5 - lnFK / (sd * sd));
        const dAbsDelta = ((isCall ? 1 : -1) * dq * e1 * dd1) / SQRT_2PI;
        const step = (absDelta - target) / dAbsDelta;
        // Converged: checked before the bracket, since a last step below the spacing of doubles lands on
        // the bracket's own end.
        if (Math.abs(step) < 1e-12) {
          y = at;
          break;
        }
        const next = at - step;
        if (next > lo && next < hi) at = next;
        else {
          at = 0.5 * (lo + hi);
          if (hi - lo < 1e-12) break;
        }
      }
    }
    // Where Newton finds no root inside the bracket (no strike reaches the target), plain bisection runs to
    // the bracket's end, as it always did.
    if (Number.isNaN(y)) y = this.bisectLogStrike(isCall, target, t, lo0, hi0);
    const exact = Math.exp(y);
    const down = Math.max(strikeStep, Math.floor(exact / strikeStep) * strikeStep);
    const up = down + strikeStep;
    const dDown = Math.abs(Math.abs(this.delta(isCall, down, t)) - target);
    const dUp = Math.abs(Math.abs(this.delta(isCall, up, t)) - target);
    return dDown <= dUp ? down : up;
  }

  private bisectLogStrike(isCall: boolean, target: number, t: number, lo: number, hi: number): number {
    for (let k = 0; k < 50; k++) {
      const mid = 0.5 * (lo + hi);
      const d = Math.abs(this.delta(isCall, Math.exp(mid), t));
      if (isCall ? d > target : d < target) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  modelVix(): number {
    return 100 * Math.sqrt(this.stripVariance(this.level30));
  }
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT_T30 = Math.sqrt(T30);
/** The ratio quadrature's grid in sd units of the level: the 30-day strip's own range (-9 to +6 sd). */
const QUAD_LO = -9;
const QUAD_HI = 6;
const QUAD_POINTS = 300;

function present(indexValue: number): boolean {
  return Number.isFinite(indexValue) && indexValue > 0;
}

const INDEX_NAMES = ['VIX9D', 'VIX', 'VIX3M', 'VIX6M'];
