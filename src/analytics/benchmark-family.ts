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

export const BENCHMARKS: Record<BenchmarkName, BenchmarkDefinition> = {
  cndr: { symbol: 'CNDR', preset: 'cndr' },
  put: { symbol: 'PUT', preset: 'put' },
  bxm: { symbol: 'BXM', preset: 'bxm' },
  pput: { symbol: 'PPUT', preset: 'pput' },
  cll: { symbol: 'CLL', preset: 'cll' },
  bfly: { symbol: 'BFLY', preset: 'bfly' },
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
