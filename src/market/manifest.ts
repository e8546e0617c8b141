// The dataset manifest: which file holds which series, in which format, over which dates. One small JSON
// (or YAML) file lets a user point alvh at any folder; the project ships one for the reference data.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DataError } from '../core/errors.js';

export const TARGETS = [
  'spx',
  'vix',
  'vix9d',
  'vix3m',
  'vix6m',
  'vvix',
  'skew',
  'vix-futures',
  'rate',
  'fomc',
  'advances',
  'declines',
  'dividend-yield',
  'spy-dividends',
  'spy',
  'cndr',
] as const;
export const FORMATS = [
  'ohlc',
  'cboe-ohlc',
  'cboe-value',
  'vx-contracts',
  'vx-wide',
  'fred-dtb3',
  'fred-percent',
  'fomc-dates',
  'tradingview',
] as const;

const Source = z.strictObject({
  target: z.enum(TARGETS),
  /** Relative to the data folder. */
  file: z.string().min(1),
  format: z.enum(FORMATS),
  /** For single-value formats: the column holding the value (e.g. VVIX, SKEW, DTB3, close). */
  column: z.string().min(1).optional(),
  /** Use rows from / to these dates only (inclusive), e.g. to splice files. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Why a range is cut (reported by `alvh data check`). */
  note: z.string().optional(),
  /** Plausible values [min, max] in the file's units, replacing the series' default (docs/data.md). */
  range: z
    .tuple([z.number(), z.number()])
    .refine(([lo, hi]) => lo < hi, 'expected [min, max] with min < max')
    .optional(),
  /** One-day spike factor, replacing the series' default (docs/data.md). */
  spike: z.number().gt(1).optional(),
});

export const ManifestSchema = z.strictObject({
  version: z.literal(1),
  description: z.string().default(''),
  /** A folder written by `alvh sim`: loaded as a synthetic market and labelled so in every output. */
  synthetic: z.boolean().optional(),
  sources: z.array(Source).min(1),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestSource = Manifest['sources'][number];

export function parseManifest(text: string, display: string): Manifest {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new DataError(
      { file: display },
      `not valid JSON/YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  // One manifest per run: checked without first compiling a checker for its shape (one value).
  const parsed = ManifestSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
    throw new DataError({ file: display, field: path.replace(/^\./, '') || '(root)' }, message);
  }
  if (!parsed.data.sources.some((s) => s.target === 'spx'))
    throw new DataError(
      { file: display, field: 'sources' },
      "expected a source with target 'spx' (the panel's trading days)",
    );
  return parsed.data;
}

export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DataError({ file: path }, 'cannot read the manifest');
  }
  return parseManifest(text, path);
}
