// The study file: which strategy (or strategies) to start from, which settings to vary and how to sample
// them. One strict zod declaration, so an unknown key is an error with its key path, like strategy files.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import { StrategyError, UserError } from '../core/errors.js';
import { formatKeyPath, parseYamlMapping } from '../strategy/load.js';
import { STUDY_OBJECTIVES } from './statistics/index.js';

/** A dotted key path into a strategy: `condor.wings.percent`, `layers.L1.use.0.sizing.fraction`. */
const KeyPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected a dotted key path such as condor.wings.percent');

/** Values of one axis: a list (any YAML values), or an inclusive numeric range. */
const Range = z
  .strictObject({ from: z.number(), to: z.number(), step: z.number().positive() })
  .refine((r) => r.to >= r.from, { message: 'expected from <= to' })
  .refine((r) => (r.to - r.from) / r.step <= 10_000, { message: 'expected at most 10,000 steps' });
const AxisValues = z.union([z.array(z.unknown()).min(1, 'expected at least one value'), Range]);

/** A bundle axis: named variants, each setting several key paths together (a core book, a cost model). */
const Variant = z.record(KeyPath, z.unknown());
const Bundle = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a variant name of letters, digits, _ . -'), Variant)
  .refine((b) => Object.keys(b).length > 0, { message: 'expected at least one variant' });

const Sample = z.union([
  z.literal('grid'),
  z.strictObject({ random: z.number().int().positive(), seed: z.number().int().nonnegative() }),
]);

export const StudyFileSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name (letters, digits, -)'),
  title: z.string().min(1).optional(),
  description: z.string().default(''),
  /** A preset, `readings/<name>`, or a strategy file (relative to the study file); a list makes it an axis. */
  base: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  bundles: z.record(KeyPath, Bundle).default({}),
  axes: z.record(KeyPath, AxisValues).default({}),
  sample: Sample.default('grid'),
  /** What "best" means for --top, walk-forward and parameter stability. */
  objective: z.enum(STUDY_OBJECTIVES).default('sharpe'),
  /** ISO dates limiting every configuration's run (inclusive), as `alvh backtest --from/--to`. */
  from: z.iso.date().nullable().default(null),
  to: z.iso.date().nullable().default(null),
});

export type StudyFile = z.infer<typeof StudyFileSchema>;
export type AxisSpec = z.infer<typeof AxisValues>;

export interface LoadedStudy {
  study: StudyFile;
  /** Where relative base paths are resolved from. */
  dir: string;
  /** The file path, or the label given to the text. */
  source: string;
}

/** Parses and validates a study file's text. */
export function parseStudyText(text: string, label: string, dir: string): LoadedStudy {
  const raw = parseYamlMapping(text, label, 'version, name, base, axes, sample');
  const parsed = StudyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason =
      issue.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`
        : issue.message;
    throw new StrategyError(label, formatKeyPath(issue.path), reason);
  }
  const study = parsed.data;
  for (const name of Object.keys(study.bundles))
    if (name in study.axes) throw new StrategyError(label, `bundles.${name}`, `'${name}' is also an axis`);
  return { study, dir, source: label };
}

export function loadStudyFile(path: string): LoadedStudy {
  const full = resolve(path);
  if (!['.yaml', '.yml', '.json'].includes(extname(full).toLowerCase()))
    throw new UserError(`study file '${basename(full)}': expected a .yaml, .yml or .json file`);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    throw new UserError(`cannot read study file '${path}': no such file`);
  }
  return parseStudyText(text, full, dirname(full));
}

/** The values of an axis, ranges stepped from `from` and rounded so that 0.1 + 0.2 reads 0.3. */
export function axisValues(spec: AxisSpec): unknown[] {
  if (Array.isArray(spec)) return spec;
  const out: number[] = [];
  const n = Math.floor((spec.to - spec.from) / spec.step + 1e-9);
  for (let k = 0; k <= n; k++) out.push(Number((spec.from + k * spec.step).toPrecision(12)));
  return out;
}
