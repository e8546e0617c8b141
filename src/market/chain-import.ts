// Reads end-of-day option chain files through a column mapping into option quotes: one row per option
// (date, root, expiry, strike, call/put, bid, ask). A missing column stops with file, line and field; a row
// that cannot be a quote (crossed, zero bid and ask, strike off the grid, unreadable) is skipped and counted
// by reason, with the first place each reason occurred.
import { openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { tryParseIsoDay, tryParseDay, tryParseUsDay, type DayNumber } from '../core/dates.js';
import { DataError } from '../core/errors.js';
import type { ChainMapping } from './chain-formats.js';
import { parseExpiry } from './option-chain.js';

export interface ImportedQuote {
  quoteDay: DayNumber;
  root: string;
  expiry: DayNumber;
  strike: number;
  isCall: boolean;
  bid: number;
  ask: number;
}

export type SkipReason = 'crossed quote' | 'zero bid and ask' | 'strike off the grid' | 'unreadable value';

export interface SkipCount {
  count: number;
  /** Where it first happened: file:line [field]. */
  first: string;
}

export interface ImportReport {
  rows: number;
  quotes: number;
  skipped: Partial<Record<SkipReason, SkipCount>>;
}

/** Strike grid per root: SPX and SPXW list on multiples of 5, VIX and VIXW of 0.5 (a setting). */
export function defaultStrikeGrid(root: string): number {
  return root.startsWith('SPX') ? 5 : 0.5;
}

function dateParser(format: ChainMapping['date_format']): (text: string) => DayNumber {
  switch (format) {
    case 'iso':
      return tryParseIsoDay;
    case 'us':
      return tryParseUsDay;
    case 'cboe-text':
      return parseExpiry;
    case 'auto':
      // Also 'YYYY-MM-DD hh:mm:ss' stamps: the date part.
      return (t) => tryParseDay(t.length > 10 && t[4] === '-' ? t.slice(0, 10) : t);
  }
}

/** Lines of a file read in 4 MB chunks (a 10-million-row file does not fit one string). */
export function* fileLines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 22);
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = rest + buffer.toString('utf8', 0, n);
      const lines = text.split('\n');
      rest = lines.pop()!;
      for (const l of lines) yield l;
    }
  } finally {
    closeSync(fd);
  }
  if (rest !== '') yield rest;
}

function splitRow(line: string): string[] {
  const out = line.replace(/\r$/, '').split(',');
  for (let k = 0; k < out.length; k++) {
    let f = out[k].trim();
    if (f.length > 1 && f[0] === '"' && f[f.length - 1] === '"') f = f.slice(1, -1);
    out[k] = f;
  }
  return out;
}

/**
 * Imports one file's lines (`file` names it in errors and skip notes), handing each quote to `sink`.
 * `grid(root)` is the strike step of a root.
 */
export function importChainLines(
  lines: Iterable<string>,
  file: string,
  mapping: ChainMapping,
  sink: (q: ImportedQuote) => void,
  grid: (root: string) => number = defaultStrikeGrid,
): ImportReport {
  const name = basename(file);
  const report: ImportReport = { rows: 0, quotes: 0, skipped: {} };
  const skip = (reason: SkipReason, line: number, field: string): void => {
    const s = report.skipped[reason];
    if (s === undefined) report.skipped[reason] = { count: 1, first: `${name}:${line} [${field}]` };
    else s.count++;
  };
  const parseDate = dateParser(mapping.date_format);
  const fileDate = /(\d{4}-\d{2}-\d{2})/.exec(file)?.[1];
  let index: Map<string, number> | null = null;
  let col: Record<string, number> = {};
  let lineNo = 0;
  let fixedQuoteDay = NaN;
  for (const raw of lines) {
    lineNo++;
    if (index === null) {
      const clean = raw.replace(/^\uFEFF/, '');
      if (mapping.header_starts_with !== undefined && !clean.startsWith(mapping.header_starts_with)) continue;
      if (clean.trim() === '') continue;
      index = new Map();
      for (const [k, h] of splitRow(clean).entries()) {
        const key = h.replace(/^\[|\]$/g, '');
        index.set(index.has(key) ? `${key}#2` : key, k);
      }
      col = resolveColumns(mapping, index, name, lineNo);
      if (col.quote_date === undefined) {
        if (fileDate === undefined)
          throw new DataError(
            { file: name },
            'no quote date column and no date (YYYY-MM-DD) in the file name',
          );
        fixedQuoteDay = tryParseIsoDay(fileDate);
      }
      continue;
    }
    if (raw.trim() === '') continue;
    report.rows++;
    const f = splitRow(raw);
    const quoteDay = col.quote_date === undefined ? fixedQuoteDay : parseDate(f[col.quote_date] ?? '');
    const expiry = parseDate(f[col.expiry] ?? '');
    const strike = Number(f[col.strike]);
    const root =
      col.root !== undefined
        ? (f[col.root] ?? '')
        : col.root_from_symbol !== undefined
          ? (/^([A-Z]+?)\d/.exec(f[col.root_from_symbol] ?? '')?.[1] ?? '')
          : mapping.root_constant!;
    const bad = Number.isNaN(quoteDay)
      ? 'quote_date'
      : Number.isNaN(expiry)
        ? 'expiry'
        : !(strike > 0)
          ? 'strike'
          : root === ''
            ? 'root'
            : null;
    if (bad !== null) {
      skip('unreadable value', lineNo, columnName(mapping, bad, index));
      continue;
    }
    const step = grid(root);
    if (Math.abs(strike / step - Math.round(strike / step)) > 1e-9) {
      skip('strike off the grid', lineNo, columnName(mapping, 'strike', index));
      continue;
    }
    const sides: [boolean, number, number, string][] =
      mapping.layout === 'long'
        ? [[/^c/i.test(f[col.type] ?? ''), col.bid, col.ask, 'bid']]
        : [
            [true, col.call_bid, col.call_ask, 'call_bid'],
            [false, col.put_bid, col.put_ask, 'put_bid'],
          ];
    if (mapping.layout === 'long' && !/^[cp]/i.test(f[col.type] ?? '')) {
      skip('unreadable value', lineNo, columnName(mapping, 'type', index));
      continue;
    }
    for (const [isCall, b, a, field] of sides) {
      const bid = Number(f[b]);
      const ask = Number(f[a]);
      if (!Number.isFinite(bid) || !Number.isFinite(ask) || bid < 0 || ask < 0)
        skip('unreadable value', lineNo, columnName(mapping, field, index));
      else if (bid > ask) skip('crossed quote', lineNo, columnName(mapping, field, index));
      else if (bid === 0 && ask === 0) skip('zero bid and ask', lineNo, columnName(mapping, field, index));
      else {
        report.quotes++;
        sink({ quoteDay, root, expiry, strike, isCall, bid, ask });
      }
    }
  }
  if (index === null)
    throw new DataError(
      { file: name },
      mapping.header_starts_with !== undefined
        ? `no header line starting with '${mapping.header_starts_with}'`
        : 'empty file: no header line',
    );
  return report;
}

const MAPPED = [
  'quote_date',
  'expiry',
  'strike',
  'root',
  'root_from_symbol',
  'type',
  'bid',
  'ask',
  'call_bid',
  'call_ask',
  'put_bid',
  'put_ask',
] as const;

function resolveColumns(
  mapping: ChainMapping,
  index: Map<string, number>,
  file: string,
  line: number,
): Record<string, number> {
  const col: Record<string, number> = {};
  for (const key of MAPPED) {
    const names = mapping[key];
    if (names === undefined) continue;
    const found = names.split('|').find((n) => index.has(n));
    if (found === undefined)
      throw new DataError(
        { file, line, field: names },
        `missing column '${names}' (mapped as ${key}); the header has ${[...index.keys()].join(', ')}`,
      );
    col[key] = index.get(found)!;
  }
  return col;
}

/** The file's column name behind a mapped key (for skip notes). */
function columnName(mapping: ChainMapping, key: string, index: Map<string, number> | null): string {
  const names = (mapping as Record<string, string | undefined>)[key];
  if (names === undefined) return key;
  return names.split('|').find((n) => index?.has(n)) ?? names;
}
