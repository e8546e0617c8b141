// Round trips from the ledger: one row per position (its opening, closing and settling fills grouped by the
// position id), and trade statistics per book, exit reason, sleeve and year of the close.
import { isoToDay } from '../core/dates.js';
import type { BookResult, Trade } from '../engine/result.js';

/** One position from its opening fills to its last fill (or the run's end, when it is still open). */
export interface RoundTrip {
  book: string;
  position: number;
  /** 'core' for condors, else the hedge layer. */
  sleeve: string;
  openDate: string;
  /** Date of the last fill; null when a leg is still open at the run's end. */
  closeDate: string | null;
  /** The legs as opened: signed contracts and instrument, '; '-separated ('-10 SPX 2024-02-16 P 4500; ...'). */
  legs: string;
  legCount: number;
  /** Cash of the opening fills after commissions, in dollars: + credit received, - debit paid. */
  openCash: number;
  kind: 'credit' | 'debit';
  /** Why it ended, as the engine said it (details after ':' and the settlement print dropped): 'profit-take', 'stop', 'expiry-settle', ...; 'open at end' when still open. */
  exit: string;
  /** Sum of the cash of every fill of the position (commissions included), in dollars. */
  cash: number;
  /** Marked value of the legs still open at the run's end (0 for a closed trade). */
  openValue: number;
  /** cash + openValue: what the position made, in dollars. */
  pnl: number;
  /** Calendar days from the opening fill to the last fill (to the run's last date when still open). */
  daysHeld: number;
}

/** The exit reason without its details: 'expiry-settle at 4512.3' and 'stop: no bid (...)' name the rule only. */
export function exitReason(reason: string): string {
  return reason
    .split(':')[0]
    .replace(/ at -?[\d.]+$/, '')
    .trim();
}

/** The round trips of a book, in order of their position ids (the order they were opened). */
/**
 * The round trips of each book's ledger, kept once computed: the summary, trades.csv and the report each
 * read them. Keyed by the ledger array and checked against its length, so a ledger that grew is read again.
 */
const tripsOfLedger = new WeakMap<
  readonly Trade[],
  { length: number; openAtEnd: BookResult['openAtEnd']; trips: readonly RoundTrip[] }
>();

export function roundTrips(book: BookResult): readonly RoundTrip[] {
  const kept = tripsOfLedger.get(book.ledger);
  if (kept !== undefined && kept.length === book.ledger.length && book.openAtEnd === kept.openAtEnd)
    return kept.trips;
  const trips = computeRoundTrips(book);
  tripsOfLedger.set(book.ledger, { length: book.ledger.length, openAtEnd: book.openAtEnd, trips });
  return trips;
}

function computeRoundTrips(book: BookResult): RoundTrip[] {
  const byPosition = new Map<number, Trade[]>();
  for (const t of book.ledger) {
    const fills = byPosition.get(t.position);
    if (fills) fills.push(t);
    else byPosition.set(t.position, [t]);
  }
  const openValue = new Map<number, number>();
  for (const leg of book.openAtEnd ?? [])
    openValue.set(leg.position, (openValue.get(leg.position) ?? 0) + leg.value);
  const lastDate = book.dates[book.dates.length - 1];
  const ids = [...byPosition.keys()].sort((a, b) => a - b);
  return ids.map((id) => {
    const fills = byPosition.get(id)!;
    const first = fills[0];
    // The opening fills are the first ones: one per leg, on the opening day with the opening reason.
    let legCount = 0;
    while (
      legCount < fills.length &&
      fills[legCount].date === first.date &&
      fills[legCount].reason === first.reason
    )
      legCount++;
    const opening = fills.slice(0, legCount);
    const openCash = opening.reduce((s, f) => s + f.cash, 0);
    const cash = fills.reduce((s, f) => s + f.cash, 0);
    const stillOpen = openValue.has(id);
    const last = fills[fills.length - 1];
    const closeDate = stillOpen ? null : last.date;
    const value = openValue.get(id) ?? 0;
    return {
      book: book.name,
      position: id,
      sleeve: first.sleeve,
      openDate: first.date,
      closeDate,
      legs: opening.map((f) => `${f.quantity > 0 ? '+' : ''}${f.quantity} ${f.instrument}`).join('; '),
      legCount,
      openCash,
      kind: openCash >= 0 ? 'credit' : 'debit',
      exit: stillOpen ? 'open at end' : exitReason(last.reason),
      cash,
      openValue: value,
      pnl: cash + value,
      daysHeld: isoToDay(closeDate ?? lastDate) - isoToDay(first.date),
    };
  });
}

export interface TradeStats {
  /** Closed round trips (trades still open at the end are left out of the statistics). */
  count: number;
  wins: number;
  /** wins / count; null without trades. A win made money after commissions. */
  winRate: number | null;
  /** Mean P&L of the winners and of the others (losers and scratches), in dollars. */
  avgWin: number | null;
  avgLoss: number | null;
  /** The worst P&L when it is a loss; null when no trade lost. */
  largestLoss: number | null;
  totalPnl: number;
  avgDaysHeld: number | null;
}

export function tradeStats(trips: readonly RoundTrip[]): TradeStats {
  const closed = trips.filter((t) => t.closeDate !== null);
  const wins = closed.filter((t) => t.pnl > 0);
  const losses = closed.filter((t) => t.pnl <= 0);
  const mean = (xs: readonly number[]): number | null =>
    xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
  const worst = closed.reduce((m, t) => Math.min(m, t.pnl), Infinity);
  return {
    count: closed.length,
    wins: wins.length,
    winRate: closed.length > 0 ? wins.length / closed.length : null,
    avgWin: mean(wins.map((t) => t.pnl)),
    avgLoss: mean(losses.map((t) => t.pnl)),
    largestLoss: worst < 0 ? worst : null,
    totalPnl: closed.reduce((s, t) => s + t.pnl, 0),
    avgDaysHeld: mean(closed.map((t) => t.daysHeld)),
  };
}

export interface BookTradeStats {
  book: string;
  all: TradeStats;
  /** Trades still open at the run's end, and their P&L so far (marked). */
  openAtEnd: { count: number; pnl: number };
  bySleeve: ({ sleeve: string } & TradeStats)[];
  byExit: ({ sleeve: string; exit: string } & TradeStats)[];
  /** By the year of the close. */
  byYear: ({ year: string } & TradeStats)[];
}

function groupBy<K extends string>(
  trips: readonly RoundTrip[],
  key: (t: RoundTrip) => K,
): [K, RoundTrip[]][] {
  const groups = new Map<K, RoundTrip[]>();
  for (const t of trips) {
    const k = key(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Statistics of one book's round trips: all, per sleeve, per sleeve and exit reason, per year of the close. */
export function bookTradeStats(book: string, trips: readonly RoundTrip[]): BookTradeStats {
  const closed = trips.filter((t) => t.closeDate !== null);
  const open = trips.filter((t) => t.closeDate === null);
  return {
    book,
    all: tradeStats(closed),
    openAtEnd: { count: open.length, pnl: open.reduce((s, t) => s + t.pnl, 0) },
    bySleeve: groupBy(closed, (t) => t.sleeve).map(([sleeve, g]) => ({ sleeve, ...tradeStats(g) })),
    byExit: groupBy(closed, (t) => `${t.sleeve}\u0000${t.exit}`).map(([k, g]) => {
      const [sleeve, exit] = k.split('\u0000');
      return { sleeve, exit, ...tradeStats(g) };
    }),
    byYear: groupBy(closed, (t) => t.closeDate!.slice(0, 4)).map(([year, g]) => ({ year, ...tradeStats(g) })),
  };
}
