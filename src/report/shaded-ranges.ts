// Shaded date ranges on the report's charts: the years whose inputs were modelled (`--history modelled`) are
// marked on every chart with a date axis, as ECharts mark areas on the first series of each axis.
import type { ModelledSpan } from '../market/panel.js';
import type { ChartOption, ChartSpec } from './charts.js';

export interface ShadedRange {
  from: string;
  to: string;
  label: string;
}

/** Ranges closer than this (calendar days apart, in ISO order) are drawn as one. */
const JOIN_DAYS = 7;

/** Shortest stretch (calendar days) that gets a label. */
const LABEL_DAYS = 60;

const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** The union of the modelled inputs' ranges, one shaded range per stretch, named by what was modelled there. */
export function modelledRanges(spans: readonly ModelledSpan[] | undefined): ShadedRange[] {
  const all = (spans ?? [])
    .flatMap((s) => s.ranges.map((r) => ({ from: r.from, to: r.to, input: s.input })))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: { from: string; to: string; inputs: Set<string> }[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && dayOf(r.from) - dayOf(last.to) <= JOIN_DAYS) {
      if (r.to > last.to) last.to = r.to;
      last.inputs.add(r.input);
    } else out.push({ from: r.from, to: r.to, inputs: new Set([r.input]) });
  }
  // A stretch of a few days (a missing VVIX print) is shaded but not labelled, so labels do not pile up.
  return out.map((r) => ({
    from: r.from,
    to: r.to,
    label: dayOf(r.to) - dayOf(r.from) >= LABEL_DAYS ? `modelled: ${[...r.inputs].sort().join(', ')}` : '',
  }));
}

/** The first and last category of an axis inside [from, to] (months compare on their 7 characters). */
function snap(categories: readonly string[], from: string, to: string): [string, string] | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const c of categories) {
    if (c >= from.slice(0, c.length) && c <= to.slice(0, c.length)) {
      first ??= c;
      last = c;
    }
  }
  return first === null || last === null ? null : [first, last];
}

/**
 * The chart with the ranges shaded on each of its date (category) axes; a chart without one (a histogram) is
 * returned as it is.
 */
export function shadeRanges(spec: ChartSpec, ranges: readonly ShadedRange[]): ChartSpec {
  if (ranges.length === 0) return spec;
  const option = spec.option;
  const axes = (Array.isArray(option.xAxis) ? option.xAxis : [option.xAxis]) as {
    type?: string;
    data?: string[];
  }[];
  const series = (option.series as Record<string, unknown>[]).map((s) => ({ ...s }));
  let shaded = false;
  axes.forEach((axis, k) => {
    const cats = axis?.data;
    if (axis?.type !== 'category' || !cats || !/^\d{4}-\d{2}/.test(cats[0] ?? '')) return;
    const target = series.find((s) => ((s.xAxisIndex as number | undefined) ?? 0) === k);
    if (!target) return;
    const areas = ranges
      .map((r) => ({ r, at: snap(cats, r.from, r.to) }))
      .filter((x): x is { r: ShadedRange; at: [string, string] } => x.at !== null)
      .map(({ r, at }) => [{ name: k === 0 ? r.label : '', xAxis: at[0] }, { xAxis: at[1] }]);
    if (areas.length === 0) return;
    target.markArea = {
      silent: true,
      itemStyle: { color: 'rgba(255, 170, 0, 0.12)' },
      label: { position: 'insideTop', color: '#8a5a00', fontSize: 11 },
      data: areas,
    };
    shaded = true;
  });
  if (!shaded) return spec;
  const next: ChartOption = { ...option, series };
  return { ...spec, option: next };
}
