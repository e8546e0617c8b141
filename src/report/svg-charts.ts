// Static SVG images of the main charts (ECharts' server-side renderer), for pasting into notes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { BacktestRun } from '../engine/result.js';
import { backtestCharts, type ChartSpec } from './charts.js';

/** The charts exported as images: the log-scale equity stays in the HTML report only. */
const SVG_CHARTS = ['equity', 'drawdown', 'sleeve-monthly', 'layers-timeline'];

let echartsModule: typeof Echarts | undefined;

/**
 * ECharts, loaded on the first chart only: its ES build (with zrender, ~700 module files) cost every backtest about
 * a second even without --charts; the single-file CommonJS build loads in a fraction of that.
 */
function echarts(): typeof Echarts {
  echartsModule ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return echartsModule;
}

export function chartSvg(spec: ChartSpec, width = 1100, height = 420): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(spec.option as Echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Writes equity.svg, drawdown.svg, sleeve-monthly.svg and layers-timeline.svg (a chart with nothing to draw,
 * such as the sleeve of a book without layers, is not written); returns their paths.
 */
export function writeChartSvgs(run: BacktestRun, dir: string): string[] {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  return backtestCharts(run)
    .filter((spec) => SVG_CHARTS.includes(spec.id))
    .map((spec) => {
      const path = join(out, `${spec.id}.svg`);
      writeFileSync(path, chartSvg(spec));
      return path;
    });
}
