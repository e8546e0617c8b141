// Static SVG images of the main charts (ECharts' server-side renderer), for pasting into notes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as echarts from 'echarts';
import type { BacktestRun } from '../engine/result.js';
import {
  drawdownChart,
  equityChart,
  layerTimelineChart,
  sleeveMonthlyChart,
  type ChartSpec,
} from './charts.js';

export function chartSvg(spec: ChartSpec, width = 1100, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(spec.option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Writes equity.svg, drawdown.svg, sleeve-monthly.svg and layers-timeline.svg; returns their paths. */
export function writeChartSvgs(run: BacktestRun, dir: string): string[] {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const specs: [string, ChartSpec][] = [
    ['equity.svg', equityChart(run)],
    ['drawdown.svg', drawdownChart(run)],
    ['sleeve-monthly.svg', sleeveMonthlyChart(run)],
    ['layers-timeline.svg', layerTimelineChart(run)],
  ];
  return specs.map(([name, spec]) => {
    const path = join(out, name);
    writeFileSync(path, chartSvg(spec));
    return path;
  });
}
