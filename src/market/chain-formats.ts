// End-of-day option chain layouts as column mappings: Cboe delayed quotes, Cboe DataShop option EOD
// summary, OptionsDX, ORATS strikes, and a generic layout mapped by a small YAML file (strict schema).
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../core/errors.js';

export const CHAIN_FORMATS = ['cboe-quotes', 'cboe-datashop', 'optionsdx', 'orats', 'generic'] as const;
export type ChainFormat = (typeof CHAIN_FORMATS)[number];

/** A column name; 'A|B' takes the first of A and B that the header has. A repeated name's second is 'Name#2'. */
const Column = z.string().min(1);

/** One option per row (a type column says call or put) or calls and puts side by side (wide). */
export const ChainMappingSchema = z.strictObject({
  layout: z.enum(['long', 'wide']),
  /** The header is the first line starting with this column name (banner lines before it are skipped). */
  header_starts_with: z.string().min(1).optional(),
  /** 'iso' YYYY-MM-DD, 'us' MM/DD/YYYY, 'cboe-text' like "Fri Jan 05 2024", 'auto' iso or us. */
  date_format: z.enum(['iso', 'us', 'cboe-text', 'auto']).default('auto'),
  /** Column of the quote date; absent: the date YYYY-MM-DD in the file's name. */
  quote_date: Column.optional(),
  expiry: Column,
  strike: Column,
  /** Column of the option root (SPX, SPXW, ...), or of an option symbol whose leading letters are it. */
  root: Column.optional(),
  root_from_symbol: Column.optional(),
  /** The root when the file has no column for it. */
  root_constant: z.string().min(1).optional(),
  /** Long layout: the type column (values starting with C or P) and the bid and ask. */
  type: Column.optional(),
  bid: Column.optional(),
  ask: Column.optional(),
  /** Wide layout. */
  call_bid: Column.optional(),
  call_ask: Column.optional(),
  put_bid: Column.optional(),
  put_ask: Column.optional(),
});
export type ChainMapping = z.infer<typeof ChainMappingSchema>;

export const BUILT_IN_MAPPINGS: Record<Exclude<ChainFormat, 'generic'>, ChainMapping> = {
  // cboe.com delayed quotes download: banner lines, then calls and puts side by side; the date in the name.
  'cboe-quotes': {
    layout: 'wide',
    header_starts_with: 'Expiration Date',
    date_format: 'cboe-text',
    expiry: 'Expiration Date',
    strike: 'Strike',
    root_from_symbol: 'Calls',
    // The full download repeats Bid/Ask for the puts (the second is Bid#2); the "processed" variant prefixes them.
    call_bid: 'Bid|Calls Bid',
    call_ask: 'Ask|Calls Ask',
    put_bid: 'Bid#2|Puts Bid',
    put_ask: 'Ask#2|Puts Ask',
  },
  // Cboe DataShop "Option EOD Summary": one option per row, end-of-day bid/ask.
  'cboe-datashop': {
    layout: 'long',
    date_format: 'auto',
    quote_date: 'quote_date',
    expiry: 'expiration',
    strike: 'strike',
    root: 'root',
    type: 'option_type',
    bid: 'bid_eod',
    ask: 'ask_eod',
  },
  // OptionsDX SPX end of day: bracketed headers, calls and puts side by side, no root (SPX).
  optionsdx: {
    layout: 'wide',
    date_format: 'auto',
    quote_date: 'QUOTE_DATE',
    expiry: 'EXPIRE_DATE',
    strike: 'STRIKE',
    root_constant: 'SPX',
    call_bid: 'C_BID',
    call_ask: 'C_ASK',
    put_bid: 'P_BID',
    put_ask: 'P_ASK',
  },
  // ORATS strikes history: one row per strike, calls and puts side by side.
  orats: {
    layout: 'wide',
    date_format: 'auto',
    quote_date: 'tradeDate',
    expiry: 'expirDate',
    strike: 'strike',
    root: 'ticker',
    call_bid: 'callBidPrice',
    call_ask: 'callAskPrice',
    put_bid: 'putBidPrice',
    put_ask: 'putAskPrice',
  },
};

/** A generic mapping from its YAML text; `file` names it in errors (key paths). */
export function parseMapping(text: string, file: string): ChainMapping {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new UserError(`${file}: not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = ChainMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const m = parsed.data;
  const need =
    m.layout === 'long'
      ? (['type', 'bid', 'ask'] as const)
      : (['call_bid', 'call_ask', 'put_bid', 'put_ask'] as const);
  for (const k of need)
    if (m[k] === undefined) throw new UserError(`${file}: ${k}: required with layout ${m.layout}`);
  if (m.root === undefined && m.root_from_symbol === undefined && m.root_constant === undefined)
    throw new UserError(`${file}: root: give root, root_from_symbol or root_constant`);
  return m;
}
