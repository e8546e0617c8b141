// The comparison `alvh sim check` prints and the calibration harness judges by: each statistic of the real
// history beside the median and 5-95% range of synthetic paths of the same length, and whether the real
// value lies inside that range. One code path for both, so a calibration is judged as the command judges it.
import { ArgumentError } from '../core/errors.js';
import { quantile } from '../analytics/quantile.js';
import type { Panel } from '../market/panel.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { checkRows } from './hedge-stats.js';
import { defaultSimParams, type SimParams } from './params.js';
import { simulateMarket } from './simulate.js';

/** One statistic: the real value, the synthetic median and 5-95% range, and whether the real value is inside. */
export interface BandRow {
  name: string;
  real: number;
  median: number;
  p5: number;
  p95: number;
  inside: boolean;
}

export interface SyntheticCheckOptions {
  /** Seed of the first path; path k uses seed + k. */
  seed: number;
  paths: number;
  years: number;
  /** First calendar day of every path (the real history's first day). */
  startDate: string;
  params?: SimParams;
  /** Called after each path (k from 1) with its panel, for a progress bar or a diagnostic of the paths. */
  onPath?: (k: number, panel: Panel) => void;
}

/** The check rows of each synthetic path, in `checkRows` order. */
export function syntheticCheckRows(strategy: LoadedStrategy, o: SyntheticCheckOptions): [string, number][][] {
  return Array.from({ length: o.paths }, (_, k) => {
    const panel = simulateMarket({
      years: o.years,
      seed: o.seed + k,
      startDate: o.startDate,
      params: o.params,
    });
    const rows = checkRows(panel, strategy);
    o.onPath?.(k + 1, panel);
    return rows;
  });
}

/** Each real statistic against the synthetic paths' finite values of the same row. */
export function bandRows(real: [string, number][], synthetic: [string, number][][]): BandRow[] {
  return real.map(([name, value], r) => {
    const values = Float64Array.from(synthetic.map((st) => st[r][1]).filter(Number.isFinite)).sort();
    const p5 = quantile(values, 0.05);
    const p95 = quantile(values, 0.95);
    return { name, real: value, median: quantile(values, 0.5), p5, p95, inside: value >= p5 && value <= p95 };
  });
}

/** The years of synthetic history `alvh sim check` compares a real panel with: as many as the real one spans. */
export function checkYears(realYears: number): number {
  return Math.round(realYears);
}

/**
 * The model's parameters with some replaced: `override` is an object of parameter names and finite numbers
 * (from a JSON file or argument). Unknown names are errors, so a misspelt parameter cannot pass unnoticed.
 */
export function simParamsWith(override: unknown, base: SimParams = defaultSimParams): SimParams {
  if (typeof override !== 'object' || override === null || Array.isArray(override))
    throw new ArgumentError('a parameter override is an object of parameter names and numbers');
  const out: SimParams = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (!Object.hasOwn(base, key)) throw new ArgumentError(`unknown model parameter '${key}'`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new ArgumentError(
        `model parameter '${key}' must be a finite number, got ${JSON.stringify(value)}`,
      );
    (out as unknown as Record<string, number>)[key] = value;
  }
  return out;
}

/** The real panel's check rows with the synthetic ones of a seed set and parameters, as bands. */
export function simCheck(
  real: Panel,
  realRows: [string, number][],
  strategy: LoadedStrategy,
  o: Omit<SyntheticCheckOptions, 'startDate'>,
): BandRow[] {
  return bandRows(realRows, syntheticCheckRows(strategy, { ...o, startDate: real.dates[0] }));
}

/** How far the futures expiring the next calendar day lie from VIX: |future / VIX - 1| over those days. */
export function nextDayFutureGaps(panel: Panel): Float64Array {
  const f = panel.futures;
  const gaps: number[] = [];
  for (let i = 0; i < panel.n; i++)
    for (let k = f.start[i]; k < f.start[i + 1]; k++)
      if (f.expiry[k] - panel.days[i] === 1 && panel.series.vixClose[i] > 0)
        gaps.push(Math.abs(f.settle[k] / panel.series.vixClose[i] - 1));
  return Float64Array.from(gaps).sort();
}
