// ECharts options for every report chart, as pure functions of the run, so the HTML page and the static SVG
// export draw the same charts from the same code.
import { monthlyReturns } from '../analytics/monthly-returns.js';
import { rollingStats } from '../analytics/rolling.js';
import type { BacktestRun, BookResult } from '../engine/result.js';
import { bookLabels } from './labels.js';
import { modelledRanges, shadeRanges } from './shaded-ranges.js';

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

/** Top of the plot area: below the title (its own line) and the legend (one scrolling line under it). */
export const PLOT_TOP = 92;

/**
 * The frame every chart shares: title on the first line, legend on the second, plot below both, so none
 * overlaps at any width; a white background so exported images stay legible in dark-mode viewers.
 */
export function frame(title: string): ChartOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 14 } },
    legend: { type: 'scroll', left: 'center', top: 36, width: '80%' },
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 60, top: PLOT_TOP, bottom: 60 },
  };
}

const pointCount = (series: { data: unknown[] }[]): number =>
  series.reduce((s, x) => s + x.data.filter((v) => v !== null).length, 0);

function bookLines(run: BacktestRun, keep: number[], value: (b: BookResult, t: number) => number | null) {
  const labels = bookLabels(run.books);
  return run.books.map((b, k) => ({
    name: labels[k],
    type: 'line',
    showSymbol: false,
    data: keep.map((t) => value(b, t)),
  }));
}

/** A round number at or below (or above) x: two significant digits, so a fitted axis ends on a readable label. */
export function roundTo2(x: number, up: boolean): number {
  if (!(x > 0)) return x;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return (up ? Math.ceil(x / unit) : Math.floor(x / unit)) * unit;
}

/** Axis titles with units: the value axis named along its side, the date axis under its labels. */
const dateAxis = (dates: string[]): ChartOption => ({
  type: 'category',
  data: dates,
  name: 'date',
  nameLocation: 'middle',
  nameGap: 28,
});
const valueAxisName = (name: string): ChartOption => ({
  name,
  nameLocation: 'middle',
  nameGap: 62,
  nameRotate: 90,
});

export function equityChart(run: BacktestRun, log = false): ChartSpec {
  const keep = thinIndices(run.books[0].dates.length);
  const series: {
    name: string;
    type: string;
    showSymbol: boolean;
    data: (number | null)[];
    lineStyle?: object;
  }[] = bookLines(run, keep, (b, t) => round(b.equity[t], 0));
  // SPX on the books' scale: its closes rebased to the first book's starting equity.
  const start = run.books[0].equity[0];
  const spx0 = run.spxClose[0];
  if (run.spxClose.length === run.books[0].dates.length && spx0 > 0)
    series.push({
      name: 'SPX (rebased)',
      type: 'line',
      showSymbol: false,
      lineStyle: { type: 'dashed', width: 1 },
      data: keep.map((t) => round((run.spxClose[t] / spx0) * start, 0)),
    });
  let lo = Infinity;
  let hi = -Infinity;
  for (const sr of series)
    for (const v of sr.data)
      if (v !== null && v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  // A log axis spans the data (rounded outward), not whole decades: a run between $40k and $1.2M fills the plot.
  const fitted = log && lo < hi ? { min: roundTo2(lo, false), max: roundTo2(hi, true) } : {};
  return {
    id: 'equity',
    title: 'Equity of every book',
    points: pointCount(series),
    option: {
      ...frame(`Equity (${log ? 'log' : 'linear'} scale), SPX rebased to the starting equity`),
      grid: { left: 90, right: 40, top: PLOT_TOP, bottom: 60 },
      xAxis: dateAxis(keep.map((t) => run.books[0].dates[t])),
      yAxis: { type: log ? 'log' : 'value', scale: true, ...valueAxisName('equity ($)'), ...fitted },
      dataZoom: [{ type: 'inside' }],
      series,
    },
  };
}

export function drawdownChart(run: BacktestRun): ChartSpec {
  const keep = thinIndices(run.books[0].dates.length);
  const curves = new Map(run.books.map((b) => [b, underwater(b.equity)]));
  const series = bookLines(run, keep, (b, t) => round(curves.get(b)![t] * 100, 2));
  return {
    id: 'drawdown',
    title: 'Underwater curves',
    points: pointCount(series),
    option: {
      ...frame('Drawdown from the running peak (%)'),
      grid: { left: 90, right: 40, top: PLOT_TOP, bottom: 60 },
      xAxis: dateAxis(keep.map((t) => run.books[0].dates[t])),
      yAxis: { type: 'value', ...valueAxisName('drawdown (%)'), max: 0 },
      series,
    },
  };
}

const hedgedBook = (run: BacktestRun): BookResult =>
  run.books.find((b) => b.name === run.hedged) ?? run.books[0];

export function sleeveMonthlyChart(run: BacktestRun): ChartSpec {
  const book = hedgedBook(run);
  const { months, layers } = monthlyLayerPnl(book);
  const series = Object.entries(layers).map(([name, data]) => ({ name, type: 'bar', stack: 'sleeve', data }));
  return {
    id: 'sleeve-monthly',
    title: `Hedge sleeve of ${book.title}: monthly P&L per layer`,
    points: pointCount(series),
    option: {
      ...frame(`${book.title}: hedge sleeve P&L per month and layer ($, mark-to-market)`),
      grid: { left: 90, right: 40, top: PLOT_TOP, bottom: 60 },
      xAxis: { ...dateAxis(months), name: 'month' },
      yAxis: { type: 'value', ...valueAxisName('sleeve P&L ($)') },
      dataZoom: [{ type: 'inside' }],
      series,
    },
  };
}

export function layerTimelineChart(run: BacktestRun): ChartSpec {
  const book = hedgedBook(run);
  const keep = thinIndices(book.dates.length, 2000);
  const names = Object.keys(book.layers);
  const dates = keep.map((t) => book.dates[t]);
  const lines = [
    ...(run.vixClose
      ? [{ name: 'VIX', type: 'line', showSymbol: false, data: keep.map((t) => round(run.vixClose![t], 2)) }]
      : []),
    ...(run.backwardation
      ? [
          {
            name: 'backwardation M1/M2-1 (%)',
            type: 'line',
            showSymbol: false,
            yAxisIndex: 1,
            data: keep.map((t) => round(run.backwardation![t] * 100, 2)),
          },
        ]
      : []),
  ];
  // Each layer is a band on its own named row of the lower grid, drawn where the layer held a position.
  const bands = names.map((name, k) => ({
    name: `${name} on`,
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 2,
    showSymbol: false,
    lineStyle: { width: 8 },
    data: keep.map((t) => (book.layers[name].active[t] ? k : null)),
  }));
  const series = [...lines, ...bands];
  const side = { left: 80, right: 70 };
  const upper = { type: 'category', data: dates, gridIndex: 0 };
  const option: ChartOption = {
    ...frame(`${book.title}: layers on, VIX and backwardation`),
    grid: [{ ...side, top: PLOT_TOP, bottom: 60 }],
    xAxis: [upper],
    yAxis: [
      { type: 'value', name: 'VIX (points)', gridIndex: 0 },
      { type: 'value', name: 'backwardation (%)', gridIndex: 0 },
    ],
    dataZoom: [{ type: 'inside', xAxisIndex: [0] }],
    series,
  };
  if (names.length > 0) {
    // The lower grid carries the dates; the upper one hides its own to leave room between the two.
    Object.assign(option, {
      grid: [
        { ...side, top: PLOT_TOP, bottom: '36%' },
        { ...side, top: '68%', bottom: 36 },
      ],
      xAxis: [
        { ...upper, axisLabel: { show: false } },
        { type: 'category', data: dates, gridIndex: 1 },
      ],
      yAxis: [
        ...(option.yAxis as object[]),
        {
          type: 'category',
          gridIndex: 1,
          data: names,
          inverse: true,
          axisLabel: { width: 70, overflow: 'truncate' },
        },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }],
    });
  }
  return {
    id: 'layers-timeline',
    title: 'When each layer was on, over VIX and its futures backwardation',
    points: pointCount(series),
    option,
  };
}

/** What a distribution chart marks: a claimed range as a shaded band, single values (the history's) as lines. */
export interface HistogramMarks {
  band?: { label: string; range: [number, number] };
  lines?: { label: string; value: number }[];
}

/**
 * A histogram of values given as fractions (shown as percentages); several series share the bins. Non-finite
 * values are left out. A band or line outside the bins is drawn at the nearest edge bin and says so.
 */
export function histogramChart(
  id: string,
  label: string,
  input: readonly number[] | readonly { name: string; values: readonly number[] }[],
  bins = 24,
  marks: HistogramMarks = {},
  unit = 'paths',
): ChartSpec {
  const groups =
    input.length > 0 && typeof input[0] === 'object'
      ? (input as readonly { name: string; values: readonly number[] }[])
      : [{ name: unit, values: input as readonly number[] }];
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const g of groups)
    for (const v of g.values) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      n++;
    }
  // Every value equal (or a single one): one bar at that value.
  const width = hi > lo ? (hi - lo) / bins : 0;
  const nBins = n === 0 ? 0 : width > 0 ? bins : 1;
  const binOf = (v: number): number =>
    width > 0 ? Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / width))) : 0;
  const labels = Array.from({ length: nBins }, (_, k) => `${((lo + (k + 0.5) * width) * 100).toFixed(1)}%`);
  const series: ChartOption[] = groups.map((g) => {
    const counts = new Array<number>(nBins).fill(0);
    for (const v of g.values) if (Number.isFinite(v)) counts[binOf(v)]++;
    return { name: g.name, type: 'bar', data: counts };
  });
  const outside = (v: number): string => (nBins > 0 && (v < lo || v > hi) ? ' (beyond the bins)' : '');
  const pctText = (v: number): string => `${(v * 100).toFixed(1)}%`;
  if (series.length > 0 && nBins > 0) {
    if (marks.band) {
      const [a, b] = marks.band.range;
      // No label on the band itself (it can be one bin narrow): the title names it.
      series[0].markArea = {
        silent: true,
        itemStyle: { color: 'rgba(29, 107, 53, 0.14)' },
        label: { show: false },
        data: [[{ xAxis: binOf(a) }, { xAxis: binOf(b) }]],
      };
    }
    if (marks.lines && marks.lines.length > 0)
      series[0].markLine = {
        silent: true,
        symbol: 'none',
        lineStyle: { color: '#b42318', type: 'solid', width: 2 },
        label: { position: 'insideEndTop', fontSize: 11 },
        data: marks.lines
          .filter((m) => Number.isFinite(m.value))
          .map((m) => ({
            name: m.label,
            xAxis: binOf(m.value),
            label: { formatter: `${m.label} ${pctText(m.value)}${outside(m.value)}` },
          })),
      };
  }
  return {
    id,
    title: label,
    points: n,
    option: {
      ...frame(
        `${groups.length > 1 ? label : `${label} over ${n} ${unit}`}${
          marks.band
            ? `; shaded: ${marks.band.label}${outside(marks.band.range[0]) || outside(marks.band.range[1]) ? ' (partly beyond the bins)' : ''}`
            : ''
        }`,
      ),
      grid: { left: 70, right: 40, top: PLOT_TOP, bottom: 60 },
      xAxis: { type: 'category', data: labels, name: `${label} (%)`, nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', ...valueAxisName(unit), nameGap: 45, minInterval: 1 },
      series,
    },
  };
}

/** One line per book over the run's dates, from a daily series per book (NaN: a gap). */
function dailyLinesChart(
  run: BacktestRun,
  id: string,
  title: string,
  axis: string,
  daily: Map<BookResult, Float64Array>,
  scale: number,
): ChartSpec {
  const keep = thinIndices(run.books[0].dates.length);
  const series = bookLines(run, keep, (b, t) => round(daily.get(b)![t] * scale, 2));
  return {
    id,
    title,
    points: pointCount(series),
    option: {
      ...frame(title),
      grid: { left: 90, right: 40, top: PLOT_TOP, bottom: 60 },
      xAxis: dateAxis(keep.map((t) => run.books[0].dates[t])),
      yAxis: { type: 'value', scale: true, ...valueAxisName(axis) },
      dataZoom: [{ type: 'inside' }],
      series,
    },
  };
}

/** Rolling 12-month return, volatility and Sharpe ratio of every book (left out when the run is under a year). */
export function rollingCharts(run: BacktestRun, window = 252): ChartSpec[] {
  const stats = new Map(run.books.map((b) => [b, rollingStats(b.equity, b.dates, run.rateAnnual, window)]));
  const pick = (f: 'ret' | 'volatility' | 'sharpe'): Map<BookResult, Float64Array> =>
    new Map([...stats].map(([b, s]) => [b, s[f]]));
  return [
    dailyLinesChart(run, 'rolling-return', 'Rolling 12-month return (%)', 'return (%)', pick('ret'), 100),
    dailyLinesChart(
      run,
      'rolling-volatility',
      'Rolling 12-month volatility, annualised (%)',
      'volatility (%)',
      pick('volatility'),
      100,
    ),
    dailyLinesChart(
      run,
      'rolling-sharpe',
      'Rolling 12-month Sharpe ratio',
      'Sharpe ratio',
      pick('sharpe'),
      1,
    ),
  ];
}

/** Monthly returns of every book as one histogram on shared bins. */
export function returnDistributionChart(run: BacktestRun): ChartSpec {
  const labels = bookLabels(run.books);
  return histogramChart(
    'return-distribution',
    'Monthly return',
    run.books.map((b, k) => ({ name: labels[k], values: monthlyReturns(b.equity, b.dates) })),
    30,
    {},
    'months',
  );
}

/**
 * The backtest's charts; a chart with nothing to draw (no hedge layers: no sleeve P&L) is left out. The
 * modelled years of a `--history modelled` run are shaded on each chart with a date axis.
 */
export function backtestCharts(run: BacktestRun): ChartSpec[] {
  const log = { ...equityChart(run, true), id: 'equity-log', title: 'Equity of every book (log scale)' };
  const shaded = modelledRanges(run.modelled);
  return [
    equityChart(run),
    log,
    drawdownChart(run),
    sleeveMonthlyChart(run),
    layerTimelineChart(run),
    returnDistributionChart(run),
    ...rollingCharts(run),
  ]
    .filter((c) => c.points > 0)
    .map((c) => shadeRanges(c, shaded));
}
