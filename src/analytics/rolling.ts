// Rolling statistics over a trailing window of trading days (12 months = 252 by default): return, annualised
// volatility and Sharpe ratio of the daily returns in the window, NaN until the window is full.
import { isoToDay } from '../core/dates.js';

export interface Rolling {
  /** Return over the window: close t over close t - window, minus 1. */
  ret: Float64Array;
  /** Sample standard deviation of the window's daily returns, times sqrt(periodsPerYear). */
  volatility: Float64Array;
  /** Mean daily excess return over its standard deviation, times sqrt(periodsPerYear); NaN when flat. */
  sharpe: Float64Array;
}

/**
 * Rolling statistics of an equity curve. The risk-free rate (annual, per day) is accrued over each return's
 * calendar days, as the whole-run Sharpe ratio does.
 */
export function rollingStats(
  equity: Float64Array,
  dates: readonly string[],
  rateAnnual: Float64Array,
  window = 252,
  periodsPerYear = 252,
): Rolling {
  const n = equity.length;
  const r = new Float64Array(n);
  const x = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    r[t] = equity[t] / equity[t - 1] - 1;
    const days = isoToDay(dates[t]) - isoToDay(dates[t - 1]);
    x[t] = r[t] - (Number.isFinite(rateAnnual[t - 1]) ? rateAnnual[t - 1] : 0) * (days / 365);
  }
  const ret = new Float64Array(n).fill(NaN);
  const volatility = new Float64Array(n).fill(NaN);
  const sharpe = new Float64Array(n).fill(NaN);
  const annual = Math.sqrt(periodsPerYear);
  for (let t = window; t < n; t++) {
    ret[t] = equity[t] / equity[t - window] - 1;
    let sr = 0;
    let sx = 0;
    for (let k = t - window + 1; k <= t; k++) {
      sr += r[k];
      sx += x[k];
    }
    const mr = sr / window;
    const mx = sx / window;
    let vr = 0;
    let vx = 0;
    for (let k = t - window + 1; k <= t; k++) {
      vr += (r[k] - mr) ** 2;
      vx += (x[k] - mx) ** 2;
    }
    const sdr = Math.sqrt(vr / (window - 1));
    const sdx = Math.sqrt(vx / (window - 1));
    volatility[t] = sdr * annual;
    sharpe[t] = sdx > 1e-15 ? (mx / sdx) * annual : NaN;
  }
  return { ret, volatility, sharpe };
}
