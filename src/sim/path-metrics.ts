// What one Monte Carlo path contributes: the claim quantities and the CAGR difference of the hedged book
// against its unhedged twin, computed by the same analytics as a single backtest.
import { bookMetrics, compareToUnhedged } from '../analytics/metrics.js';
import type { BacktestRun } from '../engine/result.js';

export const PATH_METRICS = [
  { name: 'drawdownReduction', label: 'drawdown reduction', claim: 'drawdown-reduction', percent: true },
  { name: 'hedgeCostAllYears', label: 'hedge cost per year', claim: 'hedge-cost-all-years', percent: true },
  {
    name: 'hedgeCostCalmYears',
    label: 'hedge cost per year, calm years',
    claim: 'hedge-cost-calm-years',
    percent: true,
  },
  {
    name: 'monthsCreditedMtm',
    label: 'months credited (mark-to-market)',
    claim: 'months-credited-mtm',
    percent: true,
  },
  {
    name: 'monthsCreditedCash',
    label: 'months credited (cash flow)',
    claim: 'months-credited-cash',
    percent: true,
  },
  { name: 'cagrDifference', label: 'CAGR hedged - unhedged', claim: null, percent: true },
  { name: 'maxDrawdownHedged', label: 'max drawdown, hedged', claim: null, percent: true },
  { name: 'maxDrawdownUnhedged', label: 'max drawdown, unhedged', claim: null, percent: true },
] as const;

export type PathMetricName = (typeof PATH_METRICS)[number]['name'];

const orNaN = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);

export function pathMetrics(run: BacktestRun): Record<PathMetricName, number> {
  const hedgedBook = run.books.find((b) => b.name === run.hedged)!;
  const unhedgedBook = run.books.find((b) => b.name === run.unhedged)!;
  const hedged = bookMetrics(hedgedBook, run);
  const unhedged = bookMetrics(unhedgedBook, run);
  const cmp = compareToUnhedged(hedged, unhedged);
  return {
    drawdownReduction: orNaN(cmp.drawdownReduction),
    hedgeCostAllYears: orNaN(hedged.hedgeCost?.allYears),
    hedgeCostCalmYears: orNaN(hedged.hedgeCost?.calmYears),
    monthsCreditedMtm: orNaN(hedged.monthsCredited?.mtm.share),
    monthsCreditedCash: orNaN(hedged.monthsCredited?.cash.share),
    cagrDifference: cmp.cagrDifference,
    maxDrawdownHedged: hedged.maxDrawdown.depth,
    maxDrawdownUnhedged: unhedged.maxDrawdown.depth,
  };
}
