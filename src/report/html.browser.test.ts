import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { drawdownEpisodes } from '../analytics/drawdown-episodes.js';
import { resampleStudy } from '../analytics/resample.js';
import { ARTIFACTS, launchChromium, openPage } from './chromium.test-helper.js';
import { runMonteCarlo } from '../sim/montecarlo.js';
import { summarizeMonteCarlo } from '../sim/montecarlo-summary.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { chartLayout, layoutProblems, type ChartLayout } from './chart-layout.test-helper.js';
import { bareBacktest, hedgedBacktest } from './fixture-runs.test-helper.js';
import { renderMonteCarloHtml } from './html.js';
import { historyFromSummary } from './montecarlo-history.js';
import { backtestHtml, summaryDocument } from './write-outputs.js';

/** The narrowest page the report is laid out for: nothing may need a horizontal scroll at this width. */
const WIDTH = 1024;

/** What the page shows, read in the page: overflow past the viewport, and each section's data. */
interface PageCheck {
  scrollWidth: number;
  clientWidth: number;
  /** Elements whose right edge passes the viewport (tag.class and edge), at most ten. */
  overflowing: string[];
  /** Per section id: its title, tables (data-section name and body rows with text) and chart count. */
  sections: Record<string, { title: string; tables: Record<string, number>; charts: number }>;
}

const PAGE_CHECK = `(() => {
  const doc = document.documentElement;
  const overflowing = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 0.5)
    .slice(0, 10)
    .map((el) => el.tagName + '.' + el.className + ' ' + el.getBoundingClientRect().right.toFixed(0));
  const sections = {};
  for (const sec of document.querySelectorAll('section[id]')) {
    const tables = {};
    for (const t of sec.querySelectorAll('table[data-section]')) {
      const rows = [...t.tBodies[0].rows].filter((r) => r.textContent.trim() !== '').length;
      tables[t.dataset.section] = (tables[t.dataset.section] ?? 0) + rows;
    }
    sections[sec.id] = { title: sec.querySelector('h2').textContent, tables, charts: sec.querySelectorAll('[data-chart]').length };
  }
  return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, overflowing, sections };
})()`;

interface DrawnChart {
  id: string;
  /** Per series, as the live chart holds it: values, and values that are not gaps. */
  series: { name: string; length: number; points: number }[];
  /** Pixels in series colours inside the first plot area (axes, grid lines and text are grey). */
  coloured: number;
  layout: ChartLayout | null;
}

/** Runs in the page: every [data-chart] element's live ECharts instance, read back. */
const PROBE = `(() => {
  const chartLayout = ${chartLayout.toString()};
  return [...document.querySelectorAll('[data-chart]')].map((el) => {
    const chart = echarts.getInstanceByDom(el);
    if (!chart) return { id: el.dataset.chart, series: [], coloured: 0, layout: null };
    const series = chart.getOption().series.map((s) => ({
      name: String(s.name),
      length: s.data.length,
      points: s.data.filter((v) => v !== null && v !== undefined).length,
    }));
    const rect = chart.getModel().getComponent('grid').coordinateSystem.getRect();
    const canvas = el.querySelector('canvas');
    const k = canvas.width / chart.getWidth();
    const px = canvas.getContext('2d').getImageData(rect.x * k, rect.y * k, rect.width * k, rect.height * k).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4)
      if (px[i + 3] > 0 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60)
        coloured++;
    return { id: el.dataset.chart, series, coloured, layout: chartLayout(chart) };
  });
})()`;

let browser: Browser | null = null;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/**
 * Opens the page from a file in headless Chromium, reads every chart off its live ECharts instance and keeps
 * the page and a full-page screenshot in test-artifacts/. Fails on a console error or a network request.
 */
async function drawInChromium(
  t: TestContext,
  name: string,
  html: string,
  inPage?: (page: Page) => Promise<void>,
): Promise<{ charts: DrawnChart[]; page: PageCheck } | null> {
  if (browser === null) {
    t.skip('chromium not installed (apt-get install chromium)');
    return null;
  }
  const { page, errors, requests } = await openPage(browser, name, html, { width: WIDTH, height: 900 });
  try {
    await page.waitForFunction(
      "[...document.querySelectorAll('[data-chart]')].every((el) => echarts.getInstanceByDom(el))",
      undefined,
      { timeout: 20000 },
    );
    // Two frames: ECharts paints its canvas on an animation frame.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const charts = (await page.evaluate(PROBE)) as DrawnChart[];
    const check = (await page.evaluate(PAGE_CHECK)) as PageCheck;
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    if (inPage) await inPage(page);
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(requests, [], 'network requests');
    assert.deepEqual(check.overflowing, [], `nothing passes ${WIDTH} px`);
    assert.ok(check.scrollWidth <= check.clientWidth, `page ${check.scrollWidth} px wide at ${WIDTH} px`);
    return { charts, page: check };
  } finally {
    await page.close();
  }
}

/** Every chart drew its data: each series holds values, some are not gaps, its colours are on the canvas. */
function assertDrawn(charts: DrawnChart[], ids: string[]): void {
  assert.deepEqual(
    charts.map((c) => c.id),
    ids,
  );
  for (const c of charts) {
    assert.ok(c.series.length > 0, `${c.id}: no series`);
    for (const s of c.series) assert.ok(s.length > 0, `${c.id}: series ${s.name} is empty`);
    assert.ok(
      c.series.reduce((n, s) => n + s.points, 0),
      `${c.id}: only gaps`,
    );
    assert.ok(c.coloured > 200, `${c.id}: ${c.coloured} coloured pixels in the plot`);
    assert.ok(c.layout?.title && c.layout.legend, `${c.id}: title and legend drawn`);
    assert.deepEqual(layoutProblems(c.layout), [], `${c.id} layout`);
  }
}

test('the report is self-contained: no external scripts, styles, images or fonts', () => {
  const { outcome, summary, main } = hedgedBacktest();
  const html = backtestHtml(outcome, summary, main);
  assert.ok(
    !/<(script|img|link|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html),
    'no external src/href',
  );
  assert.ok(!/@import|url\(\s*["']?https?:/i.test(html), 'no external CSS');
  assert.match(html, /SYNTHETIC MARKET/);
  for (const id of CHART_IDS) assert.ok(html.includes(`data-chart="${id}"`), id);
});

/** Sections of the tearsheet, each with the tables that must hold rows and how many charts it draws. */
const SECTIONS: Record<string, { tables: string[]; charts: number }> = {
  claims: { tables: ['claims'], charts: 0 },
  books: { tables: ['books'], charts: 0 },
  equity: { tables: [], charts: 2 },
  attribution: { tables: ['attribution', 'attribution-years'], charts: 0 },
  drawdowns: { tables: [], charts: 1 },
  'drawdown-episodes': { tables: ['drawdown-episodes'], charts: 0 },
  'monthly-returns': { tables: ['monthly-returns'], charts: 0 },
  'return-distribution': { tables: [], charts: 1 },
  rolling: { tables: [], charts: 3 },
  sleeve: { tables: [], charts: 2 },
  yearly: { tables: ['yearly'], charts: 0 },
  stress: { tables: ['stress'], charts: 0 },
  trades: { tables: ['trade-stats', 'trade-exits', 'trade-years', 'trades'], charts: 0 },
  resample: {
    tables: ['resample-percentiles', 'resample-threshold', 'resample-claims'],
    charts: 3,
  },
};

/** The charts in page order. */
const CHART_IDS = [
  'equity',
  'equity-log',
  'drawdown',
  'return-distribution',
  'rolling-return',
  'rolling-volatility',
  'rolling-sharpe',
  'sleeve-monthly',
  'layers-timeline',
];

test('in headless Chromium at 1024 px: every section holds data, every chart drawn, nothing overflows or overlaps', async (t) => {
  const { outcome, summary, main } = hedgedBacktest();
  const resample = resampleStudy(outcome.run, {
    samples: 60,
    meanBlockDays: 20,
    seed: 1,
    drawdownThreshold: 0.1,
  });
  const trips = summary.trades.reduce((n, b) => n + b.all.count + b.openAtEnd.count, 0);
  let sorted: { first: number; last: number; shown: number } | null = null;
  const drawn = await drawInChromium(
    t,
    'report',
    backtestHtml(outcome, summary, main, resample),
    async (page) => {
      // Sort the trade list by P&L (click its title), then show every book.
      await page.click('#trade-list th:nth-child(10)');
      await page.selectOption('#trade-book', 'all');
      sorted = (await page.evaluate(`(() => {
      const rows = [...document.getElementById('trade-list').tBodies[0].rows].filter((r) => !r.hidden);
      const v = (r) => Number(r.cells[9].dataset.v);
      return { first: v(rows[0]), last: v(rows[rows.length - 1]), shown: rows.length };
    })()`)) as { first: number; last: number; shown: number };
    },
  );
  if (drawn === null) return;
  const { charts, page } = drawn;
  assertDrawn(charts, [...CHART_IDS, 'resample-max-drawdown', 'resample-cagr', 'resample-worst-year']);
  assert.deepEqual(Object.keys(page.sections), Object.keys(SECTIONS));
  for (const [id, want] of Object.entries(SECTIONS)) {
    const got = page.sections[id];
    for (const table of want.tables)
      assert.ok((got.tables[table] ?? 0) > 0, `${id}: table ${table} has rows`);
    assert.equal(got.charts, want.charts, `${id}: charts`);
  }
  for (const title of ['Monthly returns', 'Drawdown episodes', 'Rolling 12 months', 'Trades'])
    assert.ok(
      Object.values(page.sections).some((s) => s.title === title),
      title,
    );
  // Up to five episodes per book, one heatmap row per year and book.
  const episodes = outcome.run.books.map((b) => Math.min(5, drawdownEpisodes(b.equity, b.dates).length));
  assert.ok(episodes.every((n) => n > 0));
  assert.equal(
    page.sections['drawdown-episodes'].tables['drawdown-episodes'],
    episodes.reduce((a, b) => a + b, 0),
  );
  assert.equal(
    page.sections['monthly-returns'].tables['monthly-returns'],
    summary.yearly.length * outcome.run.books.length,
  );
  assert.equal(page.sections.trades.tables.trades, trips);
  assert.ok(sorted !== null);
  const s = sorted as { first: number; last: number; shown: number };
  assert.equal(s.shown, trips);
  assert.ok(s.first <= s.last, `sorted by P&L: ${s.first} .. ${s.last}`);
  const equity = charts.find((c) => c.id === 'equity')!;
  assert.ok(equity.series.some((x) => x.name === 'SPX (rebased)'));
  const timeline = charts.find((c) => c.id === 'layers-timeline')!;
  assert.deepEqual(
    timeline.series.map((s) => s.name),
    ['VIX', 'backwardation M1/M2-1 (%)', 'L1 on', 'L2 on', 'L3 on', 'financing on'],
  );
});

test('in headless Chromium: a strategy without layers and no baselines draws its charts, sleeve left out', async (t) => {
  const { outcome, summary, main } = bareBacktest();
  const html = backtestHtml(outcome, summary, main);
  assert.match(html, /no hedge layers, no sleeve P&amp;L/);
  const drawn = await drawInChromium(t, 'report-no-layers', html);
  if (drawn === null) return;
  const { charts } = drawn;
  assertDrawn(
    charts,
    CHART_IDS.filter((id) => id !== 'sleeve-monthly'),
  );
  // Two books sharing the title 'Unhedged condors' keep two legend entries.
  assert.deepEqual(
    charts[0].series.map((s) => s.name),
    ['Unhedged condors (condor)', 'Unhedged condors (unhedged)', 'SPX (rebased)'],
  );
});

test('in headless Chromium: the Monte Carlo page draws a distribution for every metric with values', async (t) => {
  const result = await runMonteCarlo({ paths: 4, years: 2, seed: 3, strategy: 'alvh', workers: 2 });
  // Real history's values as `montecarlo --history summary.json` reads them (here from a backtest fixture).
  const bt = hedgedBacktest();
  const history = historyFromSummary(
    JSON.parse(JSON.stringify(summaryDocument(bt.outcome, bt.summary, bt.main))),
    'summary.json',
  );
  const summary = summarizeMonteCarlo(result);
  const metrics = PATH_METRICS.map((m) => ({
    name: m.name,
    label: m.label,
    values: Array.from(result.values[m.name]),
  }));
  const html = renderMonteCarloHtml({
    paths: summary.completed,
    years: 2,
    strategyHash: summary.strategyHash,
    metrics,
    claims: summary.claims.map((c) => ({ label: c.statement, shareHolding: c.holds })),
    history: history.values,
    historySource: history.source,
    notes: ['seed 3'],
  });
  const withValues = metrics.filter((m) => m.values.some(Number.isFinite));
  assert.ok(withValues.length >= 4, `${withValues.length} metrics with values`);
  for (const m of metrics.filter((x) => !withValues.includes(x)))
    assert.ok(html.includes(`${m.label}: no path gave a finite value`), m.name);
  let marks: Record<string, { band: number; lines: number }> = {};
  const drawn = await drawInChromium(t, 'montecarlo', html, async (page) => {
    marks =
      (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('[data-chart]')].map((el) => {
      const s = echarts.getInstanceByDom(el).getOption().series[0];
      return [el.dataset.chart, { band: s.markArea ? s.markArea.data.length : 0, lines: s.markLine ? s.markLine.data.length : 0 }];
    }))`)) as Record<string, { band: number; lines: number }>;
  });
  if (drawn === null) return;
  const { charts, page } = drawn;
  assertDrawn(
    charts,
    withValues.map((m) => `mc-${m.name}`),
  );
  for (const c of charts) assert.equal(c.series[0].points, c.series[0].length);
  assert.equal(page.sections.montecarlo.tables['mc-percentiles'], metrics.length);
  for (const m of withValues) {
    const claimed = PATH_METRICS.find((x) => x.name === m.name)!.claim !== null;
    assert.equal(marks[`mc-${m.name}`].band, claimed ? 1 : 0, `${m.name}: claimed band`);
    const known = history.values[m.name] !== null;
    assert.equal(marks[`mc-${m.name}`].lines, known ? 1 : 0, `${m.name}: history line`);
  }
  assert.ok(Object.values(history.values).filter((v) => v !== null).length >= 4);
});
