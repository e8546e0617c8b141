// Labels the terminal tables and the HTML report share: unique book titles, and the stress table's heading,
// which says on a synthetic market that its windows are the path's own and not history's.
import { SYNTHETIC_WINDOW_DAYS } from '../analytics/stress.js';

/**
 * Book titles, made unique with the short name where two books share a title (the `condor` preset run as the
 * main strategy beside its own unhedged twin), so columns and chart legends stay distinct.
 */
export function bookLabels(books: readonly { name: string; title: string }[]): string[] {
  const count = new Map<string, number>();
  for (const b of books) count.set(b.title, (count.get(b.title) ?? 0) + 1);
  return books.map((b) => (count.get(b.title)! > 1 ? `${b.title} (${b.name})` : b.title));
}

export function stressHeading(source: 'real' | 'synthetic'): { title: string; note: string | null } {
  return source === 'synthetic'
    ? {
        title: `Stress windows: the synthetic path's own worst ${SYNTHETIC_WINDOW_DAYS}-trading-day SPX falls (return / max drawdown inside the window)`,
        note: 'Named historical windows (2008, 2020, ...) are not applied: on a synthetic market those dates are not those events.',
      }
    : { title: 'Stress windows (return / max drawdown inside the window)', note: null };
}
