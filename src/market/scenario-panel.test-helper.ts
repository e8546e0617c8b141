// Small hand-made markets for tests (test-only): SPX and VIX paths chosen by the caller, laid on real NYSE
// trading days with real VIX expirations, so every scenario's settlement can be checked by hand.
import { fingerprintOf } from '../core/hash.js';
import { dayToIso, isoToDay, type DayNumber } from '../core/dates.js';
import { tradingDaysInRange } from './calendar.js';
import { vixExpirationsBetween } from './expirations.js';
import type { Panel, PanelSeries } from './panel.js';
import { fomcCountdown, SERIES_NAMES } from './panel.js';

export interface ScenarioSpec {
  from: string;
  to: string;
  /** SPX open and close on the k-th trading day. */
  spx: (k: number, iso: string) => { open: number; close: number };
  /** VIX close on the k-th trading day (the open is the previous close unless `vixOpen` says otherwise). */
  vix: (k: number, iso: string) => number;
  vixOpen?: (k: number, iso: string) => number;
  /** VIX future settlement for a contract `dte` calendar days out (default: VIX + 1.5 x sqrt(dte/30), contango). */
  future?: (k: number, vix: number, dte: number) => number;
  vvix?: number;
  rateAnnual?: number;
  /** Trading-day indices of FOMC decisions. */
  fomcDays?: number[];
  /** The SOQ proxy per day (`Panel.spxSoqProxy`; default: none, the field absent); NaN for a day without. */
  soqProxy?: (k: number, iso: string) => number;
  /** 1 = advances, per day (default: none, NaN). */
  breadth?: (k: number) => { advances: number; declines: number };
}

export function scenarioPanel(spec: ScenarioSpec): Panel {
  const days = tradingDaysInRange(isoToDay(spec.from), isoToDay(spec.to));
  const n = days.length;
  const series = Object.fromEntries(
    SERIES_NAMES.map((name) => [name, new Float64Array(n).fill(NaN)]),
  ) as unknown as PanelSeries;
  const start: number[] = [0];
  const expiry: number[] = [];
  const settle: number[] = [];
  const dates = Array.from(days, (d) => dayToIso(d));
  for (let k = 0; k < n; k++) {
    const iso = dates[k];
    const { open, close } = spec.spx(k, iso);
    series.spxOpen[k] = open;
    series.spxClose[k] = close;
    series.spxHigh[k] = Math.max(open, close);
    series.spxLow[k] = Math.min(open, close);
    const vix = spec.vix(k, iso);
    const vixOpen = spec.vixOpen ? spec.vixOpen(k, iso) : k > 0 ? series.vixClose[k - 1] : vix;
    series.vixOpen[k] = vixOpen;
    series.vixClose[k] = vix;
    series.vixHigh[k] = Math.max(vix, vixOpen);
    series.vixLow[k] = Math.min(vix, vixOpen);
    series.vvixClose[k] = spec.vvix ?? 90;
    series.skewClose[k] = 125;
    series.rateAnnual[k] = spec.rateAnnual ?? 0.03;
    series.dividendYieldAnnual[k] = 0.015;
    if (spec.breadth) {
      const b = spec.breadth(k);
      series.advances[k] = b.advances;
      series.declines[k] = b.declines;
    }
    const exps: DayNumber[] = vixExpirationsBetween(days[k], days[k] + 240);
    for (const e of exps) {
      const dte = e - days[k];
      expiry.push(e);
      settle.push(spec.future ? spec.future(k, vix, dte) : vix + 1.5 * Math.sqrt(dte / 30));
    }
    start.push(expiry.length);
  }
  const isDecisionDay = new Uint8Array(n);
  for (const k of spec.fomcDays ?? []) isDecisionDay[k] = 1;
  const tradingDaysToNext = fomcCountdown(isDecisionDay);
  return {
    n,
    dates,
    days,
    series,
    futures: {
      start: Int32Array.from(start),
      expiry: Int32Array.from(expiry),
      settle: Float64Array.from(settle),
    },
    fomc: { isDecisionDay, tradingDaysToNext },
    repairs: [],
    warnings: [],
    source: 'synthetic',
    description: `scenario ${spec.from}..${spec.to}`,
    fingerprint: fingerprintOf([['scenario', `${spec.from}..${spec.to}`]]),
    ...(spec.soqProxy ? { spxSoqProxy: Float64Array.from(dates, (iso, k) => spec.soqProxy!(k, iso)) } : {}),
  };
}
