// The synthetic market: a daily two-factor stochastic-variance model (a fast factor reverting to a slow
// level) with co-jumps in returns and variance, from which every panel series follows consistently. VIX (and
// VIX9D/3M/6M) is the model's own expected realised variance over its horizon times the variance risk
// premium; VIX futures are the model's forward values; VVIX is the model's vol of VIX; SKEW, breadth, rates
// and FOMC dates come from documented side models.
import {
  civilFromDay,
  dayFromCivil,
  dayToIso,
  isoToDay,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  WEDNESDAY,
  type DayNumber,
} from '../core/dates.js';
import { fingerprintOf, sha256Hex } from '../core/hash.js';
import { Rng } from '../core/random.js';
import {
  CALENDAR_LAST_YEAR,
  isNyseTradingDay,
  nextTradingDay,
  tradingDaysInRange,
} from '../market/calendar.js';
import { vixExpirationsBetween } from '../market/expirations.js';
import { countdownToSchedule, emptySeries, type FomcColumns, type Panel } from '../market/panel.js';
import { normCdf } from '../pricing/normal.js';
import { defaultSimParams, SIM_MODEL_VERSION, type SimParams } from './params.js';

export interface SimulateOptions {
  years: number;
  seed: number;
  /** First trading day (default 2006-01-03, so that SPXW weeklies are listed from the start). */
  startDate?: string;
  params?: SimParams;
}

const DT = 1 / 252;
const MAX_CONTRACTS = 8;
/** Mixed into the seed for the short-lived VIX component's own random stream. */
const TRANSIENT_STREAM = 0x5bd1e995;

/** Eight FOMC decisions a year on the usual pattern (late Jan, mid Mar, early May, mid Jun, late Jul, mid Sep, early Nov, mid Dec). */
function syntheticFomcDates(fromYear: number, toYear: number): DayNumber[] {
  const out: DayNumber[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    const wednesdays = [
      lastWeekdayOfMonth(y, 1, WEDNESDAY),
      nthWeekdayOfMonth(y, 3, WEDNESDAY, 3),
      nthWeekdayOfMonth(y, 5, WEDNESDAY, 1),
      nthWeekdayOfMonth(y, 6, WEDNESDAY, 3),
      lastWeekdayOfMonth(y, 7, WEDNESDAY),
      nthWeekdayOfMonth(y, 9, WEDNESDAY, 3),
      nthWeekdayOfMonth(y, 11, WEDNESDAY, 1),
      nthWeekdayOfMonth(y, 12, WEDNESDAY, 2),
    ];
    for (const w of wednesdays) out.push(isNyseTradingDay(w) ? w : nextTradingDay(w));
  }
  return out;
}

/** How far past the last day the published schedule is known (the Fed publishes about a year ahead). */
const FOMC_SCHEDULE_AHEAD_DAYS = 366;

/**
 * The synthetic FOMC schedule of a history from firstDay to lastDay: its decisions, and the year of
 * published decisions after it, so that the countdown to the next decision is defined on every day.
 */
export function syntheticFomcSchedule(firstDay: DayNumber, lastDay: DayNumber): DayNumber[] {
  const until = Math.min(lastDay + FOMC_SCHEDULE_AHEAD_DAYS, dayFromCivil(CALENDAR_LAST_YEAR, 12, 31));
  return syntheticFomcDates(civilFromDay(firstDay).year, civilFromDay(until).year).filter(
    (d) => d >= firstDay && d <= until,
  );
}

/** The FOMC columns of synthetic days, counting down (in trading days) as the loader does for real data. */
function syntheticFomcColumns(days: Int32Array): FomcColumns {
  const n = days.length;
  const schedule = syntheticFomcSchedule(days[0], days[n - 1]);
  const isDecisionDay = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k < schedule.length && schedule[k] < days[i]) k++;
    if (schedule[k] === days[i]) isDecisionDay[i] = 1;
  }
  // -1 only where the trading calendar ends before the next decision.
  const tradingDaysToNext = countdownToSchedule(days, schedule);
  return { isDecisionDay, tradingDaysToNext };
}

/**
 * What the expected average variance over (t, t + tau) needs that depends on neither today's variance nor
 * today's level: the weights of both. The simulation asks for the same few horizons every day (the VIX family
 * at t = 0, futures at whole days ahead), so each is computed once per path.
 */
export interface Horizon {
  /** sqrt(t), for the futures' net term premium, and t (years) for their convexity haircut. */
  sqrtT: number;
  t: number;
  /** Weight of today's variance: the average of e^{-kappa s} over (t, t + tau). */
  k: number;
  /** Weight of today's level (its gap to the long-run level). */
  c: number;
}

/** The average of e^{-rate s} over (t, t + tau). */
function averageDecay(rate: number, t: number, tau: number): number {
  return (Math.exp(-rate * t) * (1 - Math.exp(-rate * tau))) / (rate * tau);
}

/** The weights of a horizon for variance reverting at speed kappa to a level that reverts at speed gamma. */
export function horizon(kappa: number, gamma: number, t: number, tau: number): Horizon {
  const k = averageDecay(kappa, t, tau);
  const c =
    Math.abs(kappa - gamma) < 1e-9
      ? k + (t * Math.exp(-kappa * t) - (t + tau) * Math.exp(-kappa * (t + tau))) / tau
      : (kappa * (averageDecay(gamma, t, tau) - k)) / (kappa - gamma);
  return { sqrtT: Math.sqrt(t), t, k, c };
}

/**
 * Expected average variance over (t, t + tau) from today's variance v, when variance reverts at speed kappa
 * to a level that itself moves from theta0 towards thetaInf at speed gamma (the slow factor):
 * u(s) = E[v_s] - thetaInf solves du/ds = kappa ((theta0 - thetaInf) e^{-gamma s} - u).
 */
export function averageVariance(v: number, theta0: number, thetaInf: number, h: Horizon): number {
  return thetaInf + (v - thetaInf) * h.k + (theta0 - thetaInf) * h.c;
}

/** A horizon of the pricing measure: the variance weights, and how much of today's fear is left at its start. */
interface PricingHorizon extends Horizon {
  /** e^{-fearKappaQ t}: the share of today's fear above its mean the pricing measure expects at the start. */
  fearDecay: number;
  /** The premium's term factor (tau / 30 days)^premiumTermPower: 1 for VIX and every VIX future. */
  termPremium: number;
  /** The short-lived component's weight at the horizon's start (persistence^T; 1 for the index) and its mean correction. */
  transientWeight: number;
  transientShift: number;
  /** The futures' state-independent term premium e^{futuresTermPremium g(t)}: 1 for the index quotes. */
  futuresPremium: number;
}

/**
 * Fear responds to return shocks beyond `threshold` sd down: d = max(0, -z - threshold) for a standard
 * normal z. Its mean, sd and correlation with z, in closed form (the moments of a normal's tail).
 */
export function downShockMoments(threshold: number): { mean: number; sd: number; rho: number } {
  const tail = 1 - normCdf(threshold);
  const density = Math.exp(-0.5 * threshold * threshold) / Math.sqrt(2 * Math.PI);
  const mean = density - threshold * tail;
  const sd = Math.sqrt((1 + threshold * threshold) * tail - threshold * density - mean ** 2);
  return { mean, sd, rho: -tail / sd };
}

/** The integral of e^{-rate s} over (0, t): t at rate 0. */
function decayIntegral(rate: number, t: number): number {
  return rate > 0 ? -Math.expm1(-rate * t) / rate : t;
}

/**
 * The tenor on which the futures' state-independent term premium accrues: the integral over (0, t) of
 * (1 - e^{-s / onset}) e^{-fade s}, a slope that rises from 0 at expiry over the onset (years; 0: none) and
 * fades at the fade rate (a year; 0: never).
 */
export function futuresPremiumTenor(t: number, onset: number, fade: number): number {
  return onset > 0 ? decayIntegral(fade, t) - decayIntegral(fade + 1 / onset, t) : decayIntegral(fade, t);
}

/** The constants of the daily factor step, computed once per path from the parameters. */
export interface FactorModel {
  p: SimParams;
  sqrtDt: number;
  decayFast: number;
  decaySlow: number;
  lognormalFast: number;
  lognormalSlow: number;
  fearDecay: number;
  /** The mean fear (its stationary mean). */
  fearMean: number;
  /** Mean, sd and correlation with the return shock of the day's fall beyond the fear threshold. */
  down: { mean: number; sd: number; rho: number };
}

export function factorModel(p: SimParams): FactorModel {
  const fearDecay = Math.exp(-p.fearKappa * DT);
  const down = downShockMoments(p.fearThreshold);
  return {
    p,
    sqrtDt: Math.sqrt(DT),
    decayFast: Math.exp(-p.kappaFast * DT),
    decaySlow: Math.exp(-p.kappaSlow * DT),
    lognormalFast: -0.5 * p.xiFast * p.xiFast * DT,
    lognormalSlow: -0.5 * p.xiSlow * p.xiSlow * DT,
    fearDecay,
    fearMean: (p.fearResponse * down.mean) / (1 - fearDecay),
    down,
  };
}

/** The variance (fast factor), its slow level and the fear. */
export interface FactorState {
  v: number;
  level: number;
  fear: number;
}

/**
 * One trading day of the factors, given the return shock z1, the variance shocks (correlated with z1), the
 * day's variance jumps and the jump intensity. Each variance factor reverts exactly over the day, then takes
 * a lognormal (mean-preserving) shock; the fast one also takes the co-jumps, compensated so that its
 * expectation is the closed form's (averageVariance). Fear takes the day's fall beyond its threshold and fades.
 */
export function stepFactors(
  m: FactorModel,
  st: FactorState,
  z1: number,
  zFast: number,
  zSlow: number,
  jumpVar: number,
  lambda: number,
): void {
  const p = m.p;
  const vMean = st.level + (st.v - st.level) * m.decayFast - p.varianceJumpMean * lambda * DT;
  st.v = Math.max(vMean, 1e-5) * Math.exp(p.xiFast * m.sqrtDt * zFast + m.lognormalFast) + jumpVar;
  st.level = Math.min(
    (p.theta + (st.level - p.theta) * m.decaySlow) * Math.exp(p.xiSlow * m.sqrtDt * zSlow + m.lognormalSlow),
    p.levelMax,
  );
  st.fear = st.fear * m.fearDecay + p.fearResponse * Math.max(0, -z1 - p.fearThreshold);
}

/** The fear expected when `decay` of today's deviation from its mean is left (e^{-kappa t} of the measure's fade). */
export function expectedFear(m: FactorModel, fear0: number, decay: number): number {
  return m.fearMean + (fear0 - m.fearMean) * decay;
}

export function simulateMarket(opts: SimulateOptions): Panel {
  const p = opts.params ?? defaultSimParams;
  const startDay = isoToDay(opts.startDate ?? '2006-01-03');
  const endDay = startDay + Math.round(opts.years * 365.25) - 1;
  const days = tradingDaysInRange(startDay, endDay);
  const n = days.length;
  const rng = new Rng(opts.seed);
  // The short-lived VIX component draws its own shocks from a second stream: adding it leaves every other
  // series as it was on the same seed.
  const transientRng = new Rng((opts.seed ^ TRANSIENT_STREAM) >>> 0);
  const series = emptySeries(n);

  const futStart = new Int32Array(n + 1);
  // At most MAX_CONTRACTS a day: fill typed arrays of that size and trim once at the end.
  const futExpiry = new Int32Array(n * MAX_CONTRACTS);
  const futSettle = new Float64Array(n * MAX_CONTRACTS);
  let futCount = 0;
  const allExpiries = vixExpirationsBetween(days[0], days[n - 1] + 400);

  const model = factorModel(p);
  const st: FactorState = { v: p.theta, level: p.theta, fear: 0 };
  let excess = 0;
  let logS = Math.log(p.spxStart);
  let rate = p.rateStart;
  let skewNoise = 0;
  let breadthDrift = 0;
  let prevVix = NaN;
  const sqrtDt = model.sqrtDt;
  const rhoFastOrth = Math.sqrt(1 - p.rhoFast * p.rhoFast);
  const rhoSlowOrth = Math.sqrt(1 - p.rhoSlow * p.rhoSlow);
  const jumpComp = Math.exp(p.jumpMean + 0.5 * p.jumpSd * p.jumpSd) - 1;
  // Realised variance a year per unit of diffusion variance, and its constant part (the jumps, with the
  // extra intensity the pricing measure expects).
  const jumpSecondMoment = p.jumpMean * p.jumpMean + p.jumpSd * p.jumpSd;
  const rvPerVariance = 1 + jumpSecondMoment * p.jumpIntensityPerVariance;
  const rvConstantQ = jumpSecondMoment * (p.jumpIntensityBase + p.jumpIntensityQ);
  // The shock's first move is (1 + s) of its lasting size and the excess decays at phi: the daily variance
  // of that pattern is m times the lasting one, so the lasting shock is scaled by 1/sqrt(m).
  const s = p.overreaction;
  const phi = p.overreactionPersistence;
  const shockScale = 1 / Math.sqrt((1 + s) * (1 + s) + (s * s * (1 - phi)) / (1 + phi));
  // Within-day leverage: z + a (z^2 - 1), scaled back to unit variance, is skewed with mean 0.
  const skew = p.dailySkew;
  const skewScale = 1 / Math.sqrt(1 + 2 * skew * skew);
  // The premium is scaled by (1 + fear) / (1 + mean fear): on average it is the variance risk premium.
  const premiumPerFear = p.varianceRiskPremium / (1 + model.fearMean);
  const expectedPremium = (fear0: number, h: PricingHorizon): number =>
    premiumPerFear * h.termPremium * (1 + expectedFear(model, fear0, h.fearDecay));
  /** The implied variance of a horizon: premium x expected realised variance under the pricing measure. */
  const impliedVariance = (v0: number, level0: number, fear0: number, h: PricingHorizon): number =>
    expectedPremium(fear0, h) * (rvPerVariance * averageVariance(v0, level0, p.thetaQ, h) + rvConstantQ);
  const t30 = 30 / 365;
  // The short-lived component of the index quotes: its stationary variance, and how much of it a quote
  // whose horizon starts t years ahead carries (t in trading days: the component fades by trading day).
  const transientPhi = p.vixTransientPersistence;
  const transientVar = p.vixTransientSd ** 2 / (1 - transientPhi * transientPhi);
  const transientRhoOrth = Math.sqrt(1 - p.vixTransientRho * p.vixTransientRho);
  const pricingHorizon = (t: number, tau: number): PricingHorizon => {
    const transientWeight = transientPhi ** (t * 252);
    return {
      ...horizon(p.kappaFastQ, p.kappaSlowQ, t, tau),
      fearDecay: Math.exp(-p.fearKappaQ * t),
      termPremium: (tau / t30) ** p.premiumTermPower,
      transientWeight,
      transientShift: 0.5 * transientWeight * transientWeight * transientVar,
      futuresPremium: 1,
    };
  };
  const vixHorizons = [9, 30, 93, 183].map((d) => pricingHorizon(0, d / 365));
  const forward30 = pricingHorizon(t30, t30);
  /**
   * A future's horizon: the futures weigh the fast factor's gap to the slow level e^{-futuresGapDecay t} as much
   * as the pricing measure does and the level as before (of (v - thetaQ) k + (L - thetaQ) c, the gap v - L
   * carries k and the level L - thetaQ carries k + c).
   */
  const futureHorizonAt = (t: number): PricingHorizon => {
    const h = pricingHorizon(t, t30);
    const damp =
      p.futuresGapFastShare * Math.exp(-p.futuresGapFastDecay * t) +
      (1 - p.futuresGapFastShare) * Math.exp(-p.futuresGapDecay * t);
    return {
      ...h,
      k: h.k * damp,
      c: h.c + h.k * (1 - damp),
      futuresPremium: Math.exp(
        p.futuresTermPremium * futuresPremiumTenor(t, p.futuresTermPremiumOnset, p.futuresTermPremiumFade),
      ),
    };
  };
  /** Futures horizons by whole calendar days to expiry, filled on first use. */
  const futureHorizons: PricingHorizon[] = [];
  const futureHorizon = (d: number): PricingHorizon => (futureHorizons[d] ??= futureHorizonAt(d / 365));
  /** The short-lived component's factor on a quote of horizon h. */
  const transientFactor = (h: PricingHorizon): number =>
    Math.exp(h.transientWeight * transient - h.transientShift);
  let transient = 0;
  // How the 30-day future's expected realised variance moves with each variance factor.
  const sensFast = rvPerVariance * forward30.k;
  const sensSlow = rvPerVariance * forward30.c;
  const fearVol30 = p.fearResponse * model.down.sd * Math.sqrt(252) * forward30.fearDecay;
  let expiryCursor = 0;

  for (let i = 0; i < n; i++) {
    const gapDays = i === 0 ? 1 : days[i] - days[i - 1];
    // One day of return (diffusion with overreaction, co-jumps) and of both variance factors. The first
    // day only sets the state.
    const v = st.v;
    const lambda = p.jumpIntensityBase + p.jumpIntensityPerVariance * v;
    const z1 = rng.normal();
    const zFast = p.rhoFast * z1 + rhoFastOrth * rng.normal();
    const zSlow = p.rhoSlow * z1 + rhoSlowOrth * rng.normal();
    const jumps = i === 0 ? 0 : rng.poisson(lambda * DT);
    let jumpReturn = 0;
    let jumpVar = 0;
    for (let k = 0; k < jumps; k++) {
      jumpReturn += p.jumpMean + p.jumpSd * rng.normal();
      jumpVar += -p.varianceJumpMean * Math.log(rng.uniform());
    }
    let diffusive = 0;
    let ret = 0;
    if (i > 0) {
      const shock = shockScale * Math.sqrt(v * DT) * (z1 + skew * (z1 * z1 - 1)) * skewScale;
      diffusive = (1 + s) * shock - (1 - phi) * excess;
      excess = phi * excess + s * shock;
      // The log drift removes half the lasting variance, so the index earns the drift in expectation.
      ret =
        (p.drift - p.dividendYield - lambda * jumpComp - 0.5 * shockScale * shockScale * v) * DT +
        diffusive +
        jumpReturn;
      stepFactors(model, st, z1, zFast, zSlow, jumpVar, lambda);
      if (p.vixTransientSd > 0)
        transient =
          transientPhi * transient +
          p.vixTransientSd * (p.vixTransientRho * z1 + transientRhoOrth * transientRng.normal());
    }
    const prevClose = Math.exp(logS);
    logS += ret;
    const close = Math.exp(logS);
    // Open: the overnight share (a third of the diffusion variance, and the jumps) of the day's move.
    const overnight = jumpReturn + diffusive / Math.sqrt(3);
    const open = prevClose * Math.exp(overnight);
    const intradaySd = Math.sqrt((v * DT * 2) / 3);
    series.spxOpen[i] = open;
    series.spxClose[i] = close;
    series.spxHigh[i] = Math.max(open, close) * Math.exp(Math.abs(rng.normal()) * intradaySd * 0.5);
    series.spxLow[i] = Math.min(open, close) * Math.exp(-Math.abs(rng.normal()) * intradaySd * 0.5);

    // The VIX family: the model's expected realised variance over each horizon under the pricing measure,
    // times the variance risk premium. The close sees the factors after the day's shock: this is what
    // ties VIX moves to returns.
    const { v: vClose, level, fear } = st;
    const indexQuote = (h: PricingHorizon): number =>
      100 * Math.sqrt(impliedVariance(vClose, level, fear, h)) * transientFactor(h);
    const vix = indexQuote(vixHorizons[1]);
    series.vixClose[i] = vix;
    series.vix9dClose[i] = indexQuote(vixHorizons[0]);
    series.vix3mClose[i] = indexQuote(vixHorizons[2]);
    series.vix6mClose[i] = indexQuote(vixHorizons[3]);
    const vixOpen = Number.isFinite(prevVix) ? prevVix + (vix - prevVix) * 0.4 : vix;
    series.vixOpen[i] = vixOpen;
    series.vixHigh[i] = Math.max(vixOpen, vix) * (1 + Math.abs(rng.normal()) * 0.02);
    series.vixLow[i] = Math.min(vixOpen, vix) * (1 - Math.abs(rng.normal()) * 0.02);
    prevVix = vix;

    // VVIX: the model's vol of the 30-day VIX future (Ito on the log of its forward implied variance: both
    // factors' lognormal shocks and the fear's, correlated through the return shock, and the variance
    // jumps). The future is the square root of that variance: half its vol.
    const fwd30 = rvPerVariance * averageVariance(vClose, level, p.thetaQ, forward30) + rvConstantQ;
    const fearPart = fearVol30 / (1 + expectedFear(model, fear, forward30.fearDecay));
    const fast = (sensFast * p.xiFast * vClose) / fwd30;
    const slow = (sensSlow * p.xiSlow * level) / fwd30;
    const jumpPart = (sensFast * p.varianceJumpMean * Math.sqrt(2 * lambda)) / fwd30;
    const logVarianceOfFwd =
      fast * fast +
      slow * slow +
      fearPart * fearPart +
      jumpPart * jumpPart +
      2 * p.rhoFast * p.rhoSlow * fast * slow +
      2 * model.down.rho * fearPart * (p.rhoFast * fast + p.rhoSlow * slow);
    series.vvixClose[i] = p.vvixBase + 50 * p.vvixPremium * Math.sqrt(logVarianceOfFwd);

    skewNoise = p.skewPersistence * skewNoise + p.skewNoiseSd * rng.normal();
    series.skewClose[i] = p.skewBase - p.skewPerVix * (vix - 18) + skewNoise;

    // Breadth: each issue's return is the index return plus dispersion plus a slow drift that can make
    // the AD line lag the index.
    breadthDrift =
      p.breadthDriftPersistence * breadthDrift +
      p.breadthDriftSd * Math.sqrt(1 - p.breadthDriftPersistence ** 2) * rng.normal();
    const shareUp = normCdf((ret + breadthDrift * 0.01) / p.breadthDispersion);
    const unchanged = Math.round(p.issues * 0.025);
    const advances = Math.round((p.issues - unchanged) * shareUp);
    series.advances[i] = advances;
    series.declines[i] = p.issues - unchanged - advances;

    if (i > 0)
      rate = Math.max(
        0,
        rate +
          p.rateKappa * (p.rateMean - rate) * DT * gapDays * (252 / 365) +
          p.rateSd * sqrtDt * rng.normal(),
      );
    series.rateAnnual[i] = rate;
    series.dividendYieldAnnual[i] = p.dividendYield;

    // VIX futures: E[VIX at expiry] from the forward implied variance, with the net term premium.
    while (allExpiries[expiryCursor] < days[i]) expiryCursor++;
    futStart[i] = futCount;
    for (let k = expiryCursor; k < allExpiries.length && k < expiryCursor + MAX_CONTRACTS; k++) {
      const h = futureHorizon(allExpiries[k] - days[i]);
      futExpiry[futCount] = allExpiries[k];
      futSettle[futCount] =
        Math.round(
          100 *
            Math.sqrt(impliedVariance(vClose, level, fear, h)) *
            (1 + p.futuresTermSlope * h.sqrtT - p.futuresConvexity * h.t) *
            transientFactor(h) *
            h.futuresPremium *
            1e4,
        ) / 1e4;
      futCount++;
    }
  }
  futStart[n] = futCount;

  return {
    n,
    dates: Array.from(days, (d) => dayToIso(d)),
    days,
    series,
    futures: {
      start: futStart,
      expiry: futExpiry.slice(0, futCount),
      settle: futSettle.slice(0, futCount),
    },
    fomc: syntheticFomcColumns(days),
    repairs: [],
    warnings: [],
    source: 'synthetic',
    description: `synthetic market, seed ${opts.seed}, ${opts.years} years from ${dayToIso(days[0])}, model ${SIM_MODEL_VERSION}`,
    fingerprint: fingerprintOf([
      ['model', SIM_MODEL_VERSION],
      ['params', sha256Hex(JSON.stringify(p))],
      ['seed', String(opts.seed)],
      ['years', String(opts.years)],
      ['start', dayToIso(days[0])],
    ]),
  };
}
