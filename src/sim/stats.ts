// The statistics on which the synthetic market is judged against real history, computed the same way on
// any panel: returns and their tails, VIX levels and spikes, volatility clustering, the leverage effect,
// the term structure, what a condor lives on (implied against realised moves), and the depth and frequency
// of SPX drawdowns.
import type { Panel } from '../market/panel.js';
import { quantile } from '../analytics/quantile.js';

export interface MarketStats {
  years: number;
  spxReturnAnnual: number;
  spxVolAnnual: number;
  dailyReturnQuantiles: { q01: number; q05: number; q50: number; q95: number; q99: number };
  excessKurtosis: number;
  worstDailyReturn: number;
  vixQuantiles: { q05: number; q25: number; q50: number; q75: number; q95: number };
  vixMax: number;
  shareVixAbove30: number;
  shareVixAbove40: number;
  /** Autocorrelation of squared daily returns at lags 1, 5 and 20. */
  squaredReturnAutocorr: { lag1: number; lag5: number; lag20: number };
  /** Autocorrelation of absolute daily returns at lag 5 (clustering, less ruled by the few largest days). */
  absReturnAutocorrLag5: number;
  /** Autocorrelation of daily returns at lag 1 (negative: part of each move reverses). */
  returnAutocorrLag1: number;
  /** Squared 21-day moves over the sum of their squared daily returns (below 1 when moves partly reverse). */
  varianceRatio21: number;
  /** Standard deviation of daily VIX log changes (what VIX options and futures are paid for). */
  vixLogChangeSd: number;
  /** Skewness of daily VIX log changes (VIX spikes up and drifts down). */
  vixLogChangeSkew: number;
  /** Correlation of daily SPX log returns with daily VIX changes. */
  leverageCorrelation: number;
  /** Share of days on which the second VIX future settles above the first (contango). */
  shareContango: number;
  /** Median of M2 / M1 (how steep the futures curve is, not only which way it slopes). */
  medianM2OverM1: number;
  /** Daily change of the second future per point of VIX change (how far spikes reach along the curve). */
  betaM2OnVix: number;
  /** Realised vol a year of the second and third futures' daily log changes (what VIX call hedges are paid for). */
  m2VolAnnual: number;
  m3VolAnnual: number;
  /** Median of VIX3M / VIX (the index term structure). */
  medianVix3mOverVix: number;
  vvixMedian: number;
  /** Mean VIX^2 over the mean variance realised in the next 21 trading days (the variance risk premium). */
  impliedOverRealizedVariance: number;
  /** Share of days on which SPX ends the next 21 trading days inside +-1 VIX-implied sd (what a condor lives on). */
  shareInsideImpliedMove: number;
  maxDrawdown: number;
  /** Drawdown episodes (peak to recovery) that reached 10%, 20%, 30%, per decade. */
  drawdownsPerDecade: { d10: number; d20: number; d30: number };
}

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return Float64Array.from(out).sort();
}

function autocorr(x: Float64Array, lag: number): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (x[i] - mean) ** 2;
    if (i >= lag) num += (x[i] - mean) * (x[i - lag] - mean);
  }
  return num / den;
}

function sdAndSkew(x: number[]): { sd: number; skew: number } {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of x) {
    m2 += (v - mean) ** 2;
    m3 += (v - mean) ** 3;
  }
  m2 /= n;
  m3 /= n;
  return { sd: Math.sqrt(m2), skew: m3 / m2 ** 1.5 };
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Peak-to-recovery episodes and their depths. */
function drawdownEpisodes(close: Float64Array): number[] {
  const depths: number[] = [];
  let peak = close[0];
  let depth = 0;
  for (let i = 1; i < close.length; i++) {
    if (close[i] >= peak) {
      if (depth > 0) depths.push(depth);
      peak = close[i];
      depth = 0;
    } else depth = Math.max(depth, 1 - close[i] / peak);
  }
  if (depth > 0) depths.push(depth);
  return depths;
}

/**
 * Calls `visit` for each day i >= from on which the n-th future not expiring that day (0 = M1) is the same
 * contract as the day before, with its settlement then and now: moves on one contract, never across a roll.
 */
export function sameContractSteps(
  panel: Panel,
  nth: number,
  from: number,
  visit: (i: number, settle: number, prevSettle: number) => void,
): void {
  const f = panel.futures;
  let prevExpiry = -1;
  let prevSettle = NaN;
  for (let i = from; i < panel.n; i++) {
    let k = f.start[i];
    while (k < f.start[i + 1] && f.expiry[k] <= panel.days[i]) k++;
    k += nth;
    if (k >= f.start[i + 1]) {
      prevExpiry = -1;
      continue;
    }
    if (f.expiry[k] === prevExpiry) visit(i, f.settle[k], prevSettle);
    prevExpiry = f.expiry[k];
    prevSettle = f.settle[k];
  }
}

/** How the n-th future moves day to day on one contract: the realised vol a year of its log changes, and its change per point of VIX change. */
function futureMoves(panel: Panel, nth: number): { volAnnual: number; betaOnVix: number } {
  const vix = panel.series.vixClose;
  let sumLog2 = 0;
  let changes = 0;
  let cov = 0;
  let varVix = 0;
  sameContractSteps(panel, nth, 0, (i, settle, prevSettle) => {
    sumLog2 += Math.log(settle / prevSettle) ** 2;
    changes++;
    const dVix = vix[i] - vix[i - 1];
    if (Number.isFinite(dVix)) {
      cov += (settle - prevSettle) * dVix;
      varVix += dVix * dVix;
    }
  });
  return {
    volAnnual: changes > 0 ? Math.sqrt((sumLog2 / changes) * 252) : NaN,
    betaOnVix: varVix > 0 ? cov / varVix : NaN,
  };
}

/** Statistics of a panel over the days on which SPX and VIX both have values. */
export function marketStats(panel: Panel): MarketStats {
  const s = panel.series;
  const rets: number[] = [];
  const dvix: number[] = [];
  const dlogVix: number[] = [];
  for (let i = 1; i < panel.n; i++) {
    const r = Math.log(s.spxClose[i] / s.spxClose[i - 1]);
    const v = s.vixClose[i] - s.vixClose[i - 1];
    if (Number.isFinite(r) && Number.isFinite(v)) {
      rets.push(r);
      dvix.push(v);
      dlogVix.push(Math.log(s.vixClose[i] / s.vixClose[i - 1]));
    }
  }
  const n = rets.length;
  const mean = rets.reduce((a, b) => a + b, 0) / n;
  const variance = rets.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const vixChanges = sdAndSkew(dlogVix);
  const fourth = rets.reduce((a, b) => a + (b - mean) ** 4, 0) / n;
  const sortedRets = Float64Array.from(rets).sort();
  const vix = finiteSorted(s.vixClose);
  const squared = Float64Array.from(rets, (r) => (r - mean) ** 2);
  const absolute = Float64Array.from(rets, (r) => Math.abs(r - mean));
  const vix3mOverVix = new Float64Array(panel.n);
  for (let i = 0; i < panel.n; i++) vix3mOverVix[i] = s.vix3mClose[i] / s.vixClose[i];
  let contango = 0;
  let curveDays = 0;
  const m2OverM1 = new Float64Array(panel.n).fill(NaN);
  const f = panel.futures;
  for (let i = 0; i < panel.n; i++) {
    let k = f.start[i];
    while (k < f.start[i + 1] && f.expiry[k] <= panel.days[i]) k++;
    if (k + 1 < f.start[i + 1]) {
      curveDays++;
      if (f.settle[k + 1] > f.settle[k]) contango++;
      m2OverM1[i] = f.settle[k + 1] / f.settle[k];
    }
  }
  const m2 = futureMoves(panel, 1);
  const years = (panel.days[panel.n - 1] - panel.days[0]) / 365.25;
  const episodes = drawdownEpisodes(s.spxClose);
  const perDecade = (x: number): number => (episodes.filter((d) => d >= x).length / years) * 10;
  let countAbove30 = 0;
  let countAbove40 = 0;
  for (const v of vix) {
    if (v > 30) countAbove30++;
    if (v > 40) countAbove40++;
  }
  let sumImplied = 0;
  let sumRealized = 0;
  let sumSquaredMoves = 0;
  let inside = 0;
  let windows = 0;
  for (let i = 0; i + 21 < panel.n; i++) {
    const v = s.vixClose[i];
    if (!Number.isFinite(v)) continue;
    let ss = 0;
    let ok = true;
    for (let k = 1; k <= 21; k++) {
      const r = Math.log(s.spxClose[i + k] / s.spxClose[i + k - 1]);
      if (!Number.isFinite(r)) ok = false;
      ss += r * r;
    }
    if (!ok) continue;
    sumImplied += (v / 100) ** 2;
    sumRealized += (ss * 252) / 21;
    const move = Math.log(s.spxClose[i + 21] / s.spxClose[i]);
    sumSquaredMoves += (move * move * 252) / 21;
    if (Math.abs(move) < (v / 100) * Math.sqrt(21 / 252)) inside++;
    windows++;
  }
  return {
    years,
    impliedOverRealizedVariance: sumImplied / sumRealized,
    shareInsideImpliedMove: inside / windows,
    varianceRatio21: sumSquaredMoves / sumRealized,
    spxReturnAnnual: Math.expm1(mean * 252),
    spxVolAnnual: Math.sqrt(variance * 252),
    dailyReturnQuantiles: {
      q01: quantile(sortedRets, 0.01),
      q05: quantile(sortedRets, 0.05),
      q50: quantile(sortedRets, 0.5),
      q95: quantile(sortedRets, 0.95),
      q99: quantile(sortedRets, 0.99),
    },
    excessKurtosis: fourth / (variance * variance) - 3,
    worstDailyReturn: sortedRets[0],
    vixQuantiles: {
      q05: quantile(vix, 0.05),
      q25: quantile(vix, 0.25),
      q50: quantile(vix, 0.5),
      q75: quantile(vix, 0.75),
      q95: quantile(vix, 0.95),
    },
    vixMax: vix[vix.length - 1],
    shareVixAbove30: countAbove30 / vix.length,
    shareVixAbove40: countAbove40 / vix.length,
    squaredReturnAutocorr: {
      lag1: autocorr(squared, 1),
      lag5: autocorr(squared, 5),
      lag20: autocorr(squared, 20),
    },
    absReturnAutocorrLag5: autocorr(absolute, 5),
    returnAutocorrLag1: autocorr(Float64Array.from(rets), 1),
    vixLogChangeSd: vixChanges.sd,
    vixLogChangeSkew: vixChanges.skew,
    leverageCorrelation: correlation(rets, dvix),
    shareContango: curveDays > 0 ? contango / curveDays : NaN,
    medianM2OverM1: quantile(finiteSorted(m2OverM1), 0.5),
    betaM2OnVix: m2.betaOnVix,
    m2VolAnnual: m2.volAnnual,
    m3VolAnnual: futureMoves(panel, 2).volAnnual,
    medianVix3mOverVix: quantile(finiteSorted(vix3mOverVix), 0.5),
    vvixMedian: quantile(finiteSorted(s.vvixClose), 0.5),
    maxDrawdown: episodes.reduce((m, d) => Math.max(m, d), 0),
    drawdownsPerDecade: { d10: perDecade(0.1), d20: perDecade(0.2), d30: perDecade(0.3) },
  };
}

/** The statistics as flat rows (name, value), in a fixed order, for side-by-side tables. */
export function statRows(st: MarketStats): [string, number][] {
  return [
    ['SPX return a year', st.spxReturnAnnual],
    ['SPX volatility a year', st.spxVolAnnual],
    ['daily return 1% quantile', st.dailyReturnQuantiles.q01],
    ['daily return 5% quantile', st.dailyReturnQuantiles.q05],
    ['daily return median', st.dailyReturnQuantiles.q50],
    ['daily return 95% quantile', st.dailyReturnQuantiles.q95],
    ['daily return 99% quantile', st.dailyReturnQuantiles.q99],
    ['worst daily return', st.worstDailyReturn],
    ['excess kurtosis of daily returns', st.excessKurtosis],
    ['VIX 5% quantile', st.vixQuantiles.q05],
    ['VIX 25% quantile', st.vixQuantiles.q25],
    ['VIX median', st.vixQuantiles.q50],
    ['VIX 75% quantile', st.vixQuantiles.q75],
    ['VIX 95% quantile', st.vixQuantiles.q95],
    ['VIX maximum', st.vixMax],
    ['share of days VIX > 30', st.shareVixAbove30],
    ['share of days VIX > 40', st.shareVixAbove40],
    ['autocorr. of squared returns, lag 1', st.squaredReturnAutocorr.lag1],
    ['autocorr. of squared returns, lag 5', st.squaredReturnAutocorr.lag5],
    ['autocorr. of squared returns, lag 20', st.squaredReturnAutocorr.lag20],
    ['autocorr. of absolute returns, lag 5', st.absReturnAutocorrLag5],
    ['sd of daily VIX log changes', st.vixLogChangeSd],
    ['skewness of daily VIX log changes', st.vixLogChangeSkew],
    ['corr. of SPX returns and VIX changes', st.leverageCorrelation],
    ['share of days in contango (M2 > M1)', st.shareContango],
    ['median M2 / M1', st.medianM2OverM1],
    ['M2 daily change per VIX point', st.betaM2OnVix],
    ['M2 realised vol a year', st.m2VolAnnual],
    ['M3 realised vol a year', st.m3VolAnnual],
    ['median VIX3M / VIX', st.medianVix3mOverVix],
    ['VVIX median', st.vvixMedian],
    ['VIX^2 / next-21-day realised variance', st.impliedOverRealizedVariance],
    ['autocorr. of daily returns, lag 1', st.returnAutocorrLag1],
    ['21-day over daily variance (variance ratio)', st.varianceRatio21],
    ['share of 21-day moves inside +-1 VIX sd', st.shareInsideImpliedMove],
    ['max SPX drawdown', st.maxDrawdown],
    ['drawdowns >= 10% per decade', st.drawdownsPerDecade.d10],
    ['drawdowns >= 20% per decade', st.drawdownsPerDecade.d20],
    ['drawdowns >= 30% per decade', st.drawdownsPerDecade.d30],
  ];
}
