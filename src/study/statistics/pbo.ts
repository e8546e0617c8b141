// Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein,
// Lopez de Prado, Zhu 2014): split the days into S blocks, and for every choice of S/2 blocks as the training
// set pick the best configuration there by Sharpe ratio and see where it ranks on the other S/2 blocks.
import { UserError } from '../../core/errors.js';

export interface PboOptions {
  /** S: contiguous blocks of days, even (the paper's suggestion and the default: 16). */
  blocks: number;
  /** Below this many configurations the figure is reported as not meaningful. */
  minConfigs: number;
  /** Bins of the logit histogram kept for the report. */
  histogramBins: number;
}

export const DEFAULT_PBO_OPTIONS: PboOptions = { blocks: 16, minConfigs: 10, histogramBins: 20 };

export interface PboResult {
  /** Share of splits whose in-sample best ranks at or below the out-of-sample median (logit <= 0). */
  pbo: number | null;
  meaningful: boolean;
  note: string;
  configs: number;
  blocks: number;
  /** C(S, S/2) splits evaluated. */
  combinations: number;
  /** Median over splits of the in-sample best's relative out-of-sample rank (1 = top, 0 = bottom). */
  median_oos_rank: number | null;
  /** Share of splits in which the in-sample best has a negative out-of-sample Sharpe ratio. */
  prob_oos_loss: number | null;
  /** Least-squares fit of out-of-sample on in-sample Sharpe (per period) of the chosen configuration. */
  degradation: { slope: number; intercept: number } | null;
  /** Histogram of the logits: bin edges (bins + 1) and counts. */
  logits: { edges: number[]; counts: number[] };
}

/** Per-block sums, sums of squares and counts: everything a split's Sharpe ratios need. */
function blockSums(series: readonly ArrayLike<number>[], blocks: number) {
  const n = series.length;
  const t = series[0].length;
  const sum = new Float64Array(blocks * n);
  const sq = new Float64Array(blocks * n);
  const count = new Float64Array(blocks);
  // Blocks of sizes differing by at most one day, in time order.
  const bounds = Array.from({ length: blocks + 1 }, (_, b) => Math.round((b * t) / blocks));
  for (let b = 0; b < blocks; b++) count[b] = bounds[b + 1] - bounds[b];
  for (let k = 0; k < n; k++) {
    const x = series[k];
    for (let b = 0; b < blocks; b++) {
      let s = 0;
      let q = 0;
      for (let i = bounds[b]; i < bounds[b + 1]; i++) {
        s += x[i];
        q += x[i] * x[i];
      }
      sum[b * n + k] = s;
      sq[b * n + k] = q;
    }
  }
  return { sum, sq, count, n, t };
}

function sharpeOf(s: number, q: number, c: number): number {
  const mean = s / c;
  const v = (q - c * mean * mean) / (c - 1);
  return v > 1e-30 ? mean / Math.sqrt(v) : -Infinity;
}

/** C(n, k): the number of training sets CSCV evaluates for n blocks, k = n / 2. */
export function combinationsOf(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return Math.round(r);
}

const notMeaningful = (configs: number, blocks: number, note: string): PboResult => ({
  pbo: null,
  meaningful: false,
  note,
  configs,
  blocks,
  combinations: 0,
  median_oos_rank: null,
  prob_oos_loss: null,
  degradation: null,
  logits: { edges: [], counts: [] },
});

/** PBO of selecting, by Sharpe ratio, among the daily return series (all of one length). */
export function probabilityOfOverfitting(
  series: readonly ArrayLike<number>[],
  opts: PboOptions = DEFAULT_PBO_OPTIONS,
): PboResult {
  const S = opts.blocks;
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0)
    throw new UserError(`statistics.pbo.blocks: expected an even integer of at least 2, found ${S}`);
  const n = series.length;
  if (n < 2) return notMeaningful(n, S, `PBO needs at least 2 configurations, found ${n}`);
  const t = series[0].length;
  if (t < 2 * S) return notMeaningful(n, S, `PBO needs at least ${2 * S} days for ${S} blocks, found ${t}`);
  const { sum, sq, count } = blockSums(series, S);
  const half = S / 2;
  let totalCount = 0;
  for (let b = 0; b < S; b++) totalCount += count[b];
  const totalSum = new Float64Array(n);
  const totalSq = new Float64Array(n);
  for (let b = 0; b < S; b++)
    for (let k = 0; k < n; k++) {
      totalSum[k] += sum[b * n + k];
      totalSq[k] += sq[b * n + k];
    }
  // Depth-first over the training sets in lexicographic order; depth d holds the sums of its first d blocks.
  const accSum = Array.from({ length: half + 1 }, () => new Float64Array(n));
  const accSq = Array.from({ length: half + 1 }, () => new Float64Array(n));
  const accCount = new Float64Array(half + 1);
  const logits: number[] = [];
  const ranks: number[] = [];
  const isSharpe: number[] = [];
  const oosSharpe: number[] = [];
  const testSharpe = new Float64Array(n);
  const leaf = (): void => {
    const s = accSum[half];
    const q = accSq[half];
    const c = accCount[half];
    const cTest = totalCount - c;
    let best = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < n; k++) {
      const v = sharpeOf(s[k], q[k], c);
      if (best < 0 || v > bestValue) {
        best = k;
        bestValue = v;
      }
    }
    for (let k = 0; k < n; k++) testSharpe[k] = sharpeOf(totalSum[k] - s[k], totalSq[k] - q[k], cTest);
    const chosen = testSharpe[best];
    let below = 0;
    let equal = 0;
    for (let k = 0; k < n; k++) {
      if (testSharpe[k] < chosen) below++;
      else if (testSharpe[k] === chosen) equal++;
    }
    // Rank 1..N with ties at their average rank; relative rank w = rank / (N + 1) lies strictly in (0, 1).
    const rank = below + (equal + 1) / 2;
    const w = rank / (n + 1);
    logits.push(Math.log(w / (1 - w)));
    ranks.push((rank - 1) / (n - 1));
    isSharpe.push(bestValue);
    oosSharpe.push(chosen);
  };
  const descend = (depth: number, next: number): void => {
    if (depth === half) {
      leaf();
      return;
    }
    for (let b = next; b <= S - (half - depth); b++) {
      const fromS = accSum[depth];
      const fromQ = accSq[depth];
      const toS = accSum[depth + 1];
      const toQ = accSq[depth + 1];
      const off = b * n;
      for (let k = 0; k < n; k++) {
        toS[k] = fromS[k] + sum[off + k];
        toQ[k] = fromQ[k] + sq[off + k];
      }
      accCount[depth + 1] = accCount[depth] + count[b];
      descend(depth + 1, b + 1);
    }
  };
  descend(0, 0);
  const combos = logits.length;
  let overfit = 0;
  let loss = 0;
  for (let c = 0; c < combos; c++) {
    if (logits[c] <= 0) overfit++;
    if (oosSharpe[c] < 0) loss++;
  }
  const meaningful = n >= opts.minConfigs;
  return {
    pbo: overfit / combos,
    meaningful,
    note: meaningful
      ? ''
      : `only ${n} configurations: with fewer than ${opts.minConfigs} the out-of-sample rank takes so few values that PBO is not meaningful`,
    configs: n,
    blocks: S,
    combinations: combos,
    median_oos_rank: medianOf(ranks),
    prob_oos_loss: loss / combos,
    degradation: leastSquares(isSharpe, oosSharpe),
    logits: histogram(logits, opts.histogramBins),
  };
}

function medianOf(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function leastSquares(x: number[], y: number[]): { slope: number; intercept: number } | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    n++;
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const den = n * sxx - sx * sx;
  if (n < 2 || !(Math.abs(den) > 1e-300)) return null;
  const slope = (n * sxy - sx * sy) / den;
  return { slope, intercept: (sy - slope * sx) / n };
}

function histogram(xs: number[], bins: number): { edges: number[]; counts: number[] } {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { edges: [], counts: [] };
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width), counts };
}
