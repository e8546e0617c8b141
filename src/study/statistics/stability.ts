// Parameter stability: each configuration's objective beside the median objective of its grid neighbours
// (the configurations one step away on exactly one axis), so a lone spike stands out from a plateau.
import { median } from './moments.js';

export interface StabilityOptions {
  /**
   * Neighbours along an axis whose values are not all numbers (readings, core books): 'any' = every other
   * value is one step away (such values have no order); 'adjacent' = the values before and after it in the
   * order they first appear in the study.
   */
  categorical: 'any' | 'adjacent';
}

export const DEFAULT_STABILITY_OPTIONS: StabilityOptions = { categorical: 'any' };

export interface StabilityRow {
  id: string;
  objective: number | null;
  neighbour_median: number | null;
  neighbours: number;
}

export interface StabilityResult {
  axes: string[];
  rows: StabilityRow[];
  /** The best configuration by its own objective and the best by its neighbours' median (a plateau). */
  best: StabilityRow | null;
  best_plateau: StabilityRow | null;
}

const keyOf = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

export function parameterStability(
  configs: readonly { id: string; settings: Record<string, unknown> }[],
  objective: readonly number[],
  opts: StabilityOptions = DEFAULT_STABILITY_OPTIONS,
): StabilityResult {
  const axes = [...new Set(configs.flatMap((c) => Object.keys(c.settings)))].sort();
  // The values of each axis in step order: numbers ascending, anything else in order of first appearance.
  const values = axes.map((axis) => {
    const seen = new Map<string, unknown>();
    for (const c of configs) {
      const k = keyOf(c.settings[axis]);
      if (!seen.has(k)) seen.set(k, c.settings[axis]);
    }
    const all = [...seen.entries()];
    const numeric = all.every(([, v]) => typeof v === 'number');
    if (numeric) all.sort((x, y) => (x[1] as number) - (y[1] as number));
    return { numeric, keys: all.map(([k]) => k) };
  });
  const position = values.map((v) => new Map(v.keys.map((k, i) => [k, i])));
  const coords = configs.map((c) => axes.map((axis, j) => position[j].get(keyOf(c.settings[axis]))!));
  const index = new Map<string, number>();
  coords.forEach((xs, k) => {
    const key = xs.join(',');
    if (!index.has(key)) index.set(key, k);
  });
  const value = (k: number): number | null => (Number.isFinite(objective[k]) ? objective[k] : null);
  const rows = configs.map((c, k) => {
    const found: number[] = [];
    axes.forEach((_, j) => {
      const here = coords[k][j];
      const count = values[j].keys.length;
      const steps =
        values[j].numeric || opts.categorical === 'adjacent'
          ? [here - 1, here + 1]
          : Array.from({ length: count }, (_, i) => i).filter((i) => i !== here);
      for (const s of steps) {
        if (s < 0 || s >= count) continue;
        const other = coords[k].slice();
        other[j] = s;
        const m = index.get(other.join(','));
        if (m !== undefined && Number.isFinite(objective[m])) found.push(objective[m]);
      }
    });
    const med = median(found);
    return {
      id: c.id,
      objective: value(k),
      neighbour_median: Number.isFinite(med) ? med : null,
      neighbours: found.length,
    };
  });
  const bestBy = (f: (r: StabilityRow) => number | null): StabilityRow | null => {
    let best: StabilityRow | null = null;
    for (const r of rows) {
      const v = f(r);
      if (v !== null && (best === null || v > f(best)!)) best = r;
    }
    return best;
  };
  return { axes, rows, best: bestBy((r) => r.objective), best_plateau: bestBy((r) => r.neighbour_median) };
}
