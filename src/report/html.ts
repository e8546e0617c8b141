// The HTML report: one self-contained file (ECharts inlined, no network requests) with the claim check,
// the charts, the year-by-year and stress tables, the strategy file and the data fingerprint.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResampleResult } from '../analytics/resample.js';
import type { RunSummary } from '../analytics/summary.js';
import type { BacktestRun } from '../engine/result.js';
import { backtestCharts, histogramChart, type ChartSpec } from './charts.js';
import { bookLabels, stressHeading } from './labels.js';

export interface MonteCarloReportInput {
  paths: number;
  years: number;
  metrics: { name: string; label: string; values: number[] }[];
  claims: { label: string; shareHolding: number | null }[];
}

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
function echartsScript(): string {
  if (echartsSource === null) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    // A literal "</script" inside the bundle would end the inline script early.
    echartsSource = readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return echartsSource;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const pct = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(d)}%`;
const money = (x: number | null | undefined): string =>
  x === null || x === undefined ? '-' : Math.round(x).toLocaleString('en-US');
const num = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined ? '-' : x.toFixed(d);

function table(headers: string[], rows: string[][], cls = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="${cls}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
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

function claimTable(summary: RunSummary): string {
  const rows = summary.claims
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.statement)}</td><td>${c.range[0] === c.range[1] ? pct(c.range[0], 0) : `${pct(c.range[0], 0)}-${pct(c.range[1], 0)}`}${c.tolerance > 0 ? ` ±${pct(c.tolerance, 0)}` : ''}</td><td>${pct(c.measured)}</td><td class="verdict ${verdictClass(c.verdict)}">${escapeHtml(c.verdict)}</td><td>${escapeHtml(c.measuredAs)}${c.note ? ` (${escapeHtml(c.note)})` : ''}</td></tr>`,
    )
    .join('\n');
  return `<table class="claims"><thead><tr><th>claim</th><th>claimed</th><th>measured</th><th>verdict</th><th>measured as</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function booksTable(summary: RunSummary): string {
  const b = summary.books;
  const row = (label: string, f: (x: (typeof b)[number]) => string): string[] => [label, ...b.map(f)];
  return table(
    ['', ...bookLabels(b)],
    [
      row('CAGR', (x) => pct(x.cagr, 2)),
      row('Volatility', (x) => pct(x.volatility)),
      row('Sharpe', (x) => num(x.sharpe)),
      row('Sortino', (x) => num(x.sortino)),
      row('Calmar', (x) => num(x.calmar)),
      row('Ulcer index', (x) => pct(x.ulcer)),
      row(
        'Max drawdown',
        (x) => `${pct(x.maxDrawdown.depth)} (${x.maxDrawdown.peakDate} .. ${x.maxDrawdown.troughDate})`,
      ),
      row('Drawdown reduction vs unhedged', (x) => pct(x.drawdownReduction)),
      row('Longest under water', (x) => `${x.longestUnderwater.days} d`),
      row('Worst month', (x) => (x.worstMonth ? `${pct(x.worstMonth.ret)} ${x.worstMonth.month}` : '-')),
      row('Hedge cost / year (all)', (x) => (x.hedgeCost ? pct(x.hedgeCost.allYears, 2) : 'n/a')),
      row('Hedge cost / year (calm years)', (x) => (x.hedgeCost ? pct(x.hedgeCost.calmYears, 2) : 'n/a')),
      row('Months credited (mtm)', (x) => (x.monthsCredited ? pct(x.monthsCredited.mtm.share) : 'n/a')),
      row('Months credited (cash)', (x) => (x.monthsCredited ? pct(x.monthsCredited.cash.share) : 'n/a')),
      row('End equity', (x) => money(x.endEquity)),
    ],
    'books',
  );
}

function yearlyTable(summary: RunSummary): string {
  const names = summary.books.map((b) => b.name);
  return table(
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
  );
}

function stressTable(summary: RunSummary): string {
  const names = summary.books.map((b) => b.name);
  return table(
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
  );
}

function stressSection(summary: RunSummary): string {
  const heading = stressHeading(summary.run.source);
  const note = heading.note === null ? '' : `\n<p class="meta">${escapeHtml(heading.note)}</p>`;
  return `<h2>${escapeHtml(heading.title)}</h2>\n${stressTable(summary)}${note}`;
}

const STYLE = `
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1200px; color: #1d2430; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #d8dde6; padding-bottom: 4px; }
.meta { color: #5a6475; font-size: 13px; line-height: 1.6; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 4px; font-weight: 600; font-size: 12px; }
.badge.real { background: #e3f1e6; color: #1d6b35; } .badge.synthetic { background: #fff1d6; color: #8a5a00; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #e6e9ef; padding: 4px 10px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
table.claims td:last-child { white-space: normal; text-align: left; color: #5a6475; }
.verdict.holds { color: #1d6b35; font-weight: 600; } .verdict.better { color: #1d5fb4; font-weight: 600; } .verdict.worse { color: #b42318; font-weight: 600; }
.chart { width: 100%; height: 380px; margin: 12px 0; }
.scroll { overflow-x: auto; }
pre { background: #f5f7fa; padding: 12px; font-size: 12px; overflow-x: auto; }
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

function page(title: string, headerHtml: string, sections: string[], charts: ChartSpec[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${headerHtml}
${sections.join('\n')}
<script>${echartsScript()}</script>
<script>${chartsScript(charts)}</script>
</body>
</html>
`;
}

/** The chart's place on the page, or why it is missing (a chart with nothing to draw is left out). */
function chartDiv(c: ChartSpec | undefined, missing: string): string {
  return c === undefined
    ? `<p class="meta">${escapeHtml(missing)}</p>`
    : `<div class="chart" data-chart="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></div>`;
}

function monteCarloSection(mc: MonteCarloReportInput): { html: string; charts: ChartSpec[] } {
  const all = mc.metrics.map((m) => histogramChart(`mc-${m.name}`, m.label, m.values));
  const charts = all.filter((c) => c.points > 0);
  const claims = table(
    ['claim', 'share of paths on which it holds'],
    mc.claims.map((c) => [c.label, pct(c.shareHolding)]),
  );
  return {
    html: `<h2>Monte Carlo: ${mc.paths} synthetic paths of ${mc.years} years</h2>\n${claims}\n${all
      .map((c) => chartDiv(c.points > 0 ? c : undefined, `${c.title}: no path gave a finite value`))
      .join('\n')}`,
    charts,
  };
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
data fingerprint <code>${escapeHtml(run.dataFingerprint)}</code> · strategy hash <code>${escapeHtml(input.strategyHash)}</code> · ${run.from} .. ${run.to}, ${summary.run.days} trading days</div>`;
  const sections = [
    `<h2>Claim check (${escapeHtml(run.hedged)} against ${escapeHtml(run.unhedged)})</h2>\n${claimTable(summary)}`,
    `<h2>Books</h2>\n${booksTable(summary)}`,
    `<h2>Equity</h2>\n${chart('equity')}\n${chart('equity-log')}`,
    `<h2>Drawdowns</h2>\n${chart('drawdown')}`,
    `<h2>Hedge sleeve</h2>\n${chart('sleeve-monthly', `${hedged}: no hedge layers, no sleeve P&L`)}\n${chart('layers-timeline')}`,
    `<h2>Year by year (return / max drawdown inside the year)</h2>\n${yearlyTable(summary)}\n<p class="meta">* SPX drawdown of 20% or more inside the year.</p>`,
    stressSection(summary),
  ];
  if (input.monteCarlo) {
    const mc = monteCarloSection(input.monteCarlo);
    sections.push(mc.html);
    charts.push(...mc.charts);
  }
  sections.push(
    `<h2>Notes</h2>\n<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
  );
  sections.push(`<h2>Strategy file</h2>\n<pre>${escapeHtml(input.strategyText)}</pre>`);
  return page(title, header, sections, charts);
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
