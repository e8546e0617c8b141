// Plausibility checks of market values beyond their format: each series' plausible range (a value outside it
// is a typo or a unit mistake, an error naming file and line) and one-day spikes that revert the next day.
import { dayToIso } from '../core/dates.js';
import { DataError } from '../core/errors.js';
import type { ManifestSource } from './manifest.js';

export interface Bounds {
  min: number;
  max: number;
}

/**
 * Plausible values per target, in the file's own units (the rate in percent, before conversion). Wide enough
 * for every day since 1990 with room to spare (VIX closed at 82.69 in 2020 and traded at 89.53 in 2008;
 * VIX9D reached 106.66), rate and dividend yield in percent; docs/data.md states them, and a manifest
 * source's `range` overrides them.
 */
export const PLAUSIBLE: Readonly<Record<ManifestSource['target'], Bounds | null>> = {
  spx: { min: 50, max: 100_000 },
  vix: { min: 5, max: 150 },
  vix9d: { min: 3, max: 250 },
  vix3m: { min: 5, max: 150 },
  vix6m: { min: 5, max: 150 },
  vvix: { min: 30, max: 400 },
  skew: { min: 80, max: 250 },
  'vix-futures': { min: 5, max: 150 },
  rate: { min: -5, max: 30 },
  advances: { min: 0, max: 20_000 },
  declines: { min: 0, max: 20_000 },
  'dividend-yield': { min: 0, max: 20 },
  // SPY's dividend per share in dollars, one payment (0.21 to 1.91 in the reference data, 1993-2024).
  'spy-dividends': { min: 0, max: 50 },
  // SPY's price in dollars (24.7 to 565 in the reference data, 1993-2024; about a tenth of the SPX).
  spy: { min: 1, max: 10_000 },
  cndr: { min: 1, max: 1_000_000 },
  fomc: null,
};

/**
 * One-day spike factors per target: SPX and SPY 1.15 (no close since 1990 moved 9% and back the next day; the
 * largest was March 2020), the VIX family 2 (a doubling undone the next day; 2018-02-05 and 2024-08-05 did not
 * revert in full), VVIX and SKEW 1.5. Rates, breadth and futures are not checked: their day-to-day swings are
 * the signal (breadth) or too small to tell (rates near zero).
 */
export const SPIKE_FACTOR: Readonly<Partial<Record<ManifestSource['target'], number>>> = {
  spx: 1.15,
  spy: 1.15,
  vix: 2,
  vix9d: 2,
  vix3m: 2,
  vix6m: 2,
  vvix: 1.5,
  skew: 1.5,
};

export function boundsOf(s: ManifestSource): Bounds | null {
  return s.range !== undefined ? { min: s.range[0], max: s.range[1] } : PLAUSIBLE[s.target];
}

function rangeText(b: Bounds): string {
  return `${b.min.toLocaleString('en-US')} to ${b.max.toLocaleString('en-US')}`;
}

/** The error for a value outside its series' plausible range. */
export function implausible(
  s: ManifestSource,
  where: { line?: number; field: string; date: number },
  value: number,
  b: Bounds,
): DataError {
  return new DataError(
    { file: s.file, line: where.line, field: where.field },
    `${s.target} ${Math.abs(value) >= 1e9 ? value.toExponential(4) : value.toLocaleString('en-US', { maximumSignificantDigits: 8 })} on ${dayToIso(where.date)} is outside its plausible range ${rangeText(b)} (docs/data.md): fix the row, or set the source's "range" in the manifest`,
  );
}

/** Throws for the first value of `columns` outside `b` (NaN skipped: missing values are handled elsewhere). */
export function checkColumnsInRange(
  s: ManifestSource,
  days: readonly number[],
  lines: readonly number[],
  columns: Record<string, Float64Array>,
  headers: Record<string, string>,
  b: Bounds,
  used: (j: number) => boolean,
): void {
  for (const [name, x] of Object.entries(columns)) {
    for (let j = 0; j < x.length; j++) {
      if (!used(j) || Number.isNaN(x[j])) continue;
      if (x[j] < b.min || x[j] > b.max)
        throw implausible(s, { line: lines[j], field: headers[name] ?? name, date: days[j] }, x[j], b);
    }
  }
}

/**
 * One-day spikes: a value that is `factor` times above (or below) both its neighbouring values, which agree
 * with each other. A real shock does not revert the next day in full; a bad print does. Returns the rows.
 */
export function oneDaySpikes(x: Float64Array, factor: number): number[] {
  const out: number[] = [];
  const limit = Math.log(factor);
  let prev = -1;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) continue;
    if (prev >= 0) {
      let next = i + 1;
      while (next < x.length && !(x[next] > 0)) next++;
      if (next < x.length) {
        const up = Math.log(x[i] / x[prev]);
        const back = Math.log(x[i] / x[next]);
        const neighbours = Math.abs(Math.log(x[next] / x[prev]));
        if (
          Math.sign(up) === Math.sign(back) &&
          Math.min(Math.abs(up), Math.abs(back)) > limit &&
          neighbours < limit / 2
        ) {
          out.push(i);
          continue; // the next day is compared with the last good value, not with the spike
        }
      }
    }
    prev = i;
  }
  return out;
}
