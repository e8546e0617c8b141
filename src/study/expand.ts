// Expands a study into its configurations: each base x bundle variant x axis value, set by key path on the
// resolved base strategy and validated by the strategy schema before anything runs. Each configuration is
// paired with its unhedged core (the same core, every layer off); identical cores share one id.
import { resolve } from 'node:path';
import { StrategyError, UserError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { Rng } from '../core/random.js';
import { unhedgedOf } from '../engine/run-backtest.js';
import {
  loadStrategy,
  PRESET_NAMES,
  strategyHash,
  validateStrategy,
  type LoadedStrategy,
} from '../strategy/load.js';
import type { Strategy } from '../strategy/schema.js';
import type { StudyConfigRef } from './types.js';
import type { StudyObjective } from './statistics/index.js';
import { axisValues, type LoadedStudy } from './study-file.js';

/** One configuration to run: its full strategy and the id of its unhedged core. */
export interface PlannedConfig extends StudyConfigRef {
  strategy: Strategy;
  coreId: string;
}

export interface StudyPlan {
  name: string;
  title: string;
  objective: StudyObjective;
  from: string | null;
  to: string | null;
  /** Size of the full grid (before random sampling). */
  gridSize: number;
  configs: PlannedConfig[];
  /** The distinct unhedged cores, each run once. */
  cores: { id: string; strategy: Strategy }[];
  notes: string[];
}

/** Loads a base: a preset name, `readings/<name>` (a shipped reading), or a path relative to the study file. */
export function loadBase(name: string, dir: string): LoadedStrategy {
  if ((PRESET_NAMES as readonly string[]).includes(name)) return loadStrategy(name);
  const reading = /^readings\/([a-z0-9-]+)$/.exec(name);
  if (reading) return loadStrategy(resolve(packageRoot(), 'presets', 'readings', `${reading[1]}.yaml`));
  return loadStrategy(resolve(dir, name));
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Sets `value` at a dotted key path of a resolved strategy (mutating it). Under `layers` the segment is a
 * layer's name; other arrays take an index. Returns why the path names nothing, or null when it was set.
 */
export function setAtKeyPath(root: Record<string, unknown>, path: string, value: unknown): string | null {
  const parts = path.split('.');
  let node: unknown = root;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    const at = parts.slice(0, k).join('.') || '(root)';
    const last = k === parts.length - 1;
    if (Array.isArray(node)) {
      let index: number;
      if (k === 1 && parts[0] === 'layers') {
        index = node.findIndex((l) => isRecord(l) && l.name === part);
        if (index < 0)
          return `no layer named '${part}' (layers: ${node.map((l) => (isRecord(l) ? String(l.name) : '?')).join(', ') || 'none'})`;
      } else {
        index = /^\d+$/.test(part) ? Number(part) : -1;
        if (index < 0 || index >= node.length)
          return `${at} is a list of ${node.length}: '${part}' is not an index in it`;
      }
      if (last) node[index] = structuredClone(value);
      else node = node[index];
    } else if (isRecord(node)) {
      if (!Object.hasOwn(node, part))
        return `${at} has no key '${part}' (keys: ${Object.keys(node).join(', ') || 'none'})`;
      if (last) node[part] = structuredClone(value);
      else node = node[part];
    } else {
      return `${at} is ${node === null ? 'null' : `the value ${JSON.stringify(node)}`}: it has no '${part}'`;
    }
  }
  return null;
}

/** One dimension of the grid: its setting name and, per value, the key paths it sets. */
interface Dimension {
  name: string;
  labels: unknown[];
  assignments: Record<string, unknown>[];
}

function describe(settings: Record<string, unknown>): string {
  const text = Object.entries(settings)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return text === '' ? 'the base itself' : text;
}

/** The grid indices to run: all of them, or `n` drawn without replacement by a seeded generator, ascending. */
function sampleIndices(gridSize: number, sample: LoadedStudy['study']['sample'], notes: string[]): number[] {
  if (sample === 'grid' || sample.random >= gridSize) {
    if (sample !== 'grid')
      notes.push(
        `sample: random ${sample.random} asked for, the grid has ${gridSize}: running the whole grid`,
      );
    return Array.from({ length: gridSize }, (_, k) => k);
  }
  const rng = new Rng(sample.seed);
  const chosen = new Set<number>();
  while (chosen.size < sample.random) chosen.add(Math.floor(rng.uniform() * gridSize));
  return [...chosen].sort((a, b) => a - b);
}

/** Every configuration of a study, validated; `bases` maps each base name of the study to its strategy. */
/**
 * The key of an unhedged core: what cannot change the core's run is left out, so configurations whose bases
 * differ only there share one core (run once, on whichever of them came first). That is the description, and
 * the VIX commissions: a core trades SPX options and index positions only.
 */
function coreKey(core: Strategy): string {
  const { vix_commission: _vix, vix_future_commission: _vx, ...costs } = core.costs;
  return strategyHash({ ...core, description: '', costs } as unknown as Strategy);
}

export function expandStudy(loaded: LoadedStudy, bases: ReadonlyMap<string, LoadedStrategy>): StudyPlan {
  const { study, source } = loaded;
  const baseNames = Array.isArray(study.base) ? study.base : [study.base];
  if (new Set(baseNames).size !== baseNames.length)
    throw new StrategyError(source, 'base', 'a base is listed twice');
  const dims: Dimension[] = [];
  if (baseNames.length > 1)
    dims.push({ name: 'base', labels: baseNames, assignments: baseNames.map(() => ({})) });
  for (const [name, variants] of Object.entries(study.bundles))
    dims.push({ name, labels: Object.keys(variants), assignments: Object.values(variants) });
  for (const [path, spec] of Object.entries(study.axes)) {
    const values = axisValues(spec);
    dims.push({ name: path, labels: values, assignments: values.map((v) => ({ [path]: v })) });
  }
  const gridSize = dims.reduce((n, d) => n * d.labels.length, 1);
  if (gridSize > 5_000_000)
    throw new StrategyError(source, 'axes', `the grid has ${gridSize} configurations (at most 5,000,000)`);
  const notes: string[] = [];
  const configs: PlannedConfig[] = [];
  const cores = new Map<string, Strategy>();
  const seen = new Map<string, string>();
  for (const index of sampleIndices(gridSize, study.sample, notes)) {
    // Mixed radix, last dimension fastest: the grid's order is the file's order.
    const picks: number[] = new Array<number>(dims.length);
    let rest = index;
    for (let d = dims.length - 1; d >= 0; d--) {
      picks[d] = rest % dims[d].labels.length;
      rest = Math.floor(rest / dims[d].labels.length);
    }
    const settings: Record<string, unknown> = {};
    dims.forEach((d, k) => (settings[d.name] = d.labels[picks[k]]));
    const baseName = baseNames.length > 1 ? String(settings.base) : baseNames[0];
    const base = bases.get(baseName);
    if (!base) throw new UserError(`${source}: base '${baseName}' was not loaded`);
    const draft = structuredClone(base.strategy) as unknown as Record<string, unknown>;
    dims.forEach((d, k) => {
      for (const [path, value] of Object.entries(d.assignments[picks[k]])) {
        const problem = setAtKeyPath(draft, path, value);
        if (problem !== null) {
          const where =
            d.name === path ? `axes.${path}` : `bundles.${d.name}.${String(d.labels[picks[k]])}.${path}`;
          throw new StrategyError(source, where, `names nothing in base '${baseName}': ${problem}`);
        }
      }
    });
    const strategy = validateStrategy(draft, `${source}: configuration ${describe(settings)}`);
    const id = strategyHash(strategy);
    const twin = seen.get(id);
    if (twin !== undefined)
      throw new UserError(
        `${source}: configurations ${twin} and ${describe(settings)} are identical (the axes make the same strategy twice)`,
      );
    seen.set(id, describe(settings));
    const core = { ...unhedgedOf(strategy), description: '' };
    const coreId = coreKey(core);
    if (!cores.has(coreId)) cores.set(coreId, core);
    configs.push({ id, settings, strategy, coreId });
  }
  return {
    name: study.name,
    title: study.title ?? study.name,
    objective: study.objective,
    from: study.from,
    to: study.to,
    gridSize,
    configs,
    cores: [...cores].map(([id, strategy]) => ({ id, strategy })),
    notes,
  };
}

/** Loads every base a study names. */
export function loadStudyBases(loaded: LoadedStudy): Map<string, LoadedStrategy> {
  const names = Array.isArray(loaded.study.base) ? loaded.study.base : [loaded.study.base];
  return new Map(names.map((n) => [n, loadBase(n, loaded.dir)]));
}
