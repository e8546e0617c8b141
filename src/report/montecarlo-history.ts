// The real-history values of the Monte Carlo path metrics, read from a backtest's summary.json, so the Monte
// Carlo page can mark where real history fell on each synthetic distribution.
import { UserError } from '../core/errors.js';
import type { PathMetricName } from '../sim/path-metrics.js';

interface BookLike {
  name?: unknown;
  drawdownReduction?: unknown;
  cagrVsUnhedged?: unknown;
  maxDrawdown?: { depth?: unknown };
  hedgeCost?: { allYears?: unknown; calmYears?: unknown } | null;
  monthsCredited?: { mtm?: { share?: unknown }; cash?: { share?: unknown } } | null;
}

const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * Each path metric's value on the backtest of a summary.json (the document `alvh backtest` writes); a clear
 * error naming the file and the key when it is not one.
 */
export function historyFromSummary(
  doc: unknown,
  file: string,
): { values: Record<PathMetricName, number | null>; source: string } {
  const fail = (what: string): never => {
    throw new UserError(`${file}: not an alvh backtest summary.json (${what})`);
  };
  const summary = (doc as { summary?: unknown } | null)?.summary as
    | {
        run?: { hedged?: unknown; unhedged?: unknown; source?: unknown; from?: unknown; to?: unknown };
        books?: unknown;
      }
    | undefined;
  if (typeof summary !== 'object' || summary === null) fail("no key 'summary'");
  const run = summary!.run;
  if (typeof run?.hedged !== 'string' || typeof run.unhedged !== 'string') fail("no 'summary.run.hedged'");
  if (!Array.isArray(summary!.books)) fail("no 'summary.books' list");
  const books = summary!.books as BookLike[];
  const hedged =
    books.find((b) => b.name === run!.hedged) ?? fail(`no book '${String(run!.hedged)}' in summary.books`);
  const unhedged =
    books.find((b) => b.name === run!.unhedged) ??
    fail(`no book '${String(run!.unhedged)}' in summary.books`);
  return {
    values: {
      drawdownReduction: numOrNull(hedged.drawdownReduction),
      hedgeCostAllYears: numOrNull(hedged.hedgeCost?.allYears),
      hedgeCostCalmYears: numOrNull(hedged.hedgeCost?.calmYears),
      monthsCreditedMtm: numOrNull(hedged.monthsCredited?.mtm?.share),
      monthsCreditedCash: numOrNull(hedged.monthsCredited?.cash?.share),
      cagrDifference: numOrNull(hedged.cagrVsUnhedged),
      maxDrawdownHedged: numOrNull(hedged.maxDrawdown?.depth),
      maxDrawdownUnhedged: numOrNull(unhedged.maxDrawdown?.depth),
    },
    source: `${String(run!.hedged)} against ${String(run!.unhedged)} on ${String(run!.source)} data, ${String(run!.from)} .. ${String(run!.to)} (${file})`,
  };
}
