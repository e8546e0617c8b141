// The Cboe benchmark family `alvh check benchmark NAME` compares against: for each index, the preset built
// to Cboe's methodology, the symbol of its published history, and whether the engine can run it yet.
export const BENCHMARK_NAMES = ['cndr', 'put', 'bxm', 'pput', 'cll', 'bfly'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchmarkDefinition {
  /** The column of Cboe's `<SYMBOL>_History.csv`. */
  symbol: string;
  /** The preset that trades it, or null with the reason it cannot be run yet. */
  preset: string | null;
  missing?: string;
}

const NEEDS_CORE =
  "needs the SPX index position and the short put / covered call / collar / butterfly core structures of the engine refactor (issue 'seams', milestone M3), not on main yet";

export const BENCHMARKS: Record<BenchmarkName, BenchmarkDefinition> = {
  cndr: { symbol: 'CNDR', preset: 'cndr' },
  put: { symbol: 'PUT', preset: null, missing: NEEDS_CORE },
  bxm: { symbol: 'BXM', preset: null, missing: NEEDS_CORE },
  pput: { symbol: 'PPUT', preset: null, missing: NEEDS_CORE },
  cll: { symbol: 'CLL', preset: null, missing: NEEDS_CORE },
  bfly: { symbol: 'BFLY', preset: null, missing: NEEDS_CORE },
};

/** The JSON `check benchmark --json` prints: the six figures. */
export function benchmarkFigures(c: {
  months: readonly string[];
  correlation: number;
  beta: number;
  trackingError: number;
  bookCagr: number;
  indexCagr: number;
}): Record<string, number> {
  return {
    months: c.months.length,
    correlation: c.correlation,
    beta: c.beta,
    tracking_error: c.trackingError,
    growth_strategy: c.bookCagr,
    growth_index: c.indexCagr,
  };
}
