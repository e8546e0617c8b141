// The report's tearsheet tables as HTML: books, total return and attribution, monthly-return heatmaps, the
// deepest drawdown episodes, trade statistics and the sortable trade list. Every number through format.ts.
import { deepestEpisodes } from '../analytics/drawdown-episodes.js';
import { monthlyReturnTable } from '../analytics/monthly-returns.js';
import type { RunSummary, TradesSummary } from '../analytics/summary.js';
import type { RoundTrip } from '../analytics/trades.js';
import type { BacktestRun } from '../engine/result.js';
import { count, dollars, num, pct } from './format.js';
import { bookLabels } from './labels.js';
import { BOOK_ROWS, type BookCell } from './terminal.js';

/** A table cell: text (escaped), an optional class, inline style and sort key. */
export interface HtmlCell {
  text: string;
  cls?: string;
  style?: string;
  sort?: number | string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NA = '-';
export const fpct = (x: number | null | undefined, d = 1): string => pct(x, d, NA);
export const fmoney = (x: number | null | undefined): string => dollars(x, NA);

function cellHtml(c: string | HtmlCell): string {
  if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
  const attrs = [
    c.cls ? ` class="${c.cls}"` : '',
    c.style ? ` style="${c.style}"` : '',
    c.sort !== undefined ? ` data-v="${escapeHtml(String(c.sort))}"` : '',
  ].join('');
  return `<td${attrs}>${escapeHtml(c.text)}</td>`;
}

/** A table with a header row; `attrs` are added to the table element (a class, data-section, ...). */
export function htmlTable(headers: string[], rows: (string | HtmlCell)[][], attrs = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('\n');
  return `<table${attrs ? ` ${attrs}` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * The books side by side, row for row the terminal's books table (BOOK_ROWS, declared once); the drawdown's
 * dates on their own rows so five books fit the page.
 */
export function booksTable(summary: RunSummary): string {
  const text = (c: BookCell): string => (typeof c === 'string' ? c : c.text);
  return htmlTable(
    ['', ...bookLabels(summary.books)],
    BOOK_ROWS.map((r) => [r.label.trim(), ...summary.books.map((b) => text(r.cell(b, summary)))]),
    'class="books" data-section="books"',
  );
}

/** Total return in dollars and its attribution: core condors, interest, each hedge layer; and per year. */
export function attributionTables(summary: RunSummary): string {
  const rows: string[][] = [];
  for (const a of summary.attribution) {
    const book = summary.books.find((b) => b.name === a.book);
    const total =
      book && book.startEquity !== null && book.endEquity !== null ? book.endEquity - book.startEquity : null;
    rows.push([a.book, 'total P&L (end - start equity)', fmoney(total), '', '']);
    rows.push([a.book, 'core (condors)', fmoney(a.coreMtmPnl), '', '']);
    rows.push([a.book, 'interest', fmoney(a.interest), '', '']);
    for (const l of a.layers)
      rows.push([a.book, l.layer, fmoney(l.mtmPnl), fmoney(l.cashFlow), count(l.activeDays)]);
    if (a.layers.length > 0) rows.push([a.book, 'sleeve total', fmoney(a.sleeveMtmPnl), '', '']);
  }
  const total = htmlTable(
    ['book', 'part', 'mtm P&L ($)', 'cash flow ($)', 'days held'],
    rows,
    'data-section="attribution"',
  );
  const hedged = summary.attribution.find((a) => a.book === summary.run.hedged);
  if (!hedged || hedged.layers.length === 0) return total;
  const years = hedged.layers[0].byYear.map((y) => y.year);
  const perYear = htmlTable(
    ['year', ...hedged.layers.map((l) => `${l.layer} ($)`)],
    years.map((y, k) => [y, ...hedged.layers.map((l) => fmoney(l.byYear[k].mtmPnl))]),
    'data-section="attribution-years"',
  );
  return `${total}\n<h3>Per year, ${escapeHtml(hedged.book)} (mark-to-market P&amp;L per layer)</h3>\n${perYear}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Green for gains, red for losses, stronger up to `cap` (a fraction); none for a missing value. */
export function heatStyle(x: number | null, cap = 0.1): string | undefined {
  if (x === null || !Number.isFinite(x)) return undefined;
  const a = Math.min(Math.abs(x) / cap, 1) * 0.75 + 0.05;
  return x >= 0
    ? `background: rgba(29, 140, 70, ${a.toFixed(2)})`
    : `background: rgba(200, 40, 30, ${a.toFixed(2)})`;
}

/** One heatmap per book: a row per year, a cell per month (%), and the year's return. */
export function monthlyHeatmaps(run: BacktestRun): string {
  const labels = bookLabels(run.books);
  return `<div class="heatmaps">${run.books
    .map((b, k) => {
      const rows = monthlyReturnTable(b.equity, b.dates).map((r) => [
        r.year,
        ...r.months.map((m) => ({ text: m === null ? '' : num(m * 100, 1), style: heatStyle(m) })),
        { text: num(r.yearReturn * 100, 1), style: heatStyle(r.yearReturn, 0.3), cls: 'year' },
      ]);
      return `<figure><figcaption>${escapeHtml(labels[k])}: monthly returns (%)</figcaption>${htmlTable(
        ['year', ...MONTHS, 'total'],
        rows,
        'class="heatmap" data-section="monthly-returns"',
      )}</figure>`;
    })
    .join('\n')}</div>`;
}

/** The five deepest drawdown episodes of every book, with peak, trough, recovery and their lengths. */
export function drawdownEpisodesTable(run: BacktestRun, k = 5): string {
  const labels = bookLabels(run.books);
  const rows = run.books.flatMap((b, j) =>
    deepestEpisodes(b.equity, b.dates, k).map((e, rank) => [
      labels[j],
      String(rank + 1),
      fpct(e.depth),
      e.peakDate,
      e.troughDate,
      e.recoveryDate ?? 'not yet',
      count(e.daysToTrough),
      e.daysToRecover === null ? NA : count(e.daysToRecover),
      count(e.calendarDays),
    ]),
  );
  return htmlTable(
    [
      'book',
      '#',
      'depth',
      'peak',
      'trough',
      'recovered',
      'trading days to trough',
      'trading days to recover',
      'calendar days under water',
    ],
    rows,
    'data-section="drawdown-episodes"',
  );
}

const statCells = (t: TradesSummary['all']): (string | HtmlCell)[] => [
  count(t.count),
  fpct(t.winRate),
  fmoney(t.avgWin),
  fmoney(t.avgLoss),
  { text: fmoney(t.largestLoss), cls: t.largestLoss === null ? undefined : 'neg' },
  { text: fmoney(t.totalPnl), cls: t.totalPnl === null || t.totalPnl >= 0 ? undefined : 'neg' },
  num(t.avgDaysHeld, 1, NA),
];
const STAT_HEADERS = [
  'trades',
  'win rate',
  'avg win ($)',
  'avg loss ($)',
  'largest loss ($)',
  'total P&L ($)',
  'avg days',
];

/** Trade statistics: per book and sleeve, per sleeve and exit reason, per year of the close. */
export function tradeStatsTables(summary: RunSummary): string {
  const perSleeve = htmlTable(
    ['book', 'sleeve', ...STAT_HEADERS],
    summary.trades.flatMap((b) => b.bySleeve.map((x) => [b.book, x.sleeve, ...statCells(x)])),
    'data-section="trade-stats"',
  );
  const perExit = htmlTable(
    ['book', 'sleeve', 'exit', ...STAT_HEADERS],
    summary.trades.flatMap((b) => b.byExit.map((x) => [b.book, x.sleeve, x.exit, ...statCells(x)])),
    'data-section="trade-exits"',
  );
  const perYear = htmlTable(
    ['book', 'year of close', ...STAT_HEADERS],
    summary.trades.flatMap((b) => b.byYear.map((x) => [b.book, x.year, ...statCells(x)])),
    'data-section="trade-years"',
  );
  const open = summary.trades
    .filter((b) => b.openAtEnd.count > 0)
    .map(
      (b) => `${b.book}: ${b.openAtEnd.count} open at the end (${fmoney(b.openAtEnd.pnl)} $ so far, marked)`,
    );
  return [
    '<h3>Per book and sleeve (closed round trips, P&amp;L after commissions)</h3>',
    perSleeve,
    open.length > 0 ? `<p class="meta">${escapeHtml(open.join('; '))}; left out of the statistics.</p>` : '',
    '<h3>Per exit reason</h3>',
    perExit,
    '<h3>Per year of the close</h3>',
    perYear,
  ].join('\n');
}

/** Every round trip, sortable by any column (click a header), with a filter by book. */
export function tradeListTable(
  trips: readonly RoundTrip[],
  books: readonly string[],
  selected: string,
): string {
  const options = ['all', ...books]
    .map(
      (b) => `<option value="${escapeHtml(b)}"${b === selected ? ' selected' : ''}>${escapeHtml(b)}</option>`,
    )
    .join('');
  const rows = trips.map((t) => [
    t.book,
    { text: String(t.position), sort: t.position },
    t.sleeve,
    t.openDate,
    t.closeDate ?? 'open',
    { text: t.legs, cls: 'legs' },
    t.kind,
    { text: fmoney(t.openCash), sort: t.openCash },
    t.exit,
    { text: fmoney(t.pnl), sort: t.pnl, cls: t.pnl < 0 ? 'neg' : undefined },
    { text: count(t.daysHeld), sort: t.daysHeld },
  ]);
  const table = htmlTable(
    ['book', 'id', 'sleeve', 'opened', 'closed', 'legs', 'kind', 'open cash ($)', 'exit', 'P&L ($)', 'days'],
    rows,
    'class="sortable trades" data-section="trades" id="trade-list"',
  );
  return `<p class="meta">${count(trips.length)} round trips (one row per position; trades.csv holds the same rows). Book: <select id="trade-book">${options}</select> · click a column title to sort.</p>\n${table}`;
}

/** The page script that sorts a table by a clicked column and filters the trade list by book. */
export const TABLE_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const body = table.tBodies[0];
  table.querySelectorAll('th').forEach((th, col) => {
    th.addEventListener('click', () => {
      const dir = th.dataset.dir === 'asc' ? -1 : 1;
      table.querySelectorAll('th').forEach((h) => delete h.dataset.dir);
      th.dataset.dir = dir === 1 ? 'asc' : 'desc';
      const key = (tr) => {
        const td = tr.cells[col];
        const v = td.dataset.v;
        return v !== undefined ? Number(v) : td.textContent;
      };
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      });
      for (const r of rows) body.appendChild(r);
    });
  });
}
const bookSelect = document.getElementById('trade-book');
if (bookSelect) {
  const apply = () => {
    for (const tr of document.getElementById('trade-list').tBodies[0].rows)
      tr.hidden = bookSelect.value !== 'all' && tr.cells[0].textContent !== bookSelect.value;
  };
  bookSelect.addEventListener('change', apply);
  apply();
}`;
