// The claim check and headline figures per era: 1990-2006 (no rule was tuned on it, and on modelled history
// its VIX complex is modelled) beside 2007-2026 and the whole span. An era is the run cut to its dates.
import type { BacktestRun, BookResult, LayerSeries } from '../engine/result.js';
import { checkClaims, publishedClaims, type Claim, type ClaimCheck } from './claims.js';
import { bookMetrics, compareToUnhedged, DEFAULT_METRICS_OPTIONS, type MetricsOptions } from './metrics.js';

export interface Era {
  id: string;
  /** ISO dates, inclusive; null = open end. */
  from: string | null;
  to: string | null;
}

/** The eras of issue 15: before the first real-data day of the VIX complex, from it, and the whole span. */
export const CLAIM_ERAS: readonly Era[] = [
  { id: '1990-2006', from: null, to: '2006-12-31' },
  { id: '2007-2026', from: '2007-01-01', to: null },
  { id: 'whole span', from: null, to: null },
];

export interface EraResult {
  era: string;
  from: string;
  to: string;
  days: number;
  claims: ClaimCheck[];
  books: {
    book: string;
    cagr: number | null;
    maxDrawdown: number | null;
    drawdownReduction: number | null;
    hedgeCost: number | null;
  }[];
}

function sliceLayer(l: LayerSeries, a: number, b: number): LayerSeries {
  return { cashFlow: l.cashFlow.slice(a, b), mtmPnl: l.mtmPnl.slice(a, b), active: l.active.slice(a, b) };
}

function sliceBook(book: BookResult, a: number, b: number): BookResult {
  const from = book.dates[a];
  const to = book.dates[b - 1];
  const inside = (d: string): boolean => d >= from && d <= to;
  return {
    name: book.name,
    title: book.title,
    strategyHash: book.strategyHash,
    dates: book.dates.slice(a, b),
    equity: book.equity.slice(a, b),
    cash: book.cash.slice(a, b),
    coreMtmPnl: book.coreMtmPnl.slice(a, b),
    interest: book.interest.slice(a, b),
    layers: Object.fromEntries(Object.entries(book.layers).map(([k, l]) => [k, sliceLayer(l, a, b)])),
    ledger: book.ledger.filter((t) => inside(t.date)),
    skipped: book.skipped.filter((s) => inside(s.date)),
    hedgeSpend: book.hedgeSpend?.slice(a, b),
    coreCredit: book.coreCredit?.slice(a, b),
    state: book.state
      ? Object.fromEntries(Object.entries(book.state).map(([k, v]) => [k, v.slice(a, b)]))
      : undefined,
  };
}

/** The run's day indices [a, b) inside [from, to] (ISO, inclusive, null = open), or null when none is. */
function eraRange(run: BacktestRun, from: string | null, to: string | null): [number, number] | null {
  const dates = run.books[0]?.dates ?? [];
  let a = 0;
  while (a < dates.length && from !== null && dates[a] < from) a++;
  let b = dates.length;
  while (b > a && to !== null && dates[b - 1] > to) b--;
  return b > a ? [a, b] : null;
}

/** The run cut to [from, to] (ISO, inclusive, null = open), or null when no day of the run is inside. */
export function sliceRun(run: BacktestRun, from: string | null, to: string | null): BacktestRun | null {
  const range = eraRange(run, from, to);
  if (range === null) return null;
  const [a, b] = range;
  const dates = run.books[0].dates;
  return {
    ...run,
    from: dates[a],
    to: dates[b - 1],
    spxClose: run.spxClose.slice(a, b),
    rateAnnual: run.rateAnnual.slice(a, b),
    vixClose: run.vixClose?.slice(a, b),
    backwardation: run.backwardation?.slice(a, b),
    books: run.books.map((bk) => sliceBook(bk, a, b)),
  };
}

/**
 * The claim check and each book's headline figures per era. Each era's figures are measured on the run cut
 * to it: drawdowns from the era's own running peak, costs over its own years. Eras without a day of the run
 * are left out.
 */
export function claimsByEra(
  run: BacktestRun,
  eras: readonly Era[] = CLAIM_ERAS,
  opts: MetricsOptions = DEFAULT_METRICS_OPTIONS,
  claims: readonly Claim[] = publishedClaims(),
): EraResult[] {
  const out: EraResult[] = [];
  for (const era of eras) {
    const cut = sliceRun(run, era.from, era.to);
    if (cut === null) continue;
    const metrics = cut.books.map((b) => bookMetrics(b, cut, opts));
    const unhedged = metrics.find((m) => m.name === cut.unhedged);
    out.push({
      era: era.id,
      from: cut.from,
      to: cut.to,
      days: cut.books[0].dates.length,
      claims: checkClaims(cut, metrics, claims),
      books: metrics.map((m) => ({
        book: m.name,
        cagr: m.cagr,
        maxDrawdown: m.maxDrawdown.depth,
        drawdownReduction:
          unhedged && m !== unhedged ? compareToUnhedged(m, unhedged).drawdownReduction : null,
        hedgeCost: m.hedgeCost?.allYears ?? null,
      })),
    });
  }
  return out;
}

/** Whether a run has days in more than one of the split eras (only then is the era split reported). */
export function spansEras(run: BacktestRun, eras: readonly Era[] = CLAIM_ERAS): boolean {
  const split = eras.filter((e) => e.from !== null || e.to !== null);
  return split.filter((e) => eraRange(run, e.from, e.to) !== null).length > 1;
}
