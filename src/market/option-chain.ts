// Cboe "delayed quotes" option chains (quotedata CSV): the full download (banner lines, then the header) and
// the "processed" variant (prefixed header, no banner). One row per (expiration, strike), calls and puts
// side by side; the quote date comes from the file name, as PROVENANCE.md records it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dayFromCivil, type DayNumber } from '../core/dates.js';
import { DataError } from '../core/errors.js';

export interface ChainQuote {
  expiry: DayNumber;
  /** SPX, SPXW, VIX or VIXW, from the option symbol. */
  root: string;
  strike: number;
  callBid: number;
  callAsk: number;
  putBid: number;
  putAsk: number;
}

export interface OptionChain {
  file: string;
  quoteDate: string;
  /** The underlying's last price from the banner, when the file has one. */
  underlyingLast: number;
  quotes: ChainQuote[];
}

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/** A Cboe quotes expiration like 'Fri Jan 05 2024' (NaN when it is not one). */
export function parseExpiry(text: string): DayNumber {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{4})$/.exec(text.trim());
  if (!m || MONTHS[m[1]] === undefined) return NaN;
  return dayFromCivil(Number(m[3]), MONTHS[m[1]], Number(m[2]));
}

export function loadOptionChain(path: string): OptionChain {
  const file = basename(path);
  const dateMatch = /(\d{4}-\d{2}-\d{2})/.exec(path);
  if (!dateMatch)
    throw new DataError({ file }, 'expected the quote date (YYYY-MM-DD) in the file or folder name');
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.startsWith('Expiration Date'));
  if (headerIndex < 0)
    throw new DataError({ file }, "expected a header line starting with 'Expiration Date'");
  const banner = lines.slice(0, headerIndex).join(' ');
  const last = /Last:\s*([\d.]+)/.exec(banner);
  const quotes: ChainQuote[] = [];
  for (let k = headerIndex + 1; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    const f = lines[k].split(',');
    if (f.length < 22)
      throw new DataError(
        { file, line: k + 1 },
        `expected 22 fields (calls and puts side by side), found ${f.length}`,
      );
    const expiry = parseExpiry(f[0]);
    if (Number.isNaN(expiry))
      throw new DataError(
        { file, line: k + 1, field: 'Expiration Date' },
        `expected a date like 'Fri Jan 05 2024', found '${f[0]}'`,
      );
    const root = /^([A-Z]+?)\d/.exec(f[1])?.[1] ?? '';
    const num = (i: number, field: string): number => {
      const x = Number(f[i]);
      if (!Number.isFinite(x))
        throw new DataError({ file, line: k + 1, field }, `expected a number, found '${f[i]}'`);
      return x;
    };
    quotes.push({
      expiry,
      root,
      strike: num(11, 'Strike'),
      callBid: num(4, 'Calls Bid'),
      callAsk: num(5, 'Calls Ask'),
      putBid: num(15, 'Puts Bid'),
      putAsk: num(16, 'Puts Ask'),
    });
  }
  return { file, quoteDate: dateMatch[1], underlyingLast: last ? Number(last[1]) : NaN, quotes };
}
