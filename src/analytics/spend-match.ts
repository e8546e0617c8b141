// The hedge cost that baselines are matched on: the same yearly cost the reports print, so a matched
// baseline's printed cost equals the main book's.
import type { BacktestRun, BookResult } from '../engine/result.js';
import { bookHedgeCost } from './metrics.js';

export function reportedHedgeCost(book: BookResult, run: BacktestRun): number {
  return bookHedgeCost(book, run)?.allYears ?? 0;
}
