// Resampling stress test: a stationary block bootstrap (Politis & Romano 1994) of the books' daily returns,
// compounded into new equity paths on the run's own calendar, with the distribution of max drawdown, CAGR and
// worst calendar year per book and the share of resamples in which each published claim holds.
import { Rng } from '../core/random.js';
import type { BacktestRun, BookResult, LayerSeries } from '../engine/result.js';
import { checkClaims, publishedClaims, type ClaimTolerances, type Verdict } from './claims.js';
import { cagrOf, bookMetrics, DEFAULT_METRICS_OPTIONS, type MetricsOptions } from './metrics.js';
import { maxDrawdown } from './drawdown.js';
import { periodsBy, rangeReturn, type Period } from './periods.js';
import { quantile } from './quantile.js';

export interface ResampleOptions {
  /** Resampled paths. */
  samples: number;
  /** Mean block length in trading days: a new block starts each day with probability 1 / meanBlockDays. */
  meanBlockDays: number;
  seed: number;
  /** The drawdown (a positive fraction) whose probability is reported: P(max drawdown > threshold). */
  drawdownThreshold: number;
}

export const DEFAULT_RESAMPLE_OPTIONS: Omit<ResampleOptions, 'samples'> = {
  meanBlockDays: 20,
  seed: 1,
  drawdownThreshold: 0.3,
};

/**
 * Fills `out[1..n-1]` with the source day of each resampled daily return (returns live on days 1..n-1: day t's
 * return is close t over close t-1). A block starts at a uniform day and runs on, wrapping from the last day to
 * the first, until a new block starts (probability 1 / meanBlock each day), so block lengths are geometric with
 * mean meanBlock and every resampled day is uniform over the sample (the bootstrap is stationary). Returns
 * the number of blocks.
 */
export function stationaryBootstrap(n: number, meanBlock: number, rng: Rng, out: Int32Array): number {
  const m = n - 1;
  if (m < 1) return 0;
  const p = 1 / meanBlock;
  let blocks = 0;
  let s = 0;
  for (let t = 1; t < n; t++) {
    if (t === 1 || rng.uniform() < p) {
      s = 1 + Math.floor(rng.uniform() * m);
      blocks++;
    } else s = s === m ? 1 : s + 1;
    out[t] = s;
  }
  out[0] = 0;
  return blocks;
}

/** A path compounded from the returns of `values` on the source days `idx` (not added: growth multiplies). */
function compound(values: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(values.length);
  out[0] = values[0];
  for (let t = 1; t < values.length; t++) out[t] = out[t - 1] * (values[idx[t]] / values[idx[t] - 1]);
  return out;
}

/** Dollar P&L carried over as a share of the source day's opening equity, applied to the new path's equity. */
function rescale(pnl: Float64Array, equity: Float64Array, path: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(pnl.length);
  out[0] = pnl[0];
  for (let t = 1; t < pnl.length; t++) out[t] = (pnl[idx[t]] / equity[idx[t] - 1]) * path[t - 1];
  return out;
}

function resampleBook(book: BookResult, idx: Int32Array): BookResult {
  const equity = compound(book.equity, idx);
  const layers: Record<string, LayerSeries> = {};
  for (const [name, l] of Object.entries(book.layers))
    layers[name] = {
      mtmPnl: rescale(l.mtmPnl, book.equity, equity, idx),
      cashFlow: rescale(l.cashFlow, book.equity, equity, idx),
      active: Uint8Array.from(idx, (s, t) => (t === 0 ? l.active[0] : l.active[s])),
    };
  return {
    name: book.name,
    title: book.title,
    strategyHash: book.strategyHash,
    dates: book.dates,
    equity,
    cash: equity,
    coreMtmPnl: rescale(book.coreMtmPnl, book.equity, equity, idx),
    interest: rescale(book.interest, book.equity, equity, idx),
    layers,
    ledger: [],
    skipped: [],
  };
}

/**
 * The run with every series (each book, the sleeve's layers, SPX, the rate) drawn on the same source days, so
 * a resample keeps the days' joint moves: a crash day hits every book and the SPX together.
 */
export function resampleRun(run: BacktestRun, idx: Int32Array): BacktestRun {
  return {
    ...run,
    spxClose: compound(run.spxClose, idx),
    rateAnnual: Float64Array.from(idx, (s, t) => run.rateAnnual[t === 0 ? 0 : s]),
    vixClose: undefined,
    backwardation: undefined,
    books: run.books.map((b) => resampleBook(b, idx)),
  };
}

/** Worst calendar-year return of a path (the run's partial first and last years count as they are). */
function worstYear(equity: Float64Array, years: readonly Period[]): number {
  let worst = Infinity;
  for (const y of years) worst = Math.min(worst, rangeReturn(equity, y.start, y.end));
  return worst;
}

export interface Distribution {
  /** The value on the run's own history. */
  actual: number | null;
  p5: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p95: number | null;
  mean: number | null;
  /** Every resample's value, in resample order (for histograms). */
  values: number[];
}

export interface ResampleBook {
  book: string;
  title: string;
  maxDrawdown: Distribution;
  cagr: Distribution;
  worstYear: Distribution;
  /** Share of resamples whose max drawdown is deeper than the threshold. */
  drawdownPastThreshold: number;
  /** Whether the run's own history had a drawdown deeper than the threshold. */
  actualPastThreshold: boolean;
}

export interface ResampleClaim {
  id: string;
  statement: string;
  /** The verdict on the run's own history. */
  actual: Verdict;
  /** Share of measurable resamples with each verdict; null when no resample could measure the claim. */
  holds: number | null;
  better: number | null;
  worse: number | null;
  measurable: number;
}

export interface ResampleResult {
  samples: number;
  meanBlockDays: number;
  seed: number;
  drawdownThreshold: number;
  /** Mean block length actually drawn (trading days), a check on the setting. */
  drawnMeanBlock: number;
  books: ResampleBook[];
  claims: ResampleClaim[];
}

const round6 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : null);

function distribution(values: Float64Array, actual: number): Distribution {
  const finite = Float64Array.from(values.filter(Number.isFinite)).sort();
  const q = (p: number): number | null => (finite.length > 0 ? round6(quantile(finite, p)) : null);
  const mean = finite.length > 0 ? finite.reduce((s, x) => s + x, 0) / finite.length : NaN;
  return {
    actual: round6(actual),
    p5: q(0.05),
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
    mean: round6(mean),
    values: Array.from(values, (x) => round6(x) ?? NaN),
  };
}

/**
 * Runs the bootstrap: `samples` resampled runs from one seed (the same seed gives the same resamples), each
 * book's max drawdown, CAGR and worst year, and each claim checked on every resample as on the run itself.
 */
export function resampleStudy(
  run: BacktestRun,
  opts: ResampleOptions,
  metrics: MetricsOptions = DEFAULT_METRICS_OPTIONS,
  tolerances?: ClaimTolerances,
): ResampleResult {
  const n = run.books[0].dates.length;
  const dates = run.books[0].dates;
  const years = periodsBy(dates, 4);
  const rng = new Rng(opts.seed);
  const idx = new Int32Array(n);
  const k = run.books.length;
  const dd = run.books.map(() => new Float64Array(opts.samples));
  const cagr = run.books.map(() => new Float64Array(opts.samples));
  const worst = run.books.map(() => new Float64Array(opts.samples));
  const claims = publishedClaims(tolerances);
  const verdicts = claims.map(() => ({ holds: 0, better: 0, worse: 0 }));
  const claimBooks = new Set([run.hedged, run.unhedged]);
  let blocks = 0;
  for (let r = 0; r < opts.samples; r++) {
    blocks += stationaryBootstrap(n, opts.meanBlockDays, rng, idx);
    const res = resampleRun(run, idx);
    for (let b = 0; b < k; b++) {
      const book = res.books[b];
      dd[b][r] = maxDrawdown(book.equity, dates).depth;
      cagr[b][r] = cagrOf(book.equity, dates, metrics);
      worst[b][r] = worstYear(book.equity, years);
    }
    const m = res.books.filter((b) => claimBooks.has(b.name)).map((b) => bookMetrics(b, res, metrics));
    checkClaims(res, m, claims).forEach((c, j) => {
      if (c.verdict === 'holds') verdicts[j].holds++;
      else if (c.verdict === 'better than claimed') verdicts[j].better++;
      else if (c.verdict === 'worse than claimed') verdicts[j].worse++;
    });
  }
  const actualMetrics = run.books
    .filter((b) => claimBooks.has(b.name))
    .map((b) => bookMetrics(b, run, metrics));
  const actualClaims = checkClaims(run, actualMetrics, claims);
  return {
    samples: opts.samples,
    meanBlockDays: opts.meanBlockDays,
    seed: opts.seed,
    drawdownThreshold: opts.drawdownThreshold,
    drawnMeanBlock: blocks > 0 ? Math.round(((n - 1) * opts.samples * 100) / blocks) / 100 : 0,
    books: run.books.map((book, b) => {
      const actualDd = maxDrawdown(book.equity, dates).depth;
      return {
        book: book.name,
        title: book.title,
        maxDrawdown: distribution(dd[b], actualDd),
        cagr: distribution(cagr[b], cagrOf(book.equity, dates, metrics)),
        worstYear: distribution(worst[b], worstYear(book.equity, years)),
        drawdownPastThreshold:
          round6(dd[b].filter((x) => x > opts.drawdownThreshold).length / opts.samples) ?? 0,
        actualPastThreshold: actualDd > opts.drawdownThreshold,
      };
    }),
    claims: claims.map((c, j) => {
      const v = verdicts[j];
      const measurable = v.holds + v.better + v.worse;
      const share = (x: number): number | null => (measurable > 0 ? round6(x / measurable) : null);
      return {
        id: c.id,
        statement: c.statement,
        actual: actualClaims[j].verdict,
        holds: share(v.holds),
        better: share(v.better),
        worse: share(v.worse),
        measurable,
      };
    }),
  };
}
