// The backtest summary as terminal text: the books side by side, the claim check, per-layer attribution,
// the stress windows, the year-by-year table and the trade statistics, each at most TERMINAL_WIDTH wide.
// Reads only the RunSummary, so it prints what JSON holds.
import type { BookSummary, RunSummary } from '../analytics/summary.js';
import type { Verdict } from '../analytics/claims.js';
import type { Distribution, ResampleResult } from '../analytics/resample.js';
import { bookLabels, stressHeading } from './labels.js';
import { count, dollars, num, pct } from './format.js';
import {
  renderTable,
  TERMINAL_WIDTH,
  type Cell,
  type CellStyle,
  type Column,
  type TableOptions,
} from './table.js';

const NA = 'n/a';

export { dollars, num, pct };

/** Every terminal table is laid out for the terminal's width. */
const fit = (color: boolean): TableOptions => ({ color, maxWidth: TERMINAL_WIDTH });

const VERDICT_STYLE: Record<Verdict, CellStyle> = {
  holds: 'good',
  'better than claimed': 'good',
  'worse than claimed': 'bad',
  'not measurable': 'warn',
};

function signStyle(x: number | null): CellStyle {
  return x === null || x === 0 ? 'plain' : x > 0 ? 'good' : 'bad';
}

const bookColumns = (s: RunSummary): Column[] =>
  bookLabels(s.books).map((header) => ({ header, align: 'right' as const }));

/** Whether the hedged book has a sleeve at all: without layers its sleeve P&L is n/a, not 0. */
const hasSleeve = (s: RunSummary): boolean =>
  (s.attribution.find((a) => a.book === s.run.hedged)?.layers.length ?? 0) > 0;

type PeriodBook = {
  book: string;
  ret: number | null;
  maxDrawdown: number | null;
  sleevePnlPct: number | null;
};

/** 'return / max drawdown' of every book in a period, in the books' column order; '-' for a book not in it. */
const perBookCells = (s: RunSummary, books: readonly PeriodBook[]): string[] =>
  s.books.map((sb) => {
    const b = books.find((x) => x.book === sb.name);
    return b ? `${pct(b.ret)} / ${pct(b.maxDrawdown)}` : '-';
  });

/** The hedged book's sleeve P&L in a period, as a cell. */
function sleeveCell(s: RunSummary, books: readonly PeriodBook[]): string {
  const h = books.find((x) => x.book === s.run.hedged);
  return h === undefined ? '-' : hasSleeve(s) ? pct(h.sleevePnlPct, 2) : NA;
}

/** A books-table cell: text, or text with a style the terminal colours. */
export type BookCell = string | Cell;

const credit = (b: BookSummary, k: 'cash' | 'mtm'): string => {
  const c = b.monthsCredited?.[k];
  return c ? `${pct(c.share)} (${count(c.credited)}/${count(c.considered)})` : NA;
};

/**
 * The metric rows of the books table, declared once: the terminal prints them and the HTML report's books
 * table is built from the same list (label and cell per book).
 */
export const BOOK_ROWS: readonly { label: string; cell: (b: BookSummary, s: RunSummary) => BookCell }[] = [
  { label: 'Total return', cell: (b) => pct(b.totalReturn) },
  { label: 'CAGR', cell: (b) => pct(b.cagr, 2) },
  {
    label: 'CAGR vs unhedged',
    cell: (b, s) => (b.name === s.run.unhedged ? '-' : pct(b.cagrVsUnhedged, 2)),
  },
  { label: 'Volatility (ann.)', cell: (b) => pct(b.volatility) },
  { label: 'Sharpe', cell: (b) => num(b.sharpe) },
  { label: 'Sortino', cell: (b) => num(b.sortino) },
  { label: 'Calmar', cell: (b) => num(b.calmar) },
  { label: 'Ulcer index', cell: (b) => pct(b.ulcer) },
  { label: 'Max drawdown', cell: (b) => ({ text: pct(b.maxDrawdown.depth), style: 'bad' }) },
  { label: '  peak', cell: (b) => b.maxDrawdown.peakDate },
  { label: '  trough', cell: (b) => b.maxDrawdown.troughDate },
  { label: '  recovered', cell: (b) => b.maxDrawdown.recoveryDate ?? 'not yet' },
  {
    label: 'DD reduction vs unhedged',
    cell: (b, s) =>
      b.name === s.run.unhedged
        ? '-'
        : { text: pct(b.drawdownReduction), style: signStyle(b.drawdownReduction) },
  },
  { label: 'Longest under water', cell: (b) => `${count(b.longestUnderwater.days)} d` },
  { label: '  from', cell: (b) => b.longestUnderwater.from },
  { label: '  to', cell: (b) => b.longestUnderwater.to ?? 'not yet' },
  { label: 'Time under water', cell: (b) => pct(b.shareUnderwater) },
  {
    label: 'Worst month',
    cell: (b) => (b.worstMonth ? `${pct(b.worstMonth.ret)} ${b.worstMonth.month}` : NA),
  },
  { label: 'Hedge cost / yr (all)', cell: (b) => pct(b.hedgeCost?.allYears ?? null, 2) },
  { label: 'Hedge cost / yr (calm yrs)', cell: (b) => pct(b.hedgeCost?.calmYears ?? null, 2) },
  { label: 'Months credited (mtm)', cell: (b) => credit(b, 'mtm') },
  { label: 'Months credited (cash)', cell: (b) => credit(b, 'cash') },
  { label: 'End equity', cell: (b) => dollars(b.endEquity) },
];

function booksTable(s: RunSummary, color: boolean): string {
  const rows = BOOK_ROWS.map((r) => [r.label, ...s.books.map((b) => r.cell(b, s))]);
  return renderTable(
    { title: 'Books', columns: [{ header: 'metric' }, ...bookColumns(s)], rows },
    fit(color),
  );
}

function claimsTable(s: RunSummary, color: boolean): string {
  const rows = s.claims.map((c) => {
    const claimed =
      c.range[0] === c.range[1]
        ? `${pct(c.range[0], 0)} ±${pct(c.tolerance, 0)}`
        : `${pct(c.range[0], 0)}-${pct(c.range[1], 0)}`;
    return [
      c.statement,
      claimed,
      pct(c.measured, 1),
      { text: c.verdict, style: VERDICT_STYLE[c.verdict] },
      c.note,
    ];
  });
  return renderTable(
    {
      title: `Claim check (${s.run.hedged} vs ${s.run.unhedged})`,
      columns: [
        { header: 'claim' },
        { header: 'claimed', align: 'right' },
        { header: 'measured', align: 'right' },
        { header: 'verdict' },
        { header: 'note' },
      ],
      rows,
    },
    fit(color),
  );
}

/** The claim check and headline figures per era (runs that span 1990-2006 and 2007-2026 only). */
function erasTable(s: RunSummary, color: boolean): string {
  const eras = s.eras ?? [];
  const claimRows = (s.claims ?? []).map((c, k) => [
    c.statement,
    ...eras.map((e) => `${pct(e.claims[k]?.measured ?? null, 1)} ${e.claims[k]?.verdict ?? ''}`),
  ]);
  const bookRows =
    eras.length === 0
      ? []
      : eras[0].books.flatMap((b, k) => [
          [`${b.book}: CAGR`, ...eras.map((e) => pct(e.books[k]?.cagr ?? null, 2))],
          [`${b.book}: max drawdown`, ...eras.map((e) => pct(e.books[k]?.maxDrawdown ?? null, 1))],
          [`${b.book}: DD reduction`, ...eras.map((e) => pct(e.books[k]?.drawdownReduction ?? null, 1))],
          [`${b.book}: hedge cost / yr`, ...eras.map((e) => pct(e.books[k]?.hedgeCost ?? null, 2))],
        ]);
  return renderTable(
    {
      title: 'By era (each measured on the run cut to its dates)',
      columns: [
        { header: '' },
        ...eras.map((e) => ({ header: `${e.era} (${e.from}..${e.to})`, align: 'right' as const })),
      ],
      rows: [...claimRows, ...bookRows],
    },
    fit(color),
  );
}

function attributionTables(s: RunSummary, color: boolean): string {
  const rows: (string | Cell)[][] = [];
  for (const a of s.attribution) {
    rows.push([a.book, 'core (condors)', dollars(a.coreMtmPnl), '', '']);
    rows.push([a.book, 'interest', dollars(a.interest), '', '']);
    for (const l of a.layers)
      rows.push([a.book, l.layer, dollars(l.mtmPnl), dollars(l.cashFlow), count(l.activeDays)]);
    if (a.layers.length > 0)
      rows.push([
        a.book,
        'sleeve total',
        { text: dollars(a.sleeveMtmPnl), style: signStyle(a.sleeveMtmPnl) },
        '',
        '',
      ]);
  }
  const total = renderTable(
    {
      title: 'Attribution (total P&L, $)',
      columns: [
        { header: 'book' },
        { header: 'part' },
        { header: 'mtm P&L', align: 'right' },
        { header: 'cash flow', align: 'right' },
        { header: 'days held', align: 'right' },
      ],
      rows,
    },
    fit(color),
  );
  const hedged = s.attribution.find((a) => a.book === s.run.hedged);
  if (!hedged || hedged.layers.length === 0) return total;
  const years = hedged.layers[0].byYear.map((y) => y.year);
  const perYear = renderTable(
    {
      title: `Attribution per year, ${hedged.book} (mtm P&L, $)`,
      columns: [
        { header: 'year' },
        ...hedged.layers.map((l) => ({ header: l.layer, align: 'right' as const })),
      ],
      rows: years.map((y, k) => [y, ...hedged.layers.map((l) => dollars(l.byYear[k].mtmPnl))]),
    },
    fit(color),
  );
  return `${total}\n\n${perYear}`;
}

function stressTable(s: RunSummary, color: boolean): string {
  const heading = stressHeading(s.run.source);
  const rows = s.stress.map((w) => [
    w.name,
    `${w.from} .. ${w.to}`,
    w.coverage === 'full' ? 'full' : { text: w.coverage, style: 'warn' as const },
    pct(w.spxReturn),
    ...perBookCells(s, w.books),
    sleeveCell(s, w.books),
  ]);
  const table = renderTable(
    {
      title: heading.title,
      columns: [
        { header: 'window' },
        { header: 'dates' },
        { header: 'in run' },
        { header: 'SPX', align: 'right' },
        ...bookColumns(s),
        { header: 'sleeve P&L', align: 'right' },
      ],
      rows,
    },
    fit(color),
  );
  return heading.note === null ? table : `${table}\n${heading.note}`;
}

function yearlyTable(s: RunSummary, color: boolean): string {
  const rows = s.yearly.map((y) => [
    y.year,
    count(y.days),
    pct(y.spxReturn),
    {
      text: `${pct(y.spxDrawdown)}${y.spxSevere ? ' *' : ''}`,
      style: y.spxSevere ? ('bad' as const) : ('plain' as const),
    },
    ...perBookCells(s, y.books),
    sleeveCell(s, y.books),
  ]);
  const table = renderTable(
    {
      title: 'Year by year (return / max drawdown inside the year)',
      columns: [
        { header: 'year' },
        { header: 'days', align: 'right' },
        { header: 'SPX', align: 'right' },
        { header: 'SPX DD', align: 'right' },
        ...bookColumns(s),
        { header: 'sleeve P&L', align: 'right' },
      ],
      rows,
    },
    fit(color),
  );
  const sleeve = hasSleeve(s)
    ? `sleeve P&L of ${s.run.hedged} as % of the year's average equity, + = gain`
    : `sleeve P&L n/a: ${s.run.hedged} has no hedge layers`;
  const note = `* SPX drawdown of ${pct(s.settings.spxDrawdownThreshold, 0)} or more (${s.settings.spxDrawdownMode}); ${sleeve}`;
  return `${table}\n${note}`;
}

type StatsRow = RunSummary['trades'][number]['all'];

const statCells = (t: StatsRow): (string | Cell)[] => [
  count(t.count),
  pct(t.winRate),
  dollars(t.avgWin),
  dollars(t.avgLoss),
  { text: dollars(t.largestLoss), style: t.largestLoss === null ? 'plain' : 'bad' },
  { text: dollars(t.totalPnl), style: signStyle(t.totalPnl) },
  num(t.avgDaysHeld, 1),
];

const STAT_COLUMNS: Column[] = [
  { header: 'trades', align: 'right' },
  { header: 'win rate', align: 'right' },
  { header: 'avg win $', align: 'right' },
  { header: 'avg loss $', align: 'right' },
  { header: 'largest loss $', align: 'right' },
  { header: 'total P&L $', align: 'right' },
  { header: 'avg days', align: 'right' },
];

/** Round trips per book and sleeve, then the main book's per sleeve and exit reason (per year: HTML, JSON). */
function tradesTables(s: RunSummary, color: boolean): string {
  const rows = s.trades.flatMap((b) => [
    ...b.bySleeve.map((x) => [b.book, x.sleeve, ...statCells(x)]),
    ...(b.openAtEnd.count > 0
      ? [[b.book, `${b.openAtEnd.count} open at end`, '', '', '', '', '', dollars(b.openAtEnd.pnl), '']]
      : []),
  ]);
  const perSleeve = renderTable(
    {
      title: 'Trades: closed round trips per book and sleeve (P&L after commissions)',
      columns: [{ header: 'book' }, { header: 'sleeve' }, ...STAT_COLUMNS],
      rows,
    },
    fit(color),
  );
  const hedged = s.trades.find((b) => b.book === s.run.hedged);
  if (!hedged) return perSleeve;
  const perExit = renderTable(
    {
      title: `Trades of ${hedged.book} by exit reason`,
      columns: [{ header: 'sleeve' }, { header: 'exit' }, ...STAT_COLUMNS],
      rows: hedged.byExit.map((x) => [x.sleeve, x.exit, ...statCells(x)]),
    },
    fit(color),
  );
  return `${perSleeve}\n\n${perExit}`;
}

/**
 * A note as indented lines of at most TERMINAL_WIDTH, broken at spaces (a word longer than a line stays whole),
 * ending in a newline.
 */
export function wrapNote(note: string, indent = '  ', width = TERMINAL_WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of note.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    const prefix = lines.length === 0 ? indent.length : indent.length + 2;
    if (line !== '' && prefix + next.length > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines.map((l, k) => `${k === 0 ? indent : `${indent}  `}${l}`.trimEnd()).join('\n') + '\n';
}

const distributionCells = (d: Distribution): string[] => [
  pct(d.actual),
  pct(d.p5),
  pct(d.p25),
  pct(d.median),
  pct(d.p75),
  pct(d.p95),
];

/** The resampling stress test: each book's distributions, the drawdown probability, each claim's share. */
export function renderResample(r: ResampleResult, opts: { color: boolean }): string {
  const rows = r.books.flatMap((b) => [
    [b.book, 'max drawdown', ...distributionCells(b.maxDrawdown)],
    [b.book, 'CAGR', ...distributionCells(b.cagr)],
    [b.book, 'worst year', ...distributionCells(b.worstYear)],
  ]);
  const dist = renderTable(
    {
      title: `Resampling stress test: ${count(r.samples)} stationary block bootstrap paths of the daily returns (mean block ${r.meanBlockDays} trading days, seed ${r.seed})`,
      columns: [
        { header: 'book' },
        { header: 'metric' },
        { header: 'history', align: 'right' },
        { header: '5th pct', align: 'right' },
        { header: '25th', align: 'right' },
        { header: 'median', align: 'right' },
        { header: '75th', align: 'right' },
        { header: '95th pct', align: 'right' },
      ],
      rows,
    },
    fit(opts.color),
  );
  const threshold = renderTable(
    {
      title: `Probability of a max drawdown deeper than ${pct(r.drawdownThreshold, 0)}`,
      columns: [{ header: 'book' }, { header: 'resamples', align: 'right' }, { header: 'history' }],
      rows: r.books.map((b) => [
        b.book,
        pct(b.drawdownPastThreshold),
        b.actualPastThreshold ? 'deeper' : 'not deeper',
      ]),
    },
    fit(opts.color),
  );
  const claims = renderTable(
    {
      title: 'Claims on the resamples (share of resamples where each claim could be measured)',
      columns: [
        { header: 'claim' },
        { header: 'on history' },
        { header: 'holds', align: 'right' },
        { header: 'better', align: 'right' },
        { header: 'worse', align: 'right' },
      ],
      rows: r.claims.map((c) => [
        c.statement,
        { text: c.actual, style: VERDICT_STYLE[c.actual] },
        pct(c.holds),
        pct(c.better),
        pct(c.worse),
      ]),
    },
    fit(opts.color),
  );
  return [dist, threshold, claims].join('\n\n');
}

export function renderBacktestSummary(summary: RunSummary, opts: { color: boolean }): string {
  const r = summary.run;
  const head = `${r.source} data, ${r.from} to ${r.to} (${count(r.days)} trading days), data ${r.dataFingerprint}`;
  const modelled = (r.modelled ?? []).map(
    (m) =>
      `MODELLED ${m.input} on ${count(m.days)} day(s): ${m.ranges.map((x) => (x.from === x.to ? x.from : `${x.from}..${x.to}`)).join(', ')}`,
  );
  return [
    [head, ...modelled].join('\n'),
    booksTable(summary, opts.color),
    claimsTable(summary, opts.color),
    ...(summary.eras ? [erasTable(summary, opts.color)] : []),
    attributionTables(summary, opts.color),
    stressTable(summary, opts.color),
    yearlyTable(summary, opts.color),
    tradesTables(summary, opts.color),
  ].join('\n\n');
}
