import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium, openPage } from './chromium.test-helper.js';
import { runMonteCarlo } from '../sim/montecarlo.js';
import { summarizeMonteCarlo } from '../sim/montecarlo-summary.js';
import { PATH_METRICS } from '../sim/path-metrics.js';
import { chartLayout, layoutProblems, type ChartLayout } from './chart-layout.test-helper.js';
import { bareBacktest, hedgedBacktest } from './fixture-runs.test-helper.js';
import { renderMonteCarloHtml } from './html.js';
import { backtestHtml } from './write-outputs.js';

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
async function drawInChromium(t: TestContext, name: string, html: string): Promise<DrawnChart[] | null> {
  if (browser === null) {
    t.skip('chromium not installed (apt-get install chromium)');
    return null;
  }
  const { page, errors, requests } = await openPage(browser, name, html, { width: 1280, height: 900 });
  try {
    await page.waitForFunction(
      "[...document.querySelectorAll('[data-chart]')].every((el) => echarts.getInstanceByDom(el))",
      undefined,
      { timeout: 20000 },
    );
    // Two frames: ECharts paints its canvas on an animation frame.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const charts = (await page.evaluate(PROBE)) as DrawnChart[];
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(requests, [], 'network requests');
    return charts;
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
  for (const id of ['equity', 'equity-log', 'drawdown', 'sleeve-monthly', 'layers-timeline'])
    assert.ok(html.includes(`data-chart="${id}"`), id);
});

test('in headless Chromium: every chart of the report drawn with its data, nothing overlapping', async (t) => {
  const { outcome, summary, main } = hedgedBacktest();
  const charts = await drawInChromium(t, 'report', backtestHtml(outcome, summary, main));
  if (charts === null) return;
  assertDrawn(charts, ['equity', 'equity-log', 'drawdown', 'sleeve-monthly', 'layers-timeline']);
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
  const charts = await drawInChromium(t, 'report-no-layers', html);
  if (charts === null) return;
  assertDrawn(charts, ['equity', 'equity-log', 'drawdown', 'layers-timeline']);
  // Two books sharing the title 'Unhedged condors' keep two legend entries.
  assert.deepEqual(
    charts[0].series.map((s) => s.name),
    ['Unhedged condors (condor)', 'Unhedged condors (unhedged)'],
  );
});

test('in headless Chromium: the Monte Carlo page draws a distribution for every metric with values', async (t) => {
  const result = await runMonteCarlo({ paths: 4, years: 2, seed: 3, strategy: 'alvh', workers: 2 });
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
    notes: ['seed 3'],
  });
  const withValues = metrics.filter((m) => m.values.some(Number.isFinite));
  assert.ok(withValues.length >= 4, `${withValues.length} metrics with values`);
  for (const m of metrics.filter((x) => !withValues.includes(x)))
    assert.ok(html.includes(`${m.label}: no path gave a finite value`), m.name);
  const charts = await drawInChromium(t, 'montecarlo', html);
  if (charts === null) return;
  assertDrawn(
    charts,
    withValues.map((m) => `mc-${m.name}`),
  );
  for (const c of charts) assert.equal(c.series[0].points, c.series[0].length);
});
