// The report's distribution sections: the Monte Carlo paths and the resampling stress test, each with a
// percentile table and a histogram per metric marking the claimed band and the value on real history.
import { publishedClaims } from '../analytics/claims.js';
import { quantile } from '../analytics/quantile.js';
import type { Distribution, ResampleResult } from '../analytics/resample.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { histogramChart, type ChartSpec } from './charts.js';
import { count } from './format.js';
import { escapeHtml, fpct, htmlTable } from './html-tables.js';

export interface MonteCarloReportInput {
  paths: number;
  years: number;
  metrics: { name: string; label: string; values: number[] }[];
  claims: { label: string; shareHolding: number | null }[];
  /** Each metric's value on real history (a backtest's summary.json), marked on its distribution. */
  history?: Record<string, number | null>;
  /** Where the history values come from, said under the table. */
  historySource?: string;
}

/** The chart's place on the page, or why it is missing (a chart with nothing to draw is left out). */
export function chartDiv(c: ChartSpec | undefined, missing: string): string {
  return c === undefined
    ? `<p class="meta">${escapeHtml(missing)}</p>`
    : `<div class="chart" data-chart="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></div>`;
}

/** The claimed range of a path metric, widened by its tolerance (as the verdicts use it); null without a claim. */
function claimBand(name: string): { label: string; range: [number, number] } | null {
  const metric = PATH_METRICS.find((m) => m.name === name);
  const claim = metric?.claim ? publishedClaims().find((c) => c.quantity === metric.claim) : undefined;
  if (!claim) return null;
  return {
    label: `claimed ${fpct(claim.range[0], 0)}-${fpct(claim.range[1], 0)}`,
    range: [claim.range[0] - claim.tolerance, claim.range[1] + claim.tolerance],
  };
}

const PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

export function monteCarloSection(mc: MonteCarloReportInput): { html: string; charts: ChartSpec[] } {
  const all = mc.metrics.map((m) => {
    const band = claimBand(m.name);
    const history = mc.history?.[m.name];
    return histogramChart(`mc-${m.name}`, m.label, m.values, 24, {
      ...(band ? { band } : {}),
      ...(history !== undefined && history !== null ? { lines: [{ label: 'history', value: history }] } : {}),
    });
  });
  const charts = all.filter((c) => c.points > 0);
  const percentiles = htmlTable(
    ['metric', 'paths', '5th pct', '25th', 'median', '75th', '95th pct', 'mean', 'claimed', 'history'],
    mc.metrics.map((m) => {
      const sorted = Float64Array.from(m.values.filter(Number.isFinite)).sort();
      const mean = sorted.length > 0 ? sorted.reduce((s, x) => s + x, 0) / sorted.length : NaN;
      const band = claimBand(m.name);
      return [
        m.label,
        count(sorted.length),
        ...PERCENTILES.map((p) => fpct(quantile(sorted, p))),
        fpct(mean),
        band ? band.label.replace('claimed ', '') : '-',
        fpct(mc.history?.[m.name]),
      ];
    }),
    'data-section="mc-percentiles"',
  );
  const claims = htmlTable(
    ['claim', 'share of paths on which it holds'],
    mc.claims.map((c) => [c.label, fpct(c.shareHolding)]),
    'data-section="mc-claims"',
  );
  const source = mc.historySource
    ? `<p class="meta">history: ${escapeHtml(mc.historySource)} (the red line on each chart); the shaded band is the claimed range.</p>`
    : '<p class="meta">The shaded band is the claimed range; pass <code>--history summary.json</code> (a backtest on real data) to mark the real-history values.</p>';
  return {
    html: `<section id="montecarlo">\n<h2>Monte Carlo: ${count(mc.paths)} synthetic paths of ${mc.years} years</h2>\n<h3>Percentiles</h3>\n${percentiles}\n${source}\n<h3>Claims</h3>\n${claims}\n<div class="charts">${all
      .map((c) => chartDiv(c.points > 0 ? c : undefined, `${c.title}: no path gave a finite value`))
      .join('\n')}</div>\n</section>`,
    charts,
  };
}

const distributionCells = (d: Distribution): string[] => [
  fpct(d.actual),
  fpct(d.p5),
  fpct(d.p25),
  fpct(d.median),
  fpct(d.p75),
  fpct(d.p95),
];

/** The resampling stress test: percentiles, the drawdown probability, each claim's share, three histograms. */
export function resampleSection(
  r: ResampleResult,
  hedged: string,
  unhedged: string,
): { html: string; charts: ChartSpec[] } {
  const table = htmlTable(
    ['book', 'metric', 'history', '5th pct', '25th', 'median', '75th', '95th pct'],
    r.books.flatMap((b) => [
      [b.book, 'max drawdown', ...distributionCells(b.maxDrawdown)],
      [b.book, 'CAGR', ...distributionCells(b.cagr)],
      [b.book, 'worst calendar year', ...distributionCells(b.worstYear)],
    ]),
    'data-section="resample-percentiles"',
  );
  const threshold = htmlTable(
    ['book', `P(max drawdown > ${fpct(r.drawdownThreshold, 0)})`, 'history'],
    r.books.map((b) => [
      b.book,
      fpct(b.drawdownPastThreshold),
      b.actualPastThreshold ? 'deeper' : 'not deeper',
    ]),
    'data-section="resample-threshold"',
  );
  const claims = htmlTable(
    ['claim', 'on history', 'holds', 'better than claimed', 'worse than claimed'],
    r.claims.map((c) => [c.statement, c.actual, fpct(c.holds), fpct(c.better), fpct(c.worse)]),
    'data-section="resample-claims"',
  );
  const pair = r.books.filter((b) => b.book === hedged || b.book === unhedged);
  const chart = (id: string, label: string, f: (b: (typeof pair)[number]) => Distribution): ChartSpec =>
    histogramChart(
      `resample-${id}`,
      `${label}, ${count(r.samples)} resamples`,
      pair.map((b) => ({ name: b.book, values: f(b).values })),
      30,
      {
        lines: pair
          .map((b) => ({ label: `${b.book} history`, value: f(b).actual ?? NaN }))
          .filter((l) => Number.isFinite(l.value)),
      },
      'resamples',
    );
  const charts = [
    chart('max-drawdown', 'Max drawdown', (b) => b.maxDrawdown),
    chart('cagr', 'CAGR', (b) => b.cagr),
    chart('worst-year', 'Worst calendar year', (b) => b.worstYear),
  ].filter((c) => c.points > 0);
  const html = `<h2>Resampling stress test</h2>
<p class="meta">${count(r.samples)} stationary block bootstrap paths (Politis &amp; Romano 1994) of the books' daily returns, drawn on the same days for every book and the SPX and compounded; mean block ${r.meanBlockDays} trading days (drawn: ${r.drawnMeanBlock}), seed ${r.seed}. Each claim is checked on every resample as on the run.</p>
${table}
${threshold}
${claims}
<div class="charts">${charts.map((c) => chartDiv(c, '')).join('\n')}</div>`;
  return { html, charts };
}
