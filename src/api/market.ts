// The market a run trades on, for library users and the commands alike: real daily history loaded from a data
// folder, or the calibrated synthetic market; the options are checked by one strict schema each.
import { z } from 'zod';
import { ArgumentError } from '../core/errors.js';
import { loadPanel } from '../market/load-panel.js';
import { HISTORY_MODES, withModelledInputs } from '../market/modelled-history.js';
import type { Panel } from '../market/panel.js';
import { simulateMarket as simulatePanel } from '../sim/simulate.js';
import { describeIssue, formatKeyPath } from '../strategy/load.js';
import { DEFAULT_SYNTHETIC } from './synthetic-default.js';

/** The aligned daily market: dates, SPX/VIX series, VIX futures curves, FOMC calendar and provenance. */
export type Market = Panel;

export { DEFAULT_SYNTHETIC } from './synthetic-default.js';

const SyntheticSchema = z.strictObject({
  /** Seed of the path: the same seed, years and start give the same market, byte for byte. */
  seed: z.number().int().min(0).max(0xffffffff),
  years: z.number().int().min(1).max(200),
  /** First calendar day (ISO), default 2006-01-03. */
  start: z.iso.date().optional(),
});

const LoadMarketSchema = z
  .strictObject({
    /** A folder of real data: its own alvh-manifest.json, or the reference manifest's layout. */
    data: z.string().min(1).optional(),
    /** A manifest other than `<data>/alvh-manifest.json`. */
    manifest: z.string().min(1).optional(),
    synthetic: SyntheticSchema.optional(),
    /** 'modelled': VIX futures and VVIX modelled on the days `data` lacks them (docs/data.md); default 'real'. */
    history: z.enum(HISTORY_MODES).optional(),
  })
  .refine((o) => !(o.data !== undefined && o.synthetic !== undefined), {
    message: 'give either data (a folder of real history) or synthetic, not both',
  })
  .refine((o) => o.manifest === undefined || o.data !== undefined, {
    message: 'manifest needs data (the folder the manifest describes)',
    path: ['manifest'],
  })
  .refine((o) => o.history !== 'modelled' || o.data !== undefined, {
    message: "history 'modelled' fills gaps in real data: it needs data (a folder of real history)",
    path: ['history'],
  });

export type SyntheticMarketOptions = z.input<typeof SyntheticSchema>;
export type LoadMarketOptions = z.input<typeof LoadMarketSchema>;

/** Validates a caller's options: the first problem as one line naming the function and the key path. */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, fn: string): z.output<S> {
  // One value per call: checked without first compiling a checker for its shape (see validateStrategy, load.ts).
  const parsed = schema.safeParse(value ?? {}, { jitless: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = formatKeyPath(issue.path);
  throw new ArgumentError(`${fn}: ${at === '' ? '' : `${at}: `}${describeIssue(issue, schema)}`);
}

/** A synthetic market of `years` years from `seed` (labelled synthetic in every output). */
export function simulateMarket(opts: SyntheticMarketOptions): Market {
  const o = parseOptions(SyntheticSchema, opts, 'simulateMarket');
  return simulatePanel({ seed: o.seed, years: o.years, startDate: o.start });
}

/** Real history from `data`, a synthetic market from `synthetic`, or, with neither, DEFAULT_SYNTHETIC. */
export function loadMarket(opts: LoadMarketOptions = {}): Market {
  const o = parseOptions(LoadMarketSchema, opts, 'loadMarket');
  if (o.data !== undefined) {
    const panel = loadPanel({ dataDir: o.data, manifestPath: o.manifest });
    return o.history === 'modelled' ? withModelledInputs(panel).panel : panel;
  }
  return simulateMarket(o.synthetic ?? DEFAULT_SYNTHETIC);
}
