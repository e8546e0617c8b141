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

function booksTable(s: RunSummary, color: boolean): string {
  const books = s.books;
  const row = (label: string, f: (b: BookSummary) => string | Cell): (string | Cell)[] => [
    label,
    ...books.map(f),
  ];
  const credit = (b: BookSummary, k: 'cash' | 'mtm'): string => {
    const c = b.monthsCredited?.[k];
    return c ? `${pct(c.share)} (${c.credited}/${c.considered})` : NA;
  };
  const rows: (string | Cell)[][] = [
    row('Total return', (b) => pct(b.totalReturn)),
    row('CAGR', (b) => pct(b.cagr, 2)),
    row('CAGR vs unhedged', (b) => (b.name === s.run.unhedged ? '-' : pct(b.cagrVsUnhedged, 2))),
    row('Volatility (ann.)', (b) => pct(b.volatility)),
    row('Sharpe', (b) => num(b.sharpe)),
    row('Sortino', (b) => num(b.sortino)),
    row('Calmar', (b) => num(b.calmar)),
    row('Ulcer index', (b) => pct(b.ulcer)),
    row('Max drawdown', (b) => ({ text: pct(b.maxDrawdown.depth), style: 'bad' })),
    row('  peak', (b) => b.maxDrawdown.peakDate),
    row('  trough', (b) => b.maxDrawdown.troughDate),
    row('  recovered', (b) => b.maxDrawdown.recoveryDate ?? 'not yet'),
    row('DD reduction vs unhedged', (b) =>
      b.name === s.run.unhedged
        ? '-'
        : { text: pct(b.drawdownReduction), style: signStyle(b.drawdownReduction) },
    ),
    row('Longest under water', (b) => `${count(b.longestUnderwater.days)} d`),
    row('  from', (b) => b.longestUnderwater.from),
    row('  to', (b) => b.longestUnderwater.to ?? 'not yet'),
    row('Time under water', (b) => pct(b.shareUnderwater)),
    row('Worst month', (b) => (b.worstMonth ? `${pct(b.worstMonth.ret)} ${b.worstMonth.month}` : NA)),
    row('Hedge cost / yr (all)', (b) => pct(b.hedgeCost?.allYears ?? null, 2)),
    row('Hedge cost / yr (calm yrs)', (b) => pct(b.hedgeCost?.calmYears ?? null, 2)),
    row('Months credited (mtm)', (b) => credit(b, 'mtm')),
    row('Months credited (cash)', (b) => credit(b, 'cash')),
    row('End equity', (b) => dollars(b.endEquity)),
  ];
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
  return [
    head,
    booksTable(summary, opts.color),
    claimsTable(summary, opts.color),
    attributionTables(summary, opts.color),
    stressTable(summary, opts.color),
    yearlyTable(summary, opts.color),
    tradesTables(summary, opts.color),
  ].join('\n\n');
}
