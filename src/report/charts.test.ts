import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as echarts from 'echarts';
import type { BookResult } from '../engine/result.js';
import { chartLayout, layoutProblems, type ChartLayout } from './chart-layout.test-helper.js';
import {
  backtestCharts,
  histogramChart,
  monthlyLayerPnl,
  roundTo2,
  thinIndices,
  underwater,
  type ChartSpec,
} from './charts.js';
import { bareBacktest, hedgedBacktest } from './fixture-runs.test-helper.js';
import { bookLabels } from './labels.js';
import { chartSvg, writeChartSvgs } from './svg-charts.js';

test('monthly P&L per layer sums the days of each month (hand-checked)', () => {
  const book = {
    dates: ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-03-01'],
    layers: {
      L1: {
        mtmPnl: Float64Array.from([1, 2, 3, 4, 5]),
        cashFlow: new Float64Array(5),
        active: new Uint8Array(5),
      },
      L2: {
        mtmPnl: Float64Array.from([-1, 0, 0, 10, 0]),
        cashFlow: new Float64Array(5),
        active: new Uint8Array(5),
      },
    },
  } as unknown as BookResult;
  const m = monthlyLayerPnl(book);
  assert.deepEqual(m.months, ['2024-01', '2024-02', '2024-03']);
  assert.deepEqual(m.layers.L1, [3, 7, 5]);
  assert.deepEqual(m.layers.L2, [-1, 10, 0]);
});

test('underwater curve and thinning, by hand', () => {
  assert.deepEqual(Array.from(underwater(Float64Array.from([100, 110, 99, 121]))), [0, 0, 99 / 110 - 1, 0]);
  assert.deepEqual(thinIndices(10, 4), [0, 3, 6, 9]);
  assert.deepEqual(thinIndices(3, 10), [0, 1, 2]);
});

test('histograms: one bar when every path has the same value, none without finite values', () => {
  const one = histogramChart('x', 'x', [0.1, 0.1, NaN]);
  assert.equal(one.points, 2);
  const xAxis = one.option.xAxis as { data: string[] };
  const series = one.option.series as { data: number[] }[];
  assert.deepEqual(xAxis.data, ['10.0%']);
  assert.deepEqual(series[0].data, [2]);
  const spread = histogramChart('x', 'x', [0, 0.5, 1], 2);
  assert.deepEqual((spread.option.series as { data: number[] }[])[0].data, [1, 2]);
  assert.equal(histogramChart('x', 'x', [NaN]).points, 0);
});

test('book labels: titles, with the short name added only where two books share a title', () => {
  assert.deepEqual(
    bookLabels([
      { name: 'condor', title: 'Unhedged condors' },
      { name: 'unhedged', title: 'Unhedged condors' },
      { name: 'vxth', title: 'VXTH-style hedge' },
    ]),
    ['Unhedged condors (condor)', 'Unhedged condors (unhedged)', 'VXTH-style hedge'],
  );
});

const ALL_CHARTS = [
  'equity',
  'equity-log',
  'drawdown',
  'sleeve-monthly',
  'layers-timeline',
  'return-distribution',
  'rolling-return',
  'rolling-volatility',
  'rolling-sharpe',
];

test('equity: SPX rebased to the starting equity; the log axis spans the data, rounded outward', () => {
  const { run } = hedgedBacktest().outcome;
  const log = backtestCharts(run).find((c) => c.id === 'equity-log')!;
  const series = log.option.series as { name: string; data: (number | null)[] }[];
  const spx = series.find((s) => s.name === 'SPX (rebased)')!;
  assert.equal(spx.data[0], Math.round(run.books[0].equity[0]));
  const last = spx.data[spx.data.length - 1]!;
  const expected = (run.spxClose[run.spxClose.length - 1] / run.spxClose[0]) * run.books[0].equity[0];
  assert.ok(Math.abs(last - expected) <= 0.5, `${last} vs ${expected}`);
  const values = series.flatMap((s) => s.data.filter((v): v is number => v !== null));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const axis = log.option.yAxis as { type: string; min: number; max: number; name: string };
  assert.equal(axis.type, 'log');
  assert.equal(axis.name, 'equity ($)');
  assert.ok(axis.min <= lo && axis.min > lo * 0.9, `min ${axis.min} for data from ${lo}`);
  assert.ok(axis.max >= hi && axis.max < hi * 1.1, `max ${axis.max} for data to ${hi}`);
  assert.equal(roundTo2(123_456, true), 130_000);
  assert.equal(roundTo2(33_412, false), 33_000);
});

test('histogram marks: the claimed band and the history line fall in the bins holding them', () => {
  // Bins of width 0.099 from 0 to 0.99: 0.35 lies in bin 3, 0.4 in bin 4, 0.72 in bin 7.
  const values = Array.from({ length: 100 }, (_, k) => k / 100);
  const chart = histogramChart('x', 'x', values, 10, {
    band: { label: 'claimed', range: [0.35, 0.4] },
    lines: [{ label: 'history', value: 0.72 }],
  });
  const series = (chart.option.series as Record<string, { data: unknown[] }>[])[0];
  const area = series.markArea.data[0] as { xAxis: number }[];
  assert.deepEqual(
    area.map((a) => a.xAxis),
    [3, 4],
  );
  assert.equal((series.markLine.data[0] as { xAxis: number }).xAxis, 7);
  const multi = histogramChart('y', 'y', [
    { name: 'a', values: [0, 1] },
    { name: 'b', values: [0.5, NaN] },
  ]);
  assert.equal(multi.points, 3);
  assert.deepEqual(
    (multi.option.series as { name: string }[]).map((s) => s.name),
    ['a', 'b'],
  );
});

/** Draws a chart with ECharts' server-side renderer at the SVG export's size and reads its layout. */
function ssrLayout(spec: ChartSpec): ChartLayout {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1100, height: 420 });
  try {
    chart.setOption(spec.option as echarts.EChartsOption);
    chart.renderToSVGString();
    return chartLayout(chart);
  } finally {
    chart.dispose();
  }
}

test('static charts: title, legend and axes do not overlap; white background; layer rows named', () => {
  const { run } = hedgedBacktest().outcome;
  const charts = backtestCharts(run);
  assert.deepEqual(
    charts.map((c) => c.id),
    [...ALL_CHARTS],
  );
  for (const spec of charts) {
    const layout = ssrLayout(spec);
    assert.ok(layout.title !== null && layout.legend !== null, spec.id);
    assert.deepEqual(layoutProblems(layout), [], spec.id);
    assert.match(chartSvg(spec), /^<svg[^>]*>\s*<rect width="1100" height="420" x="0" y="0" fill="#ffffff">/);
  }
  const timeline = charts.find((c) => c.id === 'layers-timeline')!;
  const rows = (timeline.option.yAxis as { type: string; data?: string[] }[])[2];
  assert.deepEqual(rows, { ...rows, type: 'category', data: ['L1', 'L2', 'L3', 'financing'] });
  const svg = chartSvg(timeline);
  for (const name of ['L1', 'L2', 'L3', 'financing']) assert.match(svg, new RegExp(`>${name}</text>`), name);
  assert.doesNotMatch(svg, />[1-4]<\/text>/, 'no numbered rows');
});

test('a strategy without layers and no baselines: the sleeve chart is left out, the others written', () => {
  const { run } = bareBacktest().outcome;
  assert.deepEqual(
    backtestCharts(run).map((c) => c.id),
    ALL_CHARTS.filter((id) => id !== 'sleeve-monthly'),
  );
  for (const spec of backtestCharts(run)) assert.deepEqual(layoutProblems(ssrLayout(spec)), [], spec.id);
  const dir = mkdtempSync(join(tmpdir(), 'alvh-svg-'));
  try {
    const written = writeChartSvgs(run, dir).map((p) => basename(p));
    assert.deepEqual(written, ['equity.svg', 'drawdown.svg', 'layers-timeline.svg']);
    assert.deepEqual(readdirSync(dir).sort(), [...written].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
