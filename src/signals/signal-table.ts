// The spec's signals (section 3) computed once over the whole panel as named daily arrays. Every value at
// day i uses panel data up to day i only, so a strategy reading index i cannot see tomorrow.
import type { Panel } from '../market/panel.js';
import { macd, rollingMax, rollingMin, rsiWilder, sma } from './indicators.js';
import { defaultSignalParams, type SignalParams } from './signal-params.js';

export interface SignalTable {
  readonly n: number;
  readonly names: readonly string[];
  has(name: string): boolean;
  get(name: string): Float64Array;
}

/** What each catalogue name means (for docs, `alvh signal` and error messages). */
export const SIGNAL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  spx: 'SPX close',
  spx_sma: 'simple moving average of SPX closes (signals.sma_period days)',
  spx_below_sma: '1 when SPX closes below spx_sma',
  spx_high: 'highest SPX close of the divergence window',
  rsi: "Wilder's RSI of SPX closes (signals.rsi_period days)",
  vix: 'VIX close',
  vix_macd: 'MACD of VIX closes: EMA(fast) - EMA(slow)',
  vix_macd_signal: 'EMA(signal) of vix_macd',
  vix_macd_cross_up: '1 on the day vix_macd moves from <= its signal to > it',
  vix_macd_cross_down: '1 on the day vix_macd moves from >= its signal to < it',
  vix_macd_cross_up_age: 'trading days since the last cross up (0 on the day; NaN before the first)',
  m1: 'settlement of the nearest VIX future not expiring today',
  m2: 'settlement of the next VIX future',
  backwardation: 'm1 / m2 - 1 (positive = backwardation)',
  contango: 'm2 / m1 - 1',
  ad_line: 'running sum of NYSE advances - declines',
  ad_divergence: '1 when SPX is near its window high while the AD line lags, on enough recent days',
  fomc_days: 'trading days to the next FOMC decision (0 on the day)',
  vvix: 'VVIX close',
  skew: 'SKEW close',
  vix9d: 'VIX9D close',
  vix3m: 'VIX3M close',
  vix6m: 'VIX6M close',
};

/** Catalogue names for the given periods: the fixed names plus period-named aliases (rsi14, spx_sma50). */
export function signalCatalogueNames(params: SignalParams = defaultSignalParams): string[] {
  return [...Object.keys(SIGNAL_DESCRIPTIONS), `rsi${params.rsi_period}`, `spx_sma${params.sma_period}`];
}

class MapTable implements SignalTable {
  readonly names: readonly string[];
  constructor(
    readonly n: number,
    private readonly map: Map<string, Float64Array>,
  ) {
    this.names = [...map.keys()];
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  get(name: string): Float64Array {
    const a = this.map.get(name);
    if (a === undefined) throw new RangeError(`no signal named '${name}'`);
    return a;
  }
}

function nearestTwoFutures(panel: Panel): { m1: Float64Array; m2: Float64Array } {
  const { start, expiry, settle } = panel.futures;
  const m1 = new Float64Array(panel.n).fill(NaN);
  const m2 = new Float64Array(panel.n).fill(NaN);
  for (let i = 0; i < panel.n; i++) {
    let found = 0;
    for (let k = start[i]; k < start[i + 1] && found < 2; k++) {
      if (expiry[k] <= panel.days[i]) continue;
      if (found === 0) m1[i] = settle[k];
      else m2[i] = settle[k];
      found++;
    }
  }
  return { m1, m2 };
}

function adDivergence(spx: Float64Array, adLine: Float64Array, p: SignalParams): Float64Array {
  const n = spx.length;
  const spxHigh = rollingMax(spx, p.divergence_window);
  const adHigh = rollingMax(adLine, p.divergence_window);
  const adLow = rollingMin(adLine, p.divergence_window);
  const day = new Uint8Array(n);
  const known = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(adLine[i]) || !Number.isFinite(spxHigh[i]) || !Number.isFinite(adHigh[i])) continue;
    known[i] = 1;
    const nearHigh = spx[i] >= (1 - p.divergence_price_near_high) * spxHigh[i];
    const range = adHigh[i] - adLow[i];
    const lagging = range > 0 && adHigh[i] - adLine[i] > p.divergence_ad_below_high * range;
    day[i] = nearHigh && lagging ? 1 : 0;
  }
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (!known[i]) continue;
    let count = 0;
    for (let j = Math.max(0, i - p.divergence_lookback_days + 1); j <= i; j++) count += day[j];
    out[i] = count >= p.divergence_required_days ? 1 : 0;
  }
  return out;
}

export function computeSignals(panel: Panel, params: SignalParams = defaultSignalParams): SignalTable {
  const s = panel.series;
  const n = panel.n;
  const map = new Map<string, Float64Array>();
  const spx = s.spxClose;
  map.set('spx', spx);
  const spxSma = sma(spx, params.sma_period);
  map.set('spx_sma', spxSma);
  map.set(`spx_sma${params.sma_period}`, spxSma);
  const below = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++)
    if (Number.isFinite(spxSma[i]) && Number.isFinite(spx[i])) below[i] = spx[i] < spxSma[i] ? 1 : 0;
  map.set('spx_below_sma', below);
  map.set('spx_high', rollingMax(spx, params.divergence_window));
  const rsi = rsiWilder(spx, params.rsi_period);
  map.set('rsi', rsi);
  map.set(`rsi${params.rsi_period}`, rsi);

  map.set('vix', s.vixClose);
  const m = macd(s.vixClose, params.macd_fast, params.macd_slow, params.macd_signal);
  map.set('vix_macd', m.macd);
  map.set('vix_macd_signal', m.signal);
  const up = new Float64Array(n).fill(NaN);
  const down = new Float64Array(n).fill(NaN);
  const age = new Float64Array(n).fill(NaN);
  let prev = -1;
  let lastUp = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(m.histogram[i])) continue;
    up[i] = 0;
    down[i] = 0;
    if (prev >= 0) {
      if (m.histogram[prev] <= 0 && m.histogram[i] > 0) up[i] = 1;
      if (m.histogram[prev] >= 0 && m.histogram[i] < 0) down[i] = 1;
    }
    if (up[i] === 1) lastUp = i;
    if (lastUp >= 0) age[i] = i - lastUp;
    prev = i;
  }
  map.set('vix_macd_cross_up', up);
  map.set('vix_macd_cross_down', down);
  map.set('vix_macd_cross_up_age', age);

  const { m1, m2 } = nearestTwoFutures(panel);
  map.set('m1', m1);
  map.set('m2', m2);
  const back = new Float64Array(n);
  const cont = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    back[i] = m1[i] / m2[i] - 1;
    cont[i] = m2[i] / m1[i] - 1;
  }
  map.set('backwardation', back);
  map.set('contango', cont);

  const ad = new Float64Array(n).fill(NaN);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const a = s.advances[i];
    const d = s.declines[i];
    if (Number.isFinite(a) && Number.isFinite(d)) {
      sum += a - d;
      ad[i] = sum;
    }
  }
  map.set('ad_line', ad);
  map.set('ad_divergence', adDivergence(spx, ad, params));

  const fomc = new Float64Array(n);
  for (let i = 0; i < n; i++)
    fomc[i] = panel.fomc.tradingDaysToNext[i] < 0 ? NaN : panel.fomc.tradingDaysToNext[i];
  map.set('fomc_days', fomc);
  map.set('vvix', s.vvixClose);
  map.set('skew', s.skewClose);
  map.set('vix9d', s.vix9dClose);
  map.set('vix3m', s.vix3mClose);
  map.set('vix6m', s.vix6mClose);
  return new MapTable(n, map);
}
