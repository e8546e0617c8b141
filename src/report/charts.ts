// ECharts options for every report chart, as pure functions of the run, so the HTML page and the static SVG
// export draw the same charts from the same code.
import type { BacktestRun, BookResult } from '../engine/result.js';

/** An ECharts option object (kept loose: ECharts' own types are large and version-bound). */
export type ChartOption = Record<string, unknown>;

export interface ChartSpec {
  id: string;
  title: string;
  option: ChartOption;
  /** Data points drawn (summed over series), for checks that a chart is not empty. */
  points: number;
}

/** Indices kept when thinning a daily series for display: every `step`-th day and always the last. */
export function thinIndices(n: number, maxPoints = 1200): number[] {
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

const round = (x: number, d = 2): number | null => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/** Drawdown below the running peak, as a negative fraction, day by day. */
export function underwater(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    peak = Math.max(peak, equity[i]);
    out[i] = peak > 0 ? equity[i] / peak - 1 : 0;
  }
  return out;
}

/** Monthly sums of a layer's daily P&L: months in order, and one array per layer. */
export function monthlyLayerPnl(
  book: BookResult,
  field: 'mtmPnl' | 'cashFlow' = 'mtmPnl',
): { months: string[]; layers: Record<string, number[]> } {
  const months: string[] = [];
  const index = new Map<string, number>();
  for (const d of book.dates) {
    const m = d.slice(0, 7);
    if (!index.has(m)) {
      index.set(m, months.length);
      months.push(m);
    }
  }
  const layers: Record<string, number[]> = {};
  for (const [name, series] of Object.entries(book.layers)) {
    const sums = new Array<number>(months.length).fill(0);
    book.dates.forEach((d, t) => (sums[index.get(d.slice(0, 7))!] += series[field][t]));
    layers[name] = sums.map((x) => Math.round(x * 100) / 100);
  }
  return { months, layers };
}

const BASE = {
  animation: false,
  grid: { left: 70, right: 60, top: 50, bottom: 60 },
  tooltip: { trigger: 'axis' },
  legend: { top: 22 },
};

export function equityChart(run: BacktestRun, log = false): ChartSpec {
  const keep = thinIndices(run.books[0].dates.length);
  const dates = keep.map((t) => run.books[0].dates[t]);
  const series = run.books.map((b) => ({
    name: b.title,
    type: 'line',
    showSymbol: false,
    data: keep.map((t) => round(b.equity[t], 0)),
  }));
  return {
    id: 'equity',
    title: 'Equity of every book',
    points: series.reduce((s, x) => s + x.data.length, 0),
    option: {
      ...BASE,
      title: {
        text: `Equity (${log ? 'log' : 'linear'} scale)`,
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: log ? 'log' : 'value', scale: true, name: '$' },
      dataZoom: [{ type: 'inside' }],
      series,
    },
  };
}

export function drawdownChart(run: BacktestRun): ChartSpec {
  const keep = thinIndices(run.books[0].dates.length);
  const series = run.books.map((b) => {
    const uw = underwater(b.equity);
    return { name: b.title, type: 'line', showSymbol: false, data: keep.map((t) => round(uw[t] * 100, 2)) };
  });
  return {
    id: 'drawdown',
    title: 'Underwater curves',
    points: series.reduce((s, x) => s + x.data.length, 0),
    option: {
      ...BASE,
      title: { text: 'Drawdown from the running peak (%)', left: 'center', textStyle: { fontSize: 14 } },
      xAxis: { type: 'category', data: keep.map((t) => run.books[0].dates[t]) },
      yAxis: { type: 'value', name: '%', max: 0 },
      series,
    },
  };
}

export function sleeveMonthlyChart(run: BacktestRun): ChartSpec {
  const book = run.books.find((b) => b.name === run.hedged) ?? run.books[0];
  const { months, layers } = monthlyLayerPnl(book);
  const series = Object.entries(layers).map(([name, data]) => ({ name, type: 'bar', stack: 'sleeve', data }));
  return {
    id: 'sleeve-monthly',
    title: `Hedge sleeve of ${book.title}: monthly P&L per layer`,
    points: series.reduce((s, x) => s + x.data.length, 0),
    option: {
      ...BASE,
      title: {
        text: `${book.title}: hedge sleeve P&L per month and layer ($, mark-to-market)`,
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: '$' },
      dataZoom: [{ type: 'inside' }],
      series,
    },
  };
}

export function layerTimelineChart(run: BacktestRun): ChartSpec {
  const book = run.books.find((b) => b.name === run.hedged) ?? run.books[0];
  const keep = thinIndices(book.dates.length, 2000);
  const names = Object.keys(book.layers);
  const vix = run.vixClose ? keep.map((t) => round(run.vixClose![t], 2)) : [];
  const back = run.backwardation ? keep.map((t) => round(run.backwardation![t] * 100, 2)) : [];
  // Each layer is a band on its own row of the lower axis: drawn where the layer held a position.
  const bands = names.map((name, k) => ({
    name: `${name} on`,
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 2,
    showSymbol: false,
    lineStyle: { width: 8 },
    data: keep.map((t) => (book.layers[name].active[t] ? k + 1 : null)),
  }));
  const series = [
    { name: 'VIX', type: 'line', showSymbol: false, data: vix },
    { name: 'backwardation M1/M2-1 (%)', type: 'line', showSymbol: false, yAxisIndex: 1, data: back },
    ...bands,
  ];
  const dates = keep.map((t) => book.dates[t]);
  return {
    id: 'layers-timeline',
    title: 'When each layer was on, over VIX and its futures backwardation',
    points: series.reduce((s, x) => s + x.data.filter((v) => v !== null).length, 0),
    option: {
      ...BASE,
      title: {
        text: `${book.title}: layers on, VIX and backwardation`,
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      grid: [
        { left: 70, right: 70, top: 50, height: '45%' },
        { left: 70, right: 70, top: '68%', height: '20%' },
      ],
      xAxis: [
        { type: 'category', data: dates, gridIndex: 0 },
        { type: 'category', data: dates, gridIndex: 1 },
      ],
      yAxis: [
        { type: 'value', name: 'VIX', gridIndex: 0 },
        { type: 'value', name: 'backwardation %', gridIndex: 0 },
        {
          type: 'value',
          gridIndex: 1,
          min: 0,
          max: names.length + 1,
          interval: 1,
          axisLabel: { formatter: names.length > 0 ? `{value}` : '' },
        },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }],
      series,
    },
  };
}

/** A histogram of Monte Carlo path values (as percentages). */
export function histogramChart(id: string, label: string, values: readonly number[], bins = 24): ChartSpec {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  const labels = counts.map((_, k) => `${((lo + (k + 0.5) * width) * 100).toFixed(1)}%`);
  return {
    id,
    title: label,
    points: finite.length,
    option: {
      ...BASE,
      title: { text: `${label} over ${finite.length} paths`, left: 'center', textStyle: { fontSize: 14 } },
      xAxis: { type: 'category', data: labels, name: label },
      yAxis: { type: 'value', name: 'paths' },
      series: [{ name: 'paths', type: 'bar', data: counts }],
    },
  };
}

export function backtestCharts(run: BacktestRun): ChartSpec[] {
  const log = { ...equityChart(run, true), id: 'equity-log', title: 'Equity of every book (log scale)' };
  return [equityChart(run), log, drawdownChart(run), sleeveMonthlyChart(run), layerTimelineChart(run)];
}
