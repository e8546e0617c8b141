// How old each market input is on the day of a decision: its last day with a value and the trading days
// since, so a signal on stale data (breadth two months old) reads "unknown" instead of a confident "no".
import type { Panel } from '../market/panel.js';

export interface InputAge {
  input: string;
  /** Last day on or before the decision day with a value; null when the input has none. */
  last_date: string | null;
  /** Trading days from last_date to the decision day (0: today's value); null when missing. */
  trading_days_stale: number | null;
  status: 'fresh' | 'stale' | 'missing';
  /** Read by the strategy's triggers or by the pricing of every order (SPX, VIX, rate, VIX futures). */
  used: boolean;
}

/** Default: older than 3 trading days is stale (a long weekend plus a late file is 2). */
export const STALE_AFTER_TRADING_DAYS = 3;

/** The panel's inputs and whether each has a value on row i. */
const INPUTS: readonly [string, (p: Panel, i: number) => boolean][] = [
  ['spx', (p, i) => Number.isFinite(p.series.spxClose[i])],
  ['vix', (p, i) => Number.isFinite(p.series.vixClose[i])],
  ['vix_futures', (p, i) => p.futures.start[i + 1] - p.futures.start[i] >= 2],
  ['rate', (p, i) => Number.isFinite(p.series.rateAnnual[i])],
  ['vix9d', (p, i) => Number.isFinite(p.series.vix9dClose[i])],
  ['vix3m', (p, i) => Number.isFinite(p.series.vix3mClose[i])],
  ['vix6m', (p, i) => Number.isFinite(p.series.vix6mClose[i])],
  ['vvix', (p, i) => Number.isFinite(p.series.vvixClose[i])],
  ['skew', (p, i) => Number.isFinite(p.series.skewClose[i])],
  ['breadth', (p, i) => Number.isFinite(p.series.advances[i]) && Number.isFinite(p.series.declines[i])],
  ['fomc', (p, i) => p.fomc.tradingDaysToNext[i] >= 0],
];

/** Every order is priced on these, whatever the triggers read. */
const ALWAYS_USED = new Set(['spx', 'vix', 'vix_futures', 'rate']);

/** The input a catalogue signal is computed from (aliases such as rsi14 and spx_sma50 included). */
export function inputsOfSignal(name: string): string[] {
  if (name === 'ad_line') return ['breadth'];
  if (name === 'ad_divergence') return ['breadth', 'spx'];
  if (name === 'fomc_days') return ['fomc'];
  if (['m1', 'm2', 'backwardation', 'contango'].includes(name)) return ['vix_futures'];
  if (name.startsWith('vix_macd') || name === 'vix') return ['vix'];
  if (name.startsWith('spx') || name.startsWith('rsi')) return ['spx'];
  if (['vvix', 'skew', 'vix9d', 'vix3m', 'vix6m'].includes(name)) return [name];
  return [];
}

/** The age of every input on row i; `usedSignals` are the signals the triggers read. */
export function inputAges(
  panel: Panel,
  i: number,
  usedSignals: Iterable<string>,
  staleAfter = STALE_AFTER_TRADING_DAYS,
): InputAge[] {
  const used = new Set(ALWAYS_USED);
  for (const s of usedSignals) for (const input of inputsOfSignal(s)) used.add(input);
  return INPUTS.map(([input, has]) => {
    let k = i;
    while (k >= 0 && !has(panel, k)) k--;
    const age = k < 0 ? null : i - k;
    return {
      input,
      last_date: k < 0 ? null : panel.dates[k],
      trading_days_stale: age,
      status: age === null ? 'missing' : age > staleAfter ? 'stale' : 'fresh',
      used: used.has(input),
    };
  });
}
