// Everything a backtest run reports, as one plain JSON-serialisable object: fixed key order, numbers
// rounded to a fixed precision and non-finite values as null, so summary.json is byte-stable.
import type { BacktestRun } from '../engine/result.js';
import {
  checkClaims,
  DEFAULT_CLAIM_TOLERANCES,
  publishedClaims,
  type ClaimCheck,
  type ClaimTolerances,
} from './claims.js';
import {
  bookMetrics,
  compareToUnhedged,
  DEFAULT_METRICS_OPTIONS,
  type Attribution,
  type BookMetrics,
  type MetricsOptions,
} from './metrics.js';
import { CLAIM_ERAS, claimsByEra, spansEras } from './eras.js';
import { STRESS_WINDOWS, stressWindows, type StressResult, type StressWindow } from './stress.js';
import { yearByYear, type YearRow } from './yearly.js';

export interface SummaryOptions {
  metrics: MetricsOptions;
  claimTolerances: ClaimTolerances;
  stressWindows: readonly StressWindow[];
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  metrics: DEFAULT_METRICS_OPTIONS,
  claimTolerances: DEFAULT_CLAIM_TOLERANCES,
  stressWindows: STRESS_WINDOWS,
};

type Num = number | null;

/** A number at a fixed precision; null for a missing or non-finite value. */
const rounding =
  (decimals: number) =>
  (x: number | null | undefined): Num =>
    x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(decimals)) + 0; // + 0: no -0

/** Fractions (returns, drawdowns, shares): 6 decimals = 0.0001%. Studies report with the same precision. */
export const frac = rounding(6);
/** Ratios (Sharpe, Sortino, Calmar): 4 decimals. */
export const ratio = rounding(4);

/** How a number enters the summary. */
const ROUNDINGS = { frac, usd: rounding(2), ratio } as const;
type Rounding = keyof typeof ROUNDINGS;

/**
 * How each field of a metrics type T enters the summary: a rounding (numbers), 'as-is', a plan of its own
 * (objects), [plan] (arrays), or 'omit'. Every field must be named, so a new metric cannot be left out by
 * accident; the summary keeps the plan's key order, which fixes the order of summary.json.
 */
type Plan<T> =
  | 'as-is'
  | (NonNullable<T> extends number
      ? Rounding
      : NonNullable<T> extends readonly (infer U)[]
        ? readonly [Plan<U>]
        : NonNullable<T> extends object
          ? { readonly [K in keyof NonNullable<T>]-?: Plan<NonNullable<T>[K]> | 'omit' }
          : never);

/** The summary's type of a value of type T under plan P: the one declaration is the metrics type. */
type Summarized<T, P> = T extends null | undefined
  ? null
  : P extends 'as-is'
    ? T
    : P extends Rounding
      ? Num
      : P extends readonly [infer Q]
        ? T extends readonly (infer U)[]
          ? Summarized<U, Q>[]
          : never
        : { -readonly [K in keyof P as P[K] extends 'omit' ? never : K]: Summarized<T[K & keyof T], P[K]> };

function applyPlan(value: unknown, plan: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (plan === 'as-is') return value;
  if (typeof plan === 'string') return ROUNDINGS[plan as Rounding](value as number);
  if (Array.isArray(plan)) return (value as unknown[]).map((v) => applyPlan(v, plan[0]));
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(plan as Record<string, unknown>))
    if (p !== 'omit') out[key] = applyPlan((value as Record<string, unknown>)[key], p);
  return out;
}

const summarized = <T, const P extends Plan<T>>(value: T, plan: P): Summarized<T, P> =>
  applyPlan(value, plan) as Summarized<T, P>;

/** A book's metrics with its comparison to the run's unhedged book (0 for that book itself). */
type BookRow = BookMetrics & {
  drawdownReduction: number | null | undefined;
  cagrVsUnhedged: number | undefined;
};

const MONTH_CREDIT = { credited: 'as-is', considered: 'as-is', idle: 'as-is', share: 'frac' } as const;

const BOOK_PLAN = {
  name: 'as-is',
  title: 'as-is',
  startEquity: 'usd',
  endEquity: 'usd',
  totalReturn: 'frac',
  cagr: 'frac',
  volatility: 'frac',
  sharpe: 'ratio',
  sortino: 'ratio',
  calmar: 'ratio',
  ulcer: 'frac',
  maxDrawdown: { depth: 'frac', peakDate: 'as-is', troughDate: 'as-is', recoveryDate: 'as-is' },
  drawdownReduction: 'frac',
  cagrVsUnhedged: 'frac',
  longestUnderwater: { days: 'as-is', tradingDays: 'as-is', from: 'as-is', to: 'as-is' },
  shareUnderwater: 'frac',
  worstMonth: { month: 'as-is', ret: 'frac' },
  hedgeCost: {
    allYears: 'frac',
    calmYears: 'frac',
    years: [
      { year: 'as-is', sleevePnl: 'usd', avgEquity: 'usd', cost: 'frac', weight: 'frac', severe: 'as-is' },
    ],
  },
  monthsCredited: { cash: MONTH_CREDIT, mtm: MONTH_CREDIT },
  /** Reported per layer in `attribution`. */
  attribution: 'omit',
} as const satisfies Plan<BookRow>;

const ATTRIBUTION_PLAN = {
  book: 'as-is',
  coreMtmPnl: 'usd',
  interest: 'usd',
  sleeveMtmPnl: 'usd',
  layers: [
    {
      layer: 'as-is',
      mtmPnl: 'usd',
      cashFlow: 'usd',
      activeDays: 'as-is',
      byYear: [{ year: 'as-is', mtmPnl: 'usd', cashFlow: 'usd' }],
    },
  ],
} as const satisfies Plan<Attribution & { book: string }>;

const STRESS_PLAN = {
  id: 'as-is',
  name: 'as-is',
  from: 'as-is',
  to: 'as-is',
  coverage: 'as-is',
  firstDate: 'as-is',
  lastDate: 'as-is',
  spxReturn: 'frac',
  books: [{ book: 'as-is', ret: 'frac', maxDrawdown: 'frac', sleevePnl: 'usd', sleevePnlPct: 'frac' }],
} as const satisfies Plan<StressResult>;

const YEAR_PLAN = {
  year: 'as-is',
  days: 'as-is',
  spxReturn: 'frac',
  spxDrawdown: 'frac',
  spxSevere: 'as-is',
  books: [{ book: 'as-is', ret: 'frac', maxDrawdown: 'frac', sleevePnlPct: 'frac' }],
} as const satisfies Plan<YearRow>;

export type BookSummary = Summarized<BookRow, typeof BOOK_PLAN>;
export type AttributionSummary = Summarized<Attribution & { book: string }, typeof ATTRIBUTION_PLAN>;
export type StressSummary = Summarized<StressResult, typeof STRESS_PLAN>;
export type YearSummary = Summarized<YearRow, typeof YEAR_PLAN>;

export interface EraSummary {
  era: string;
  from: string;
  to: string;
  days: number;
  claims: ClaimCheck[];
  books: { book: string; cagr: Num; maxDrawdown: Num; drawdownReduction: Num; hedgeCost: Num }[];
}

export interface RunSummary {
  run: {
    source: 'real' | 'synthetic';
    from: string;
    to: string;
    days: number;
    panelDescription: string;
    dataFingerprint: string;
    hedged: string;
    unhedged: string;
    /** Present on `--history modelled` runs: each modelled input and its date ranges. */
    modelled?: {
      input: string;
      days: number;
      ranges: { from: string; to: string; days: number }[];
      note: string;
    }[];
  };
  settings: MetricsOptions & { claimTolerances: ClaimTolerances };
  books: BookSummary[];
  claims: ClaimCheck[];
  /** Present when the run has days in both 1990-2006 and 2007-2026: the claim check per era (eras.ts). */
  eras?: EraSummary[];
  /**
   * Present when legs were priced from real chains (`--chains`): the main book's option fills and daily
   * option marks by where their price came from.
   */
  pricing?: { quote_fills: number; model_fills: number; quote_marks: number; model_marks: number };
  attribution: AttributionSummary[];
  stress: StressSummary[];
  yearly: YearSummary[];
}

function bookSummary(m: BookMetrics, unhedged: BookMetrics | undefined): BookSummary {
  const cmp = unhedged ? compareToUnhedged(m, unhedged) : null;
  return summarized<BookRow, typeof BOOK_PLAN>(
    { ...m, drawdownReduction: cmp?.drawdownReduction, cagrVsUnhedged: cmp?.cagrDifference },
    BOOK_PLAN,
  );
}

/** The main book's quote and model pricing counts, on a run priced from chains. */
function pricingOf(run: BacktestRun): Pick<RunSummary, 'pricing'> {
  const p = run.books.find((b) => b.name === run.hedged)?.pricing;
  if (p === undefined) return {};
  return {
    pricing: {
      quote_fills: p.quoteFills,
      model_fills: p.modelFills,
      quote_marks: p.quoteMarks,
      model_marks: p.modelMarks,
    },
  };
}

export function summarizeRun(run: BacktestRun, opts: SummaryOptions = DEFAULT_SUMMARY_OPTIONS): RunSummary {
  const metrics = run.books.map((b) => bookMetrics(b, run, opts.metrics));
  const unhedged = metrics.find((m) => m.name === run.unhedged);
  const m = opts.metrics;
  return {
    run: {
      source: run.source,
      from: run.from,
      to: run.to,
      days: run.books.length > 0 ? run.books[0].dates.length : 0,
      panelDescription: run.panelDescription,
      dataFingerprint: run.dataFingerprint,
      hedged: run.hedged,
      unhedged: run.unhedged,
      ...(run.modelled === undefined
        ? {}
        : {
            modelled: run.modelled.map((m) => ({
              input: m.input,
              days: m.days,
              ranges: m.ranges.map((r) => ({ ...r })),
              note: m.note,
            })),
          }),
    },
    settings: {
      periodsPerYear: m.periodsPerYear,
      yearBasis: m.yearBasis,
      spxDrawdownThreshold: m.spxDrawdownThreshold,
      spxDrawdownMode: m.spxDrawdownMode,
      idleMonths: m.idleMonths,
      partialYears: m.partialYears,
      creditEpsilonDollars: m.creditEpsilonDollars,
      claimTolerances: {
        drawdown: opts.claimTolerances.drawdown,
        cost: opts.claimTolerances.cost,
        months: opts.claimTolerances.months,
      },
    },
    books: metrics.map((b) => bookSummary(b, unhedged)),
    claims: checkClaims(run, metrics, publishedClaims(opts.claimTolerances)),
    ...(spansEras(run)
      ? {
          eras: claimsByEra(run, CLAIM_ERAS, opts.metrics, publishedClaims(opts.claimTolerances)).map(
            (e) => ({
              era: e.era,
              from: e.from,
              to: e.to,
              days: e.days,
              claims: e.claims,
              books: e.books.map((b) => ({
                book: b.book,
                cagr: frac(b.cagr),
                maxDrawdown: frac(b.maxDrawdown),
                drawdownReduction: frac(b.drawdownReduction),
                hedgeCost: frac(b.hedgeCost),
              })),
            }),
          ),
        }
      : {}),
    ...pricingOf(run),
    attribution: metrics.map((b) => summarized({ book: b.name, ...b.attribution }, ATTRIBUTION_PLAN)),
    stress: stressWindows(run, opts.stressWindows).map((w) => summarized(w, STRESS_PLAN)),
    yearly: yearByYear(run, opts.metrics).map((y) => summarized(y, YEAR_PLAN)),
  };
}
