// Baselines run on the main book's core: a baseline file brings its hedge (layers) and its condor size
// factor, nothing else. Any other setting it states must equal the main strategy's, or the run stops,
// since the engine would not read it (spec section 5: a flag the engine does not read is an error).
import { StrategyError } from '../core/errors.js';
import type { LoadedStrategy } from './load.js';
import { formatKeyPath } from './key-path.js';
import type { Strategy } from './schema.js';

/** Key paths a baseline sets for itself; everything else comes from the main strategy. */
const BASELINE_OWN_KEYS: readonly string[] = [
  'version',
  'name',
  'title',
  'description',
  'layers',
  'condor.size_factor',
  // Read: the run's window is the first day every book's inputs allow (engine/run-backtest.ts).
  'dates.first_day',
];

function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** The leaves of a parsed document (arrays and empty mappings count as leaves), as key paths. */
function statedLeaves(node: unknown, path: string[], out: string[][]): string[][] {
  if (isMapping(node) && Object.keys(node).length > 0) {
    for (const [k, v] of Object.entries(node)) statedLeaves(v, [...path, k], out);
  } else out.push(path);
  return out;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = isMapping(node) ? node[key] : undefined;
  return node;
}

/**
 * The key paths a baseline file states (explicitly, defaults aside) with a value other than the main
 * strategy's resolved one, outside the keys a baseline owns. Settings stated with the main book's own
 * value are accepted, so a baseline file may repeat the core it expects.
 */
export function baselineCoreConflicts(main: Strategy, baseline: LoadedStrategy): string[] {
  const conflicts: string[] = [];
  for (const path of statedLeaves(baseline.stated, [], [])) {
    const dotted = path.join('.');
    if (BASELINE_OWN_KEYS.some((own) => dotted === own || dotted.startsWith(`${own}.`))) continue;
    const mine = valueAt(baseline.strategy, path);
    const theirs = valueAt(main, path);
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) conflicts.push(formatKeyPath(path));
  }
  return conflicts;
}

/** Throws a StrategyError naming every core setting of the baseline that the main book's core overrides. */
export function checkBaselineCore(main: LoadedStrategy, baseline: LoadedStrategy): void {
  const conflicts = baselineCoreConflicts(main.strategy, baseline);
  if (conflicts.length === 0) return;
  throw new StrategyError(
    baseline.source,
    conflicts[0],
    `baselines run on the main book's core (${main.source}): a baseline may set only its layers and condor.size_factor, but this file sets ${conflicts.join(', ')} to a value other than the main strategy's; remove ${conflicts.length === 1 ? 'it' : 'them'} or make ${conflicts.length === 1 ? 'it' : 'them'} equal`,
  );
}
