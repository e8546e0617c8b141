// study.html: one self-contained, offline page (ECharts inlined) for a study: the share of configurations per
// claim, the drawdown-cut / hedge-cost frontier with the claim box (filter by axis values, hover a point for its
// settings, click it for its equity and drawdown beside its unhedged core), walk-forward, PBO and DSR with a
// plain reading each, parameter stability and the top configurations.
//
// Input (StudyHtmlInput): the study's name, its results and days, the statistics computeStudyStatistics gave
// for them, and optionally notes, the study file's text, and how many equity curves to embed (maxCurves,
// default 150: the frontier, top, walk-forward picks and box members first; each curve thinned to
// curvePoints, default 400, closes). A configuration whose curve is not embedded says so when clicked.
import type { ConfigResult, StudyDays } from '../study/types.js';
import { inClaimBox, type StudyStatistics, type WindowMetrics } from '../study/statistics/index.js';
import { frame, thinIndices, underwater, type ChartOption } from './charts.js';
import { echartsScript, escapeHtml, pageHead } from './html.js';
import {
  claimMetricCells,
  dsrReading,
  pboReading,
  settingsText,
  settingValueText,
} from './study-readings.js';

export interface StudyHtmlInput {
  name: string;
  title?: string;
  results: readonly ConfigResult[];
  days: StudyDays;
  statistics: StudyStatistics;
  notes?: string[];
  studyText?: string;
  maxCurves?: number;
  curvePoints?: number;
}

const pct = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(d)}%`;
const num = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d);
const r4 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);

function table(headers: string[], rows: string[][], cls = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="${cls}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const shareText = (s: { count: number; total: number; share: number | null }): string =>
  `${pct(s.share)} (${s.count}/${s.total})`;

function claimSharesSection(st: StudyStatistics): string {
  const box = st.share_in_claim_box;
  const rows = [
    [
      'all claims of the box: ' + st.claim_box.claims.join(' + '),
      '',
      shareText(box.all),
      shareText(box.positive_core),
      '',
      '',
    ],
    ...st.share_per_claim.map((c) => [
      c.statement,
      c.accepted[0] === c.accepted[1] ? pct(c.accepted[0]) : `${pct(c.accepted[0])} .. ${pct(c.accepted[1])}`,
      shareText(c.all),
      shareText(c.positive_core),
      shareText(c.reached.all),
      shareText(c.reached.positive_core),
    ]),
  ];
  const stress = st.stress_drawdown_reduction.length
    ? `<h3>Drawdown reduction inside the stress windows</h3>\n${table(
        [
          'window',
          'measured',
          'median',
          '10% .. 90%',
          'in the cut range: all',
          'positive cores',
          'reached: all',
        ],
        st.stress_drawdown_reduction.map((w) => [
          w.name,
          String(w.measured),
          pct(w.median),
          `${pct(w.p10)} .. ${pct(w.p90)}`,
          shareText(w.all),
          shareText(w.positive_core),
          shareText(w.reached.all),
        ]),
        'shares',
      )}`
    : '<p class="meta">No configuration reports a stress window.</p>';
  return `<h2>Share of configurations per claim</h2>
<p class="meta">"Holds" is inside the accepted range, as the backtest's claim check says; "reached" also counts values better than claimed. Positive cores: configurations whose unhedged core book has a CAGR above 0.</p>
${table(['claim', 'accepted', 'holds: all', 'holds: positive cores', 'reached: all', 'reached: positive cores'], rows, 'shares')}
${stress}
${erasSection(st)}`;
}

/** The claim box per era, when the study spans more than one (issue 15: 1990-2006 beside 2007-2026). */
function erasSection(st: StudyStatistics): string {
  if (st.eras.length === 0) return '';
  const claims = st.eras[0].share_per_claim;
  return `<h3>The claim box per era</h3>
<p class="meta">1990-2006 is an era none of the rules were tuned on; on <code>--history modelled</code> its VIX futures and VVIX are modelled.</p>
${table(
  [
    'era',
    'in the box: all',
    'positive cores',
    ...claims.map((c) => c.statement),
    'median drawdown cut',
    'median hedge cost a year',
  ],
  st.eras.map((e) => [
    `${e.era} (${e.from} .. ${e.to})`,
    shareText(e.share_in_claim_box.all),
    shareText(e.share_in_claim_box.positive_core),
    ...e.share_per_claim.map((c) => shareText(c.all)),
    pct(e.median_drawdown_reduction),
    pct(e.median_hedge_cost, 2),
  ]),
  'shares',
)}`;
}

interface Point {
  id: string;
  x: number | null;
  y: number | null;
  box: boolean;
  keys: string[];
  s: string;
  m: (number | null)[];
}

/** The configurations whose curves are embedded, most wanted first. */
function curveOrder(
  results: readonly ConfigResult[],
  st: StudyStatistics,
  inBox: boolean[],
  max: number,
): string[] {
  const want = [
    ...st.top.map((t) => t.id),
    ...st.frontier,
    ...st.walk_forward.folds.map((f) => f.chosen),
    ...(st.walk_forward.hindsight_best ? [st.walk_forward.hindsight_best] : []),
    ...(st.dsr ? [st.dsr.best_id] : []),
    ...results.filter((_, k) => inBox[k]).map((r) => r.id),
    ...results.map((r) => r.id),
  ];
  return [...new Set(want)].slice(0, max);
}

function curves(results: readonly ConfigResult[], ids: string[], keep: number[]) {
  const byId = new Map(results.map((r) => [r.id, r]));
  const path = (xs: Float64Array): Float64Array => {
    const e = new Float64Array(xs.length + 1);
    e[0] = 1;
    for (let i = 0; i < xs.length; i++) e[i + 1] = e[i] * (1 + xs[i]);
    return e;
  };
  return Object.fromEntries(
    ids.map((id) => {
      const r = byId.get(id)!;
      const e = path(r.returns);
      const u = path(r.unhedgedReturns);
      const de = underwater(e);
      const du = underwater(u);
      return [
        id,
        {
          e: keep.map((t) => r4(e[t])),
          u: keep.map((t) => r4(u[t])),
          d: keep.map((t) => r4(de[t] * 100)),
          ud: keep.map((t) => r4(du[t] * 100)),
        },
      ];
    }),
  );
}

function frontierOption(points: Point[], st: StudyStatistics, frontierIds: string[]): ChartOption {
  const dd = st.claim_box.accepted['drawdown-cut'];
  const cost = st.claim_box.accepted['cost-per-year'];
  const xs = points.map((p) => p.x).filter((v): v is number => v !== null);
  const ys = points.map((p) => p.y).filter((v): v is number => v !== null);
  // The axes reach the box even when no configuration comes near it.
  const span = (vs: number[], box?: [number, number]) => {
    const all = box ? [...vs, box[0] * 100, box[1] * 100] : vs;
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const pad = (hi - lo) * 0.05 || 1;
    return { min: Number((lo - pad).toFixed(2)), max: Number((hi + pad).toFixed(2)) };
  };
  const idx = new Map(points.map((p, k) => [p.id, k]));
  const frontier = frontierIds.map((id) => points[idx.get(id)!]).map((p) => [p.x, p.y]);
  const scatter = (inBox: boolean) =>
    points.flatMap((p, k) => (p.box === inBox && p.x !== null && p.y !== null ? [[p.x, p.y, k]] : []));
  const box =
    dd && cost
      ? {
          silent: true,
          itemStyle: { color: 'rgba(29,107,53,0.12)', borderColor: '#1d6b35', borderWidth: 1 },
          label: { show: true, position: 'insideTop', formatter: 'claim box', color: '#1d6b35' },
          data: [
            [
              { xAxis: cost[0] * 100, yAxis: dd[0] * 100 },
              { xAxis: cost[1] * 100, yAxis: dd[1] * 100 },
            ],
          ],
        }
      : undefined;
  return {
    ...frame('Drawdown reduction against hedge cost, every configuration'),
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      name: 'hedge cost per year (%)',
      nameLocation: 'middle',
      nameGap: 28,
      ...span(xs, cost),
    },
    yAxis: { type: 'value', name: 'drawdown reduction (%)', ...span(ys, dd) },
    series: [
      { name: 'inside the claim box', type: 'scatter', symbolSize: 8, data: scatter(true), markArea: box },
      { name: 'outside the box', type: 'scatter', symbolSize: 6, data: scatter(false) },
      // Silent and under the points: the line must not catch the hover and click meant for a point on it.
      {
        name: 'frontier',
        type: 'line',
        showSymbol: false,
        silent: true,
        z: 1,
        lineStyle: { type: 'dashed' },
        data: frontier,
      },
    ],
  };
}

function lineOption(title: string, dates: string[], yName: string, names: [string, string]): ChartOption {
  return {
    ...frame(title),
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', name: yName, scale: true },
    series: names.map((name) => ({ name, type: 'line', showSymbol: false, data: [] as (number | null)[] })),
  };
}

function logitOption(st: StudyStatistics): ChartOption | null {
  const { edges, counts } = st.pbo.logits;
  if (counts.length === 0) return null;
  return {
    ...frame('Out-of-sample logit rank of the in-sample best, over all splits'),
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: counts.map((_, k) => ((edges[k] + edges[k + 1]) / 2).toFixed(2)),
      name: 'logit (below 0: bottom half out of sample)',
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', name: 'splits', minInterval: 1 },
    series: [{ name: 'splits', type: 'bar', data: counts }],
  };
}

const settingsOf = (results: readonly ConfigResult[]) => {
  const m = new Map(results.map((r) => [r.id, r.settings]));
  return (id: string | null): string => (id === null ? '-' : settingsText(m.get(id) ?? {}));
};

function walkForwardSection(st: StudyStatistics, settings: (id: string | null) => string): string {
  const wf = st.walk_forward;
  const head = `<h2>Walk-forward (${wf.train_years}-year training window, ${wf.test_years}-year test periods, objective: ${escapeHtml(st.objective_label)})</h2>`;
  if (wf.folds.length === 0) return `${head}\n<p class="meta">${escapeHtml(wf.note || 'no folds')}</p>`;
  const pair = (a: WindowMetrics, b: WindowMetrics, f: (w: WindowMetrics) => string) => `${f(a)} / ${f(b)}`;
  const folds = table(
    [
      'test period',
      'chosen',
      'settings',
      'objective in / out',
      'DD cut in / out',
      'hedge cost in / out',
      'months credited in / out',
      'CAGR in / out',
    ],
    wf.folds.map((f) => [
      `${f.test.from} .. ${f.test.to}`,
      f.chosen,
      settings(f.chosen),
      `${num(f.train_objective)} / ${num(f.test_objective)}`,
      pair(f.in_sample, f.out_of_sample, (w) => pct(w.drawdown_reduction)),
      pair(f.in_sample, f.out_of_sample, (w) => pct(w.hedge_cost, 2)),
      pair(f.in_sample, f.out_of_sample, (w) => pct(w.months_credited_mtm)),
      pair(f.in_sample, f.out_of_sample, (w) => pct(w.cagr, 2)),
    ]),
    'wf',
  );
  const row = (label: string, w: WindowMetrics | null, id: string) =>
    w === null
      ? [label, '-', '-', '-', '-', '-', '-', '-']
      : [
          label,
          id,
          pct(w.drawdown_reduction),
          pct(w.hedge_cost, 2),
          pct(w.months_credited_mtm),
          pct(w.cagr, 2),
          num(w.sharpe),
          pct(w.max_drawdown),
        ];
  const summary = table(
    ['', 'configuration', 'DD cut', 'hedge cost / yr', 'months credited', 'CAGR', 'Sharpe', 'max DD'],
    [
      row('out of sample, test periods chained', wf.out_of_sample, `${wf.distinct_choices} distinct`),
      row('in sample: the hindsight best over the same days', wf.in_sample, wf.hindsight_best ?? '-'),
    ],
    'wf-summary',
  );
  return `${head}\n${summary}\n${folds}`;
}

function overfittingSection(st: StudyStatistics, hasLogits: boolean): string {
  const p = st.pbo;
  const d = st.dsr;
  const dsrRows = d
    ? table(
        [
          'best configuration',
          'Sharpe / yr',
          'days',
          'skewness',
          'kurtosis',
          'trials',
          'effective trials',
          'expected best of N (luck)',
          'PSR',
          'DSR',
          'DSR (effective N)',
        ],
        [
          [
            d.best_id,
            num(d.sharpe_annual),
            String(d.observations),
            num(d.skewness),
            num(d.kurtosis),
            String(d.trials),
            num(d.effective_trials, 1),
            num(d.expected_max_sharpe_annual),
            pct(d.psr),
            pct(d.dsr),
            pct(d.dsr_effective),
          ],
        ],
        'dsr',
      )
    : '';
  return `<h2>How likely is the best result to be luck?</h2>
<h3>Probability of backtest overfitting (CSCV, ${p.blocks} blocks)</h3>
<p class="reading" id="pbo-reading">${escapeHtml(pboReading(p))}</p>
${table(['PBO', 'configurations', 'splits', 'median out-of-sample rank of the in-sample best', 'P(out-of-sample loss)', 'degradation slope'], [[pct(p.pbo), String(p.configs), String(p.combinations), pct(p.median_oos_rank), pct(p.prob_oos_loss), num(p.degradation?.slope, 3)]], 'pbo')}
${hasLogits ? '<div class="chart" data-chart="pbo-logits" role="img" aria-label="PBO logits"></div>' : ''}
<h3>Deflated Sharpe ratio of the best configuration</h3>
<p class="reading" id="dsr-reading">${escapeHtml(dsrReading(d))}</p>
${dsrRows}`;
}

function topSection(
  st: StudyStatistics,
  results: readonly ConfigResult[],
  settings: (id: string | null) => string,
): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const stab = new Map(st.stability.rows.map((r) => [r.id, r]));
  const rows = st.top.map((t, k) => {
    const m = byId.get(t.id)!.metrics;
    const s = stab.get(t.id);
    return [
      String(k + 1),
      t.id,
      settings(t.id),
      num(t.objective, 3),
      num(s?.neighbour_median, 3),
      ...claimMetricCells(m, pct),
      pct(m.max_drawdown),
    ];
  });
  const plateau = st.stability.best_plateau;
  return `<h2>Top configurations by ${escapeHtml(st.objective_label)}, with parameter stability</h2>
<p class="meta">Neighbours: configurations one step away on one axis. A best result far above its neighbours' median is a spike, not a plateau.${plateau ? ` Best by neighbours' median: ${escapeHtml(plateau.id)} (${escapeHtml(settings(plateau.id))}).` : ''}</p>
${table(['#', 'id', 'settings', 'objective', 'neighbours\u2019 median', 'DD cut', 'hedge cost / yr', 'months credited', 'CAGR', 'core CAGR', 'max DD'], rows, 'top')}`;
}

function filtersHtml(axes: string[], values: { key: string; label: string }[][]): string {
  if (axes.length === 0) return '';
  return `<div class="filters">${axes
    .map(
      (a, j) =>
        `<fieldset><legend>${escapeHtml(a)}</legend>${values[j]
          .map(
            (v) =>
              `<label><input type="checkbox" checked data-axis="${j}" value="${escapeHtml(v.key)}"> ${escapeHtml(v.label)}</label>`,
          )
          .join(' ')}</fieldset>`,
    )
    .join('')}</div>`;
}

const PAGE_STYLE = `
body { padding: 0 16px; box-sizing: border-box; }
table.top th:nth-child(3), table.wf th:nth-child(3) { text-align: left; }
h3 { font-size: 14px; margin-top: 20px; }
.reading { font-size: 14px; background: #f5f7fa; padding: 8px 12px; border-left: 3px solid #1d5fb4; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; font-size: 12px; }
.filters fieldset { border: 1px solid #d8dde6; padding: 4px 8px; max-width: 100%; overflow-wrap: anywhere; }
.filters label { white-space: nowrap; margin-right: 6px; display: inline-block; }
table.top td:nth-child(3), table.wf td:nth-child(3) { white-space: normal; text-align: left; min-width: 220px; max-width: 360px; }
table.shares td:first-child { white-space: normal; max-width: 360px; }
#detail-note { min-height: 1.2em; }
`;

const PAGE_SCRIPT = `
const charts = {};
for (const el of document.querySelectorAll('[data-chart]')) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption(CHARTS[el.dataset.chart]);
  charts[el.dataset.chart] = chart;
  window.addEventListener('resize', () => chart.resize());
}
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pct = (x, d = 1) => (x === null || x === undefined ? '-' : (x * 100).toFixed(d) + '%');
function tip(p) {
  const m = p.m;
  return '<b>' + esc(p.id) + '</b>' + (p.box ? ' (inside the claim box)' : '') + '<br>' +
    DATA.axes.map((a, j) => esc(a) + ' = ' + esc(DATA.labels[j][p.keys[j]])).join('<br>') +
    '<br>DD cut ' + pct(m[0]) + ', hedge cost ' + pct(m[1], 2) + ', months credited ' + pct(m[2]) +
    '<br>CAGR ' + pct(m[3], 2) + ' (core ' + pct(m[4], 2) + '), max DD ' + pct(m[5]);
}
const frontier = charts['frontier'];
frontier.setOption({ tooltip: { trigger: 'item', formatter: (q) => tip(DATA.points[q.data[2]]) } });
function showConfig(k) {
  const p = DATA.points[k];
  const c = DATA.curves[p.id];
  document.getElementById('detail-title').textContent = p.id + ': ' + p.s;
  const note = document.getElementById('detail-note');
  if (!c) {
    note.textContent = 'Equity not embedded for this configuration (the page keeps ' + Object.keys(DATA.curves).length + ' curves); see the study database.';
    return;
  }
  note.textContent = '';
  charts['config-equity'].setOption({ series: [{ data: c.e }, { data: c.u }] });
  charts['config-drawdown'].setOption({ series: [{ data: c.d }, { data: c.ud }] });
  document.body.dataset.shown = p.id;
}
frontier.on('click', (q) => { if (q.seriesIndex < 2) showConfig(q.data[2]); });
function applyFilters() {
  const on = DATA.axes.map(() => new Set());
  for (const el of document.querySelectorAll('input[data-axis]')) if (el.checked) on[Number(el.dataset.axis)].add(el.value);
  const shown = DATA.points.map((p) => p.keys.every((k, j) => on[j].has(k)));
  const data = (box) => DATA.points.flatMap((p, k) => (shown[k] && p.box === box && p.x !== null && p.y !== null ? [[p.x, p.y, k]] : []));
  frontier.setOption({ series: [{ data: data(true) }, { data: data(false) }] });
  document.getElementById('shown-count').textContent = shown.filter(Boolean).length + ' of ' + DATA.points.length + ' configurations shown';
}
for (const el of document.querySelectorAll('input[data-axis]')) el.addEventListener('change', applyFilters);
applyFilters();
if (DATA.first !== null) showConfig(DATA.first);
`;

export function renderStudyHtml(input: StudyHtmlInput): string {
  const { results, statistics: st, days } = input;
  const title =
    input.title ?? `alvh study: ${input.name}, ${st.trials} configurations, ${st.from} .. ${st.to}`;
  const boxOpts = { claimTolerances: st.settings.claimTolerances, boxClaims: st.settings.boxClaims };
  const inBox = results.map((r) => inClaimBox(r.metrics, boxOpts));
  const axes = st.stability.axes;
  const values = axes.map((a) => {
    const seen = new Map<string, string>();
    for (const r of results) {
      const key = JSON.stringify(r.settings[a]) ?? 'undefined';
      if (!seen.has(key)) seen.set(key, settingValueText(r.settings[a]));
    }
    return [...seen.entries()].map(([key, label]) => ({ key, label }));
  });
  const points: Point[] = results.map((r, k) => ({
    id: r.id,
    x: r4(r.metrics.hedge_cost * 100),
    y: r4(r.metrics.drawdown_reduction * 100),
    box: inBox[k],
    keys: axes.map((a) => JSON.stringify(r.settings[a]) ?? 'undefined'),
    s: settingsText(r.settings),
    m: [
      r.metrics.drawdown_reduction,
      r.metrics.hedge_cost,
      r.metrics.months_credited_mtm,
      r.metrics.cagr,
      r.metrics.unhedged_cagr,
      r.metrics.max_drawdown,
    ].map(r4),
  }));
  const keep = thinIndices(days.dates.length, input.curvePoints ?? 400);
  const dates = keep.map((t) => days.dates[t]);
  const embedded = curveOrder(results, st, inBox, input.maxCurves ?? 150);
  const first = st.top[0]?.id ?? results[0]?.id;
  const logits = logitOption(st);
  const charts: Record<string, ChartOption> = {
    frontier: frontierOption(points, st, st.frontier),
    'config-equity': lineOption('Equity, start = 1', dates, 'equity', ['configuration', 'its unhedged core']),
    'config-drawdown': lineOption('Drawdown from the running peak (%)', dates, '%', [
      'configuration',
      'its unhedged core',
    ]),
    ...(logits ? { 'pbo-logits': logits } : {}),
  };
  const data = {
    axes,
    labels: values.map((vs) => Object.fromEntries(vs.map((v) => [v.key, v.label]))),
    points,
    curves: curves(results, embedded, keep),
    first: first === undefined ? null : results.findIndex((r) => r.id === first),
  };
  const json = (x: unknown): string => JSON.stringify(x).replace(/</g, '\\u003c');
  const settings = settingsOf(results);
  const sections = [
    claimSharesSection(st),
    `<h2>Frontier: drawdown reduction against hedge cost</h2>
<p class="meta">Hover a point for its settings, click it for its equity and drawdown beside its unhedged core. <span id="shown-count"></span></p>
${filtersHtml(axes, values)}
<div class="chart" data-chart="frontier" role="img" aria-label="frontier"></div>
<h3 id="detail-title"></h3><p class="meta" id="detail-note"></p>
<div class="chart" data-chart="config-equity" role="img" aria-label="equity of the chosen configuration"></div>
<div class="chart" data-chart="config-drawdown" role="img" aria-label="drawdown of the chosen configuration"></div>`,
    walkForwardSection(st, settings),
    overfittingSection(st, logits !== null),
    topSection(st, results, settings),
    `<h2>Notes</h2>\n<ul class="notes">${(input.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
    ...(input.studyText ? [`<h2>Study file</h2>\n<pre>${escapeHtml(input.studyText)}</pre>`] : []),
  ];
  return `${pageHead(title, PAGE_STYLE)}<h1>${escapeHtml(title)}</h1>
<div class="meta">${st.trials} configurations, each against its own unhedged core · ${st.days} trading days ${st.from} .. ${st.to} · data fingerprint <code>${escapeHtml(st.data_fingerprint)}</code> · objective: ${escapeHtml(st.objective_label)}</div>
${sections.join('\n')}
<script>${echartsScript()}</script>
<script>const CHARTS = ${json(charts)};
const DATA = ${json(data)};
${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
