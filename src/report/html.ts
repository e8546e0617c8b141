// The HTML report: one self-contained file (ECharts inlined, no network requests) with the claim check,
// the charts, the year-by-year and stress tables, the strategy file and the data fingerprint.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResampleResult } from '../analytics/resample.js';
import type { RunSummary } from '../analytics/summary.js';
import { roundTrips } from '../analytics/trades.js';
import type { BacktestRun } from '../engine/result.js';
import { backtestCharts, type ChartSpec } from './charts.js';
import { count } from './format.js';
import {
  chartDiv,
  monteCarloSection,
  resampleSection,
  type MonteCarloReportInput,
} from './html-distributions.js';
import {
  attributionTables,
  booksTable,
  drawdownEpisodesTable,
  escapeHtml,
  fpct,
  htmlTable,
  monthlyHeatmaps,
  TABLE_SCRIPT,
  tradeListTable,
  tradeStatsTables,
} from './html-tables.js';
import { bookLabels, stressHeading } from './labels.js';

export type { MonteCarloReportInput };
/** Shared with the study page. */
export { escapeHtml };

export interface HtmlReportInput {
  run: BacktestRun;
  summary: RunSummary;
  notes: string[];
  strategyText: string;
  strategyHash: string;
  title?: string;
  monteCarlo?: MonteCarloReportInput;
  resample?: ResampleResult | null;
}

let echartsSource: string | null = null;

/** The ECharts browser bundle, read once from the installed package. */
export function echartsScript(): string {
  if (echartsSource === null) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    // A literal "</script" inside the bundle would end the inline script early.
    echartsSource = readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return echartsSource;
}

function verdictClass(v: string): string {
  return v === 'holds'
    ? 'holds'
    : v === 'better than claimed'
      ? 'better'
      : v === 'worse than claimed'
        ? 'worse'
        : 'na';
}

const pct = fpct;

function claimTable(summary: RunSummary): string {
  const rows = summary.claims
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.statement)}</td><td>${c.range[0] === c.range[1] ? pct(c.range[0], 0) : `${pct(c.range[0], 0)}-${pct(c.range[1], 0)}`}${c.tolerance > 0 ? ` ±${pct(c.tolerance, 0)}` : ''}</td><td>${pct(c.measured)}</td><td class="verdict ${verdictClass(c.verdict)}">${escapeHtml(c.verdict)}</td><td>${escapeHtml(c.measuredAs)}${c.note ? ` (${escapeHtml(c.note)})` : ''}</td></tr>`,
    )
    .join('\n');
  return `<table class="claims" data-section="claims"><thead><tr><th>claim</th><th>claimed</th><th>measured</th><th>verdict</th><th>measured as</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function yearlyTable(summary: RunSummary): string {
  const names = summary.books.map((b) => b.name);
  return htmlTable(
    ['year', 'SPX', 'SPX drawdown', ...bookLabels(summary.books)],
    summary.yearly.map((y) => [
      y.year,
      pct(y.spxReturn),
      `${pct(y.spxDrawdown)}${y.spxSevere ? ' *' : ''}`,
      ...names.map((n) => {
        const b = y.books.find((x) => x.book === n);
        return b ? `${pct(b.ret)} / ${pct(b.maxDrawdown)}` : '-';
      }),
    ]),
    'data-section="yearly"',
  );
}

function stressTable(summary: RunSummary): string {
  const names = summary.books.map((b) => b.name);
  return htmlTable(
    ['window', 'coverage', 'SPX', ...bookLabels(summary.books)],
    summary.stress.map((w) => [
      `${w.name} (${w.from} .. ${w.to})`,
      w.coverage,
      pct(w.spxReturn),
      ...names.map((n) => {
        const b = w.books.find((x) => x.book === n);
        return b ? `${pct(b.ret)} / ${pct(b.maxDrawdown)}` : '-';
      }),
    ]),
    'data-section="stress"',
  );
}

function stressSection(summary: RunSummary): string {
  const heading = stressHeading(summary.run.source);
  const note = heading.note === null ? '' : `\n<p class="meta">${escapeHtml(heading.note)}</p>`;
  return `<section id="stress">\n<h2>${escapeHtml(heading.title)}</h2>\n${stressTable(summary)}${note}\n</section>`;
}

// Laid out for 1024 px and up with no horizontal scroll: tables take the page's width and wrap their first
// column and headers; the wide ones (trades, heatmaps) use a smaller type.
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 0 auto; padding: 16px 20px; max-width: 1200px; color: #1d2430; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #d8dde6; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 4px; color: #3a4456; }
nav { font-size: 12px; line-height: 1.8; margin-top: 8px; } nav a { color: #1d5fb4; margin-right: 10px; white-space: nowrap; }
.meta { color: #5a6475; font-size: 13px; line-height: 1.6; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 4px; font-weight: 600; font-size: 12px; }
.badge.real { background: #e3f1e6; color: #1d6b35; } .badge.synthetic { background: #fff1d6; color: #8a5a00; }
table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; max-width: 100%; }
th, td { border-bottom: 1px solid #e6e9ef; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
td.neg { color: #b42318; }
table.claims td:last-child { white-space: normal; text-align: left; color: #5a6475; }
.verdict.holds { color: #1d6b35; font-weight: 600; } .verdict.better { color: #1d5fb4; font-weight: 600; } .verdict.worse { color: #b42318; font-weight: 600; }
.chart { width: 100%; height: 380px; margin: 12px 0; }
.heatmaps { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 4px 24px; }
figure { margin: 0; } figcaption { font-size: 13px; font-weight: 600; margin-top: 10px; }
table.heatmap { font-size: 11px; width: 100%; } table.heatmap td { padding: 2px 4px; } table.heatmap td.year { font-weight: 600; }
table.trades { font-size: 11.5px; width: 100%; } table.trades td.legs { white-space: normal; text-align: left; font-size: 10.5px; color: #3a4456; min-width: 220px; }
table.sortable th { cursor: pointer; } table.sortable th[data-dir="asc"]::after { content: ' ▲'; } table.sortable th[data-dir="desc"]::after { content: ' ▼'; }
.trades-wrap { max-height: 640px; overflow-y: auto; }
pre { background: #f5f7fa; padding: 12px; font-size: 12px; white-space: pre-wrap; word-break: break-word; }
ul.notes { font-size: 13px; color: #5a6475; }
`;

function chartsScript(charts: ChartSpec[]): string {
  const options = JSON.stringify(Object.fromEntries(charts.map((c) => [c.id, { option: c.option }]))).replace(
    /</g,
    '\\u003c',
  );
  return `
const CHARTS = ${options};
for (const el of document.querySelectorAll('[data-chart]')) {
  const spec = CHARTS[el.dataset.chart];
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption(spec.option);
  window.addEventListener('resize', () => chart.resize());
}`;
}

/** The document up to and including <body>: the reports' shared style plus any page-specific rules. */
export function pageHead(title: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
`;
}

function page(title: string, headerHtml: string, sections: string[], charts: ChartSpec[]): string {
  return `${pageHead(title)}${headerHtml}
${sections.join('\n')}
<script>${echartsScript()}</script>
<script>${chartsScript(charts)}</script>
<script>${TABLE_SCRIPT}</script>
</body>
</html>
`;
}

/** Links to every titled section, in page order. */
function contents(sections: readonly string[]): string {
  const links = sections.flatMap((html) => {
    const m = /^<section id="([^"]+)">\n<h2>([^<]*)<\/h2>/.exec(html);
    return m ? [`<a href="#${m[1]}">${m[2].replace(/ \(.*$/, '')}</a>`] : [];
  });
  return `<nav>${links.join(' ')}</nav>`;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { run, summary } = input;
  const title =
    input.title ?? `alvh report: ${summary.books[0]?.title ?? run.hedged}, ${run.from} .. ${run.to}`;
  const charts = backtestCharts(run);
  const byId = new Map(charts.map((c) => [c.id, c]));
  const hedged = run.books.find((b) => b.name === run.hedged)?.title ?? run.hedged;
  const chart = (id: string, missing = 'no data to draw'): string => chartDiv(byId.get(id), missing);
  const header = `<h1>${escapeHtml(title)}</h1>
<div class="meta"><span class="badge ${run.source}">${run.source === 'real' ? 'REAL DATA' : 'SYNTHETIC MARKET'}</span>
${escapeHtml(run.panelDescription)}<br>
data fingerprint <code>${escapeHtml(run.dataFingerprint)}</code> · strategy hash <code>${escapeHtml(input.strategyHash)}</code> · ${run.from} .. ${run.to}, ${count(summary.run.days)} trading days</div>`;
  const trips = run.books.flatMap((b) => roundTrips(b));
  const section = (id: string, title: string, body: string): string =>
    `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const sections = [
    section('claims', `Claim check (${run.hedged} against ${run.unhedged})`, claimTable(summary)),
    section('books', 'Books', booksTable(summary)),
    section('equity', 'Equity', `${chart('equity')}\n${chart('equity-log')}`),
    section('attribution', 'Total return and attribution ($)', attributionTables(summary)),
    section('drawdowns', 'Drawdowns', chart('drawdown')),
    section(
      'drawdown-episodes',
      'Drawdown episodes',
      `<p class="meta">The five deepest falls of each book from a running peak, to the first close back at the peak.</p>\n${drawdownEpisodesTable(run)}`,
    ),
    section('monthly-returns', 'Monthly returns', monthlyHeatmaps(run)),
    section('return-distribution', 'Return distribution', chart('return-distribution')),
    section(
      'rolling',
      'Rolling 12 months',
      `${chart('rolling-return', 'the run is shorter than 12 months')}\n${chart('rolling-volatility', '')}\n${chart('rolling-sharpe', '')}`,
    ),
    section(
      'sleeve',
      'Hedge sleeve',
      `${chart('sleeve-monthly', `${hedged}: no hedge layers, no sleeve P&L`)}\n${chart('layers-timeline')}`,
    ),
    section(
      'yearly',
      'Year by year (return / max drawdown inside the year)',
      `${yearlyTable(summary)}\n<p class="meta">* SPX drawdown of ${fpct(summary.settings.spxDrawdownThreshold, 0)} or more inside the year.</p>`,
    ),
    stressSection(summary),
    section(
      'trades',
      'Trades',
      `${tradeStatsTables(summary)}\n<h3>Every round trip</h3>\n<div class="trades-wrap">${tradeListTable(
        trips,
        run.books.map((b) => b.name),
        run.hedged,
      )}</div>`,
    ),
  ];
  if (input.resample) {
    const rs = resampleSection(input.resample, run.hedged, run.unhedged);
    sections.push(`<section id="resample">\n${rs.html}\n</section>`);
    charts.push(...rs.charts);
  }
  if (input.monteCarlo) {
    const mc = monteCarloSection(input.monteCarlo);
    sections.push(mc.html);
    charts.push(...mc.charts);
  }
  sections.push(
    `<h2>Notes</h2>\n<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
  );
  sections.push(`<h2>Strategy file</h2>\n<pre>${escapeHtml(input.strategyText)}</pre>`);
  return page(title, `${header}\n${contents(sections)}`, sections, charts);
}

/** A Monte Carlo run on its own page. */
export function renderMonteCarloHtml(
  input: MonteCarloReportInput & { notes: string[]; title?: string; strategyHash: string },
): string {
  const title = input.title ?? `alvh Monte Carlo: ${input.paths} paths x ${input.years} years`;
  const mc = monteCarloSection(input);
  const header = `<h1>${escapeHtml(title)}</h1><div class="meta"><span class="badge synthetic">SYNTHETIC MARKET</span> strategy hash <code>${escapeHtml(input.strategyHash)}</code></div>`;
  return page(
    title,
    header,
    [
      mc.html,
      `<h2>Notes</h2>\n<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
    ],
    mc.charts,
  );
}
