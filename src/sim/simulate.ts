// The synthetic market: a daily regime-switching Heston model with co-jumps in returns and variance, from
// which every panel series follows consistently. VIX (and VIX9D/3M/6M) is the model's own expected variance
// over its horizon times the variance risk premium; VIX futures are the model's forward values; VVIX is the
// model's vol of VIX; SKEW, breadth, rates and FOMC dates come from documented side models.
import {
  dayToIso,
  isoToDay,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  WEDNESDAY,
  type DayNumber,
} from '../core/dates.js';
import { fingerprintOf, sha256Hex } from '../core/hash.js';
import { Rng } from '../core/random.js';
import { isNyseTradingDay, nextTradingDay, tradingDaysInRange } from '../market/calendar.js';
import { vixExpirationsBetween } from '../market/expirations.js';
import { fomcCountdown, SERIES_NAMES, type Panel, type PanelSeries } from '../market/panel.js';
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

/** Eight FOMC decisions a year on the usual pattern (late Jan, mid Mar, early May, mid Jun, late Jul, mid Sep, early Nov, mid Dec). */
export function syntheticFomcDates(fromYear: number, toYear: number): DayNumber[] {
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

/**
 * Expected average variance over (t, t + tau) from today's variance v, when variance reverts at speed kappa
 * to a level that itself moves from theta0 towards thetaInf at speed gamma (the regime mix):
 * u(s) = E[v_s] - thetaInf solves du/ds = kappa ((theta0 - thetaInf) e^{-gamma s} - u).
 */
export function expectedAverageVariance(
  v: number,
  theta0: number,
  thetaInf: number,
  kappa: number,
  gamma: number,
  t: number,
  tau: number,
): number {
  const k = averageDecay(kappa, t, tau);
  const g = Math.abs(kappa - gamma) < 1e-9 ? k : averageDecay(gamma, t, tau);
  return averageVarianceFrom(v, theta0, thetaInf, kappa, gamma, t, k, g);
}

/** The average of e^{-rate s} over (t, t + tau). */
function averageDecay(rate: number, t: number, tau: number): number {
  return (Math.exp(-rate * t) * (1 - Math.exp(-rate * tau))) / (rate * tau);
}

/** expectedAverageVariance given its two decay averages k (at kappa) and g (at gamma). */
function averageVarianceFrom(
  v: number,
  theta0: number,
  thetaInf: number,
  kappa: number,
  gamma: number,
  t: number,
  k: number,
  g: number,
): number {
  const cross =
    Math.abs(kappa - gamma) < 1e-9
      ? kappa * (theta0 - thetaInf) * t * k
      : (kappa * (theta0 - thetaInf) * (g - k)) / (kappa - gamma);
  return thetaInf + (v - thetaInf) * k + cross;
}

/**
 * What the expected variance over (t, t + tau) needs that depends on neither today's variance nor the
 * regime: the decay averages and the jump-intensity decay. The simulation asks for the same few horizons
 * every day (the VIX family at t = 0, futures at whole days ahead), so each is computed once per path.
 */
interface Horizon {
  t: number;
  tau: number;
  /** sqrt(t), for the futures' convexity haircut. */
  sqrtT: number;
  k: number;
  g: number;
  /** e^{-gamma t} (1 - e^{-gamma tau}). */
  jumpDecay: number;
}

function horizon(kappa: number, gamma: number, t: number, tau: number): Horizon {
  const k = averageDecay(kappa, t, tau);
  return {
    t,
    tau,
    sqrtT: Math.sqrt(t),
    k,
    g: Math.abs(kappa - gamma) < 1e-9 ? k : averageDecay(gamma, t, tau),
    jumpDecay: Math.exp(-gamma * t) * (1 - Math.exp(-gamma * tau)),
  };
}

export function simulateMarket(opts: SimulateOptions): Panel {
  const p = opts.params ?? defaultSimParams;
  const startDay = isoToDay(opts.startDate ?? '2006-01-03');
  const endDay = startDay + Math.round(opts.years * 365.25) - 1;
  const days = tradingDaysInRange(startDay, endDay);
  const n = days.length;
  const rng = new Rng(opts.seed);
  const series = Object.fromEntries(
    SERIES_NAMES.map((name) => [name, new Float64Array(n).fill(NaN)]),
  ) as unknown as PanelSeries;

  const startYear = Number(dayToIso(days[0]).slice(0, 4));
  const fomcDays = syntheticFomcDates(startYear, startYear + Math.ceil(opts.years) + 1);
  const futStart = new Int32Array(n + 1);
  // At most MAX_CONTRACTS a day: fill typed arrays of that size and trim once at the end.
  const futExpiry = new Int32Array(n * MAX_CONTRACTS);
  const futSettle = new Float64Array(n * MAX_CONTRACTS);
  let futCount = 0;
  const allExpiries = vixExpirationsBetween(days[0], days[n - 1] + 400);

  let stressed = false;
  let v = p.thetaCalm;
  let logS = Math.log(p.spxStart);
  let rate = p.rateStart;
  let skewNoise = 0;
  let breadthDrift = 0;
  let prevVix = NaN;
  const sqrtDt = Math.sqrt(DT);
  const jumpComp = Math.exp(p.jumpMean + 0.5 * p.jumpSd * p.jumpSd) - 1;
  const jumpVariance = (lambda: number): number => lambda * (p.jumpMean * p.jumpMean + p.jumpSd * p.jumpSd);
  // The pricing measure expects regime switches: the level drifts to a stress-weighted mix at this speed.
  const gamma = 252 * (p.pCalmToStressed + p.pStressedToCalm);
  const thetaInf = p.stressWeightQ * p.thetaStressed + (1 - p.stressWeightQ) * p.thetaCalm;
  const lambdaInf = p.stressWeightQ * p.jumpIntensityStressed + (1 - p.stressWeightQ) * p.jumpIntensityCalm;
  const expectedVar = (v0: number, theta0: number, lambda0: number, h: Horizon): number => {
    const jumpPart =
      jumpVariance(lambdaInf) +
      ((jumpVariance(lambda0) - jumpVariance(lambdaInf)) * h.jumpDecay) / (gamma * h.tau);
    return (
      p.varianceRiskPremium *
      (averageVarianceFrom(v0, theta0, thetaInf, p.kappa, gamma, h.t, h.k, h.g) + jumpPart)
    );
  };
  const t30 = 30 / 365;
  const vixHorizons = [9, 30, 93, 183].map((days) => horizon(p.kappa, gamma, 0, days / 365));
  const forward30 = horizon(p.kappa, gamma, t30, t30);
  /** Futures horizons by whole calendar days to expiry, filled on first use. */
  const futureHorizons: Horizon[] = [];
  const futureHorizon = (days: number): Horizon =>
    (futureHorizons[days] ??= horizon(p.kappa, gamma, days / 365, 30 / 365));
  // The sensitivity of the 30-day future's variance to today's variance is a constant of the parameters.
  const sens =
    (p.varianceRiskPremium * (Math.exp(-p.kappa * t30) * (1 - Math.exp(-p.kappa * t30)))) / (p.kappa * t30);
  let expiryCursor = 0;

  for (let i = 0; i < n; i++) {
    const gapDays = i === 0 ? 1 : days[i] - days[i - 1];
    // Regime switch, then one day of variance and return (co-jumps), Euler full truncation for variance.
    if (stressed ? rng.uniform() < p.pStressedToCalm : rng.uniform() < p.pCalmToStressed)
      stressed = !stressed;
    const theta = stressed ? p.thetaStressed : p.thetaCalm;
    const lambda = stressed ? p.jumpIntensityStressed : p.jumpIntensityCalm;
    const z1 = rng.normal();
    const z2 = p.rho * z1 + Math.sqrt(1 - p.rho * p.rho) * rng.normal();
    const vPos = v > 0 ? v : 0;
    const jumps = i === 0 ? 0 : rng.poisson(lambda * DT);
    let jumpReturn = 0;
    let jumpVar = 0;
    for (let k = 0; k < jumps; k++) {
      jumpReturn += p.jumpMean + p.jumpSd * rng.normal();
      jumpVar += -p.varianceJumpMean * Math.log(rng.uniform());
    }
    const ret =
      i === 0
        ? 0
        : (p.drift - p.dividendYield - lambda * jumpComp - 0.5 * vPos) * DT +
          Math.sqrt(vPos) * sqrtDt * z1 +
          jumpReturn;
    if (i > 0) v = v + p.kappa * (theta - vPos) * DT + p.xi * Math.sqrt(vPos) * sqrtDt * z2 + jumpVar;
    if (v < 1e-5) v = 1e-5;
    const prevClose = Math.exp(logS);
    logS += ret;
    const close = Math.exp(logS);
    // Open: the overnight share (a third of the diffusion variance, and the jumps) of the day's move.
    const overnight = i === 0 ? 0 : jumpReturn + Math.sqrt((vPos * DT) / 3) * z1;
    const open = prevClose * Math.exp(overnight);
    const intradaySd = Math.sqrt((vPos * DT * 2) / 3);
    series.spxOpen[i] = open;
    series.spxClose[i] = close;
    series.spxHigh[i] = Math.max(open, close) * Math.exp(Math.abs(rng.normal()) * intradaySd * 0.5);
    series.spxLow[i] = Math.min(open, close) * Math.exp(-Math.abs(rng.normal()) * intradaySd * 0.5);

    // The VIX family: the model's expected variance over each horizon, times the variance risk premium,
    // plus the jump variance expected over the horizon.
    // The day's close sees the variance after the day's shock: this is what ties VIX moves to returns.
    const vClose = v;
    const vix = 100 * Math.sqrt(expectedVar(vClose, theta, lambda, vixHorizons[1]));
    series.vixClose[i] = vix;
    series.vix9dClose[i] = 100 * Math.sqrt(expectedVar(vClose, theta, lambda, vixHorizons[0]));
    series.vix3mClose[i] = 100 * Math.sqrt(expectedVar(vClose, theta, lambda, vixHorizons[2]));
    series.vix6mClose[i] = 100 * Math.sqrt(expectedVar(vClose, theta, lambda, vixHorizons[3]));
    const vixOpen = Number.isFinite(prevVix) ? prevVix + (vix - prevVix) * 0.4 : vix;
    series.vixOpen[i] = vixOpen;
    series.vixHigh[i] = Math.max(vixOpen, vix) * (1 + Math.abs(rng.normal()) * 0.02);
    series.vixLow[i] = Math.min(vixOpen, vix) * (1 - Math.abs(rng.normal()) * 0.02);
    prevVix = vix;

    // VVIX: the model's vol of the 30-day VIX future (Ito on its forward variance, whose sensitivity to
    // today's variance is premium x e^{-kappa T} w), diffusion and variance jumps together.
    const fwd30 = expectedVar(vClose, theta, lambda, forward30);
    const diffusion = sens * p.xi * Math.sqrt(vClose);
    const jumpPart = sens * p.varianceJumpMean * Math.sqrt(2 * lambda);
    series.vvixClose[i] =
      p.vvixBase +
      (stressed ? p.vvixStressed : 0) +
      100 * p.vvixPremium * (Math.sqrt(diffusion * diffusion + jumpPart * jumpPart) / (2 * fwd30));

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

    // VIX futures: E[VIX at expiry] from the forward variance, less a convexity haircut growing with tenor.
    while (allExpiries[expiryCursor] < days[i]) expiryCursor++;
    futStart[i] = futCount;
    for (let k = expiryCursor; k < allExpiries.length && k < expiryCursor + MAX_CONTRACTS; k++) {
      const h = futureHorizon(allExpiries[k] - days[i]);
      const fwd = expectedVar(vClose, theta, lambda, h);
      futExpiry[futCount] = allExpiries[k];
      futSettle[futCount] = Math.round(100 * Math.sqrt(fwd) * (1 + p.futuresTermSlope * h.sqrtT) * 1e4) / 1e4;
      futCount++;
    }
  }
  futStart[n] = futCount;

  const isDecisionDay = new Uint8Array(n);
  const fomcSet = new Set(fomcDays);
  for (let i = 0; i < n; i++) if (fomcSet.has(days[i])) isDecisionDay[i] = 1;
  const tradingDaysToNext = fomcCountdown(isDecisionDay);

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
    fomc: { isDecisionDay, tradingDaysToNext },
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
