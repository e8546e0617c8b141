// Reads a strategy file (YAML or JSON), validates it against the schema and checks every expression
// against the signal catalogue, turning each problem into a StrategyError that names the key path.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { StrategyError, UserError } from '../core/errors.js';
import { closestName } from '../core/did-you-mean.js';
import { parseTrigger } from '../signals/trigger.js';
import { mapLayerExpressions } from './expressions.js';
import { formatKeyPath } from './key-path.js';
import { readStrategySource } from './presets.js';
import { keysAt } from './schema-keys.js';
import { StrategySchema, type Strategy } from './schema.js';
import { strategySignalNames } from './signal-names.js';
import { strategyHash } from './strategy-hash.js';

export interface LoadedStrategy {
  strategy: Strategy;
  /** The file's text as written (shown in reports beside the hash). */
  text: string;
  /** The settings as the file states them, before defaults (baselines may state only their own keys). */
  stated: Record<string, unknown>;
  /** Where it came from: a file path or 'preset:<name>'. */
  source: string;
  /** sha256 (first 16 hex digits) of the resolved strategy, defaults filled in, in canonical JSON. */
  hash: string;
}

export { PRESET_NAMES, presetPath, type PresetName } from './presets.js';
export { strategyHash } from './strategy-hash.js';
export { formatKeyPath } from './key-path.js';

/**
 * One issue in words; with the schema that raised it, an unknown key says which known key it is closest to
 * (strategy files, study files and the API's option objects share this).
 */
export function describeIssue(issue: z.core.$ZodIssue, schema?: z.ZodType): string {
  if (issue.code === 'unrecognized_keys') {
    const known = schema === undefined ? [] : keysAt(schema, issue.path);
    return issue.keys
      .map((k) => {
        const near = closestName(k, known);
        return `unknown key '${k}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`;
      })
      .join('; ');
  }
  return issue.message;
}

/**
 * Parses YAML (a superset of JSON) that must hold a mapping; `label` names the file and `expected` lists the
 * mapping's main keys in the error. Strategy and study files share it.
 */
export function parseYamlMapping(text: string, label: string, expected: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
      throw new StrategyError(label, '', `not valid YAML/JSON at ${where}: ${err.message.split('\n')[0]}`);
    }
    throw err;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new StrategyError(label, '', `expected a mapping of settings (${expected})`);
  return raw as Record<string, unknown>;
}

/** Parses text as YAML (a superset of JSON) and validates it. `label` names the file in errors. */
export function parseStrategyText(text: string, label: string): LoadedStrategy {
  const raw = parseYamlMapping(text, label, 'version, name, condor, layers, ...');
  const strategy = validateStrategy(raw, label, { once: true });
  return {
    strategy,
    text,
    stated: raw,
    source: label,
    hash: strategyHash(strategy),
  };
}

/**
 * Validates settings already read from a file or built in memory (a study's configuration): the schema, then
 * every expression against the signal catalogue. `label` names the source in errors.
 */
export function validateStrategy(raw: unknown, label: string, opts: { once?: boolean } = {}): Strategy {
  // once: a value or two in this process (a strategy file), not thousands (a study's configurations); zod
  // then checks without first compiling a checker per object shape, which costs more than it saves on one
  // value. The result is the same.
  const parsed = StrategySchema.safeParse(raw, { jitless: opts.once === true });
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues.map((issue) => ({
      keyPath: formatKeyPath(issue.path),
      reason: describeIssue(issue, StrategySchema),
    }));
    throw new StrategyError(label, first.keyPath, first.reason, rest);
  }
  checkExpressions(parsed.data, label);
  checkShorthand(raw as Record<string, unknown>, label);
  return parsed.data;
}

/** With `condor.legs`, the shorthand's strike settings would be read by nobody: stating them is an error. */
function checkShorthand(raw: Record<string, unknown>, label: string): void {
  const condor = raw.condor;
  if (condor === null || typeof condor !== 'object' || !('legs' in condor) || condor.legs === null) return;
  for (const key of ['short_delta', 'wings'])
    if (key in condor)
      throw new StrategyError(
        label,
        `condor.${key}`,
        'not used with condor.legs (each leg sets its own strike)',
      );
}

function checkExpressions(strategy: Strategy, label: string): void {
  const known = strategySignalNames(strategy);
  const parseChecked = (expr: string, path: string): void => {
    try {
      parseTrigger(expr, known);
    } catch (err) {
      if (err instanceof UserError) throw new StrategyError(label, path, err.message);
      throw err;
    }
  };
  strategy.layers.forEach((layer, i) =>
    mapLayerExpressions(layer, (expr, path) => parseChecked(expr, `layers[${i}].${path}`)),
  );
}

/** Loads a preset by name or a strategy file by path. */
export function loadStrategy(nameOrPath: string): LoadedStrategy {
  const { source, text } = readStrategySource(nameOrPath);
  return parseStrategyText(text, source.label);
}
