// A small aligned-table renderer for the terminal: headers, per-column alignment, and optional ANSI
// colour that the caller switches on only for a terminal without NO_COLOR.
import { assert } from '../core/errors.js';

export type Align = 'left' | 'right';
export type CellStyle = 'plain' | 'bold' | 'dim' | 'good' | 'bad' | 'warn';

export interface Cell {
  text: string;
  style?: CellStyle;
}

export interface Column {
  header: string;
  /** Default 'left'. Numbers read best right-aligned. */
  align?: Align;
}

export interface TableSpec {
  /** Printed above the table (bold when coloured). */
  title?: string;
  columns: Column[];
  rows: (string | Cell)[][];
}

const ANSI: Record<Exclude<CellStyle, 'plain'>, string> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  good: '\u001b[32m',
  bad: '\u001b[31m',
  warn: '\u001b[33m',
};
const RESET = '\u001b[0m';

/** Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org) or TERM=dumb. */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (stream.isTTY !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

/** Width on screen: code points, so '–' or '±' count as one column. */
export function visibleWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function paint(text: string, style: CellStyle | undefined, color: boolean): string {
  if (!color || style === undefined || style === 'plain' || text === '') return text;
  return ANSI[style] + text + RESET;
}

function toCell(c: string | Cell): Cell {
  return typeof c === 'string' ? { text: c } : c;
}

/** The width the terminal reports are laid out for. */
export const TERMINAL_WIDTH = 120;

export interface TableOptions {
  color: boolean;
  /**
   * Widest line allowed: a wider table is cut into column blocks that each repeat the first `keep` columns
   * (as pandas wraps a wide frame), so no line passes the width unless one column alone does.
   */
  maxWidth?: number;
  keep?: number;
}

/** Renders the table as lines joined by '\n' (no trailing newline, no trailing spaces). */
export function renderTable(spec: TableSpec, opts: TableOptions): string {
  const cols = spec.columns.length;
  const rows = spec.rows.map((r, i) => {
    assert(r.length === cols, `table row ${i} has ${r.length} cells for ${cols} columns`);
    return r.map(toCell);
  });
  const widths = spec.columns.map((c, j) =>
    Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[j].text))),
  );
  const line = (cells: Cell[], block: number[]): string =>
    cells
      .map((c, k) => {
        const j = block[k];
        const pad = ' '.repeat(widths[j] - visibleWidth(c.text));
        const shown = paint(c.text, c.style, opts.color);
        return spec.columns[j].align === 'right' ? pad + shown : shown + pad;
      })
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (spec.title !== undefined) out.push(paint(spec.title, 'bold', opts.color));
  const blocks = columnBlocks(widths, opts.maxWidth ?? Infinity, Math.min(opts.keep ?? 1, cols));
  blocks.forEach((block, b) => {
    if (b > 0) out.push('');
    const pick = <T>(xs: T[]): T[] => block.map((j) => xs[j]);
    out.push(line(pick(spec.columns.map((c) => ({ text: c.header, style: 'bold' }))), block));
    out.push(
      pick(widths)
        .map((w) => '-'.repeat(w))
        .join('  '),
    );
    for (const r of rows) out.push(line(pick(r), block));
  });
  return out.join('\n');
}

/**
 * The column indices of each block: the first `keep` columns in every block, then as many of the others as
 * fit in `maxWidth` (two spaces between columns); at least one more per block.
 */
function columnBlocks(widths: number[], maxWidth: number, keep: number): number[][] {
  const kept = widths.slice(0, keep).map((_, j) => j);
  const keptWidth = kept.reduce((s, j) => s + widths[j] + 2, 0);
  const blocks: number[][] = [];
  let current = [...kept];
  let used = keptWidth;
  for (let j = keep; j < widths.length; j++) {
    if (current.length > keep && used + widths[j] > maxWidth) {
      blocks.push(current);
      current = [...kept];
      used = keptWidth;
    }
    current.push(j);
    used += widths[j] + 2;
  }
  blocks.push(current);
  return blocks;
}
