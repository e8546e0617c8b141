// Test support: where a live ECharts instance drew its title, legend and axes, in pixels, and the overlaps
// among them. chartLayout uses nothing outside its own body, so the browser test can send its source into
// the page and run it there on the page's charts.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  title: Box | null;
  legend: Box | null;
  /** One box per axis (line, labels, name and split lines), with the grid it belongs to. */
  axes: { name: string; grid: number; box: Box }[];
}

/** Reads the drawn boxes off an ECharts instance (server-side or in a page) through its component views. */
export function chartLayout(chart: unknown): ChartLayout {
  interface Rect extends Box {
    clone(): Rect;
    applyTransform(m: number[]): void;
  }
  interface Element {
    isGroup?: boolean;
    ignore?: boolean;
    invisible?: boolean;
    getBoundingRect(): Rect;
    getComputedTransform(): number[] | null;
  }
  interface Model {
    mainType: string;
    componentIndex: number;
    option: { gridIndex?: number };
  }
  const c = chart as {
    getWidth(): number;
    getHeight(): number;
    getModel(): { getComponent(type: string, index?: number): Model | undefined };
    getViewOfComponentModel(m: Model): { group: { traverse(f: (el: Element) => boolean | void): void } };
  };
  // The union of the visible, non-empty shapes and texts a component drew (a hidden label still has a box).
  const boxOf = (m: Model | undefined): Box | null => {
    if (m === undefined) return null;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    c.getViewOfComponentModel(m).group.traverse((el) => {
      if (el.ignore || el.invisible) return true; // skip it and what it holds
      if (el.isGroup) return;
      const r = el.getBoundingRect().clone();
      const transform = el.getComputedTransform();
      if (transform) r.applyTransform(transform);
      if (r.width <= 0 && r.height <= 0) return;
      x0 = Math.min(x0, r.x);
      y0 = Math.min(y0, r.y);
      x1 = Math.max(x1, r.x + r.width);
      y1 = Math.max(y1, r.y + r.height);
    });
    return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  };
  const axes: ChartLayout['axes'] = [];
  for (const type of ['xAxis', 'yAxis'])
    for (let k = 0; c.getModel().getComponent(type, k) !== undefined; k++) {
      const m = c.getModel().getComponent(type, k)!;
      const box = boxOf(m);
      if (box) axes.push({ name: `${type}${k}`, grid: m.option.gridIndex ?? 0, box });
    }
  return {
    width: c.getWidth(),
    height: c.getHeight(),
    title: boxOf(c.getModel().getComponent('title')),
    legend: boxOf(c.getModel().getComponent('legend')),
    axes,
  };
}

const intersects = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * What overlaps, as readable lines (none when the layout is clean): title and legend with each other, with
 * any axis, or outside the chart; and axes of different grids with each other.
 */
export function layoutProblems(layout: ChartLayout): string[] {
  const out: string[] = [];
  const fmt = (b: Box): string =>
    `[${b.x.toFixed(0)},${b.y.toFixed(0)} ${b.width.toFixed(0)}x${b.height.toFixed(0)}]`;
  const top: [string, Box][] = [];
  if (layout.title) top.push(['title', layout.title]);
  if (layout.legend) top.push(['legend', layout.legend]);
  for (const [name, b] of top)
    if (b.x < 0 || b.y < 0 || b.x + b.width > layout.width || b.y + b.height > layout.height)
      out.push(`${name} ${fmt(b)} outside the chart ${layout.width}x${layout.height}`);
  if (layout.title && layout.legend && intersects(layout.title, layout.legend))
    out.push(`title ${fmt(layout.title)} overlaps legend ${fmt(layout.legend)}`);
  for (const [name, b] of top)
    for (const a of layout.axes)
      if (intersects(b, a.box)) out.push(`${name} ${fmt(b)} overlaps ${a.name} ${fmt(a.box)}`);
  for (const a of layout.axes)
    for (const b of layout.axes)
      if (a.name < b.name && a.grid !== b.grid && intersects(a.box, b.box))
        out.push(
          `${a.name} ${fmt(a.box)} (grid ${a.grid}) overlaps ${b.name} ${fmt(b.box)} (grid ${b.grid})`,
        );
  return out;
}
