// The hedge cost that baselines are matched on: the same yearly cost the reports print, so a matched
// baseline's printed cost equals the main book's.
import type { BacktestRun, BookResult } from '../engine/result.js';
import { bookMetrics } from './metrics.js';

export function reportedHedgeCost(book: BookResult, run: BacktestRun): number {
  return bookMetrics(book, run).hedgeCost?.allYears ?? 0;
}
