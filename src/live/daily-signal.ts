// The daily decision: what the strategy opens, holds, hedges and closes on one day, and why. It replays the
// same engine as the backtest up to that day, so the day's orders are, by construction, the backtest's.
import { runBacktest, tradingWindow } from '../api/backtest.js';
import { isoToDay } from '../core/dates.js';
import { UserError } from '../core/errors.js';
import type { OpenLeg, Trade } from '../engine/result.js';
import { indexOnOrBefore, type Panel } from '../market/panel.js';
import { computeSignals, SIGNAL_DESCRIPTIONS, type SignalTable } from '../signals/signal-table.js';
import {
  compileTrigger,
  formatTrigger,
  parseTrigger,
  type CompareOp,
  type TriggerAst,
} from '../signals/trigger.js';
import type { LoadedStrategy } from '../strategy/load.js';
import { strategySignalNames } from '../strategy/signal-names.js';
import { condorCredit, type CondorCredit } from './condor-credit.js';
import { inputAges, inputsOfSignal, STALE_AFTER_TRADING_DAYS, type InputAge } from './input-staleness.js';

export interface ConditionTerm {
  /** A comparison or flag of the expression, as written. */
  text: string;
  /** null: unknown, because an input it reads is stale or missing (or its value is not defined today). */
  holds: boolean | null;
}

export interface LayerState {
  name: string;
  trigger: string;
  /** Three-valued (Kleene): null when the unknown terms could make it either way. */
  triggerHolds: boolean | null;
  /** Each comparison of the trigger with its truth value today. */
  terms: ConditionTerm[];
  /** The layer holds a position at today's close. */
  active: boolean;
}

export interface DailyDecision {
  date: string;
  strategy: { name: string; title: string; hash: string };
  /** The data the day was decided on; `last` is its last day, which grows as the folder is updated. */
  data: { description: string; fingerprint: string; source: 'real' | 'synthetic'; last: string };
  /** Every signal's value today (NaN as null), what it means, and the thresholds the layer triggers compare it with. */
  signals: { name: string; value: number | null; description: string; thresholds: string[] }[];
  layers: LayerState[];
  /** The fills the rules called for today (opens, closes, rolls, settlements), with the reason of each. */
  orders: Trade[];
  /** Positions held at today's close. */
  positions: OpenLeg[];
  equity: number;
  /** The net credit of the condors opened today (null when none was opened). */
  condorCredit: CondorCredit | null;
  /** Rules that wanted to act today but could not, and why. */
  notes: string[];
  /** Every input's as-of date on the day, stale and missing ones first. */
  inputs: InputAge[];
  /** The inputs the strategy reads that are stale or missing (what `--strict` refuses). */
  stale_inputs: { input: string; last_date: string | null; trading_days_stale: number | null }[];
}

export interface DecideOptions {
  /** An input older than this many trading days is stale (default 3). */
  staleAfterDays?: number;
}

/** The signal names an expression reads. */
function signalsOf(ast: TriggerAst): string[] {
  switch (ast.kind) {
    case 'signal':
      return [ast.name];
    case 'not':
    case 'neg':
      return signalsOf(ast.arg);
    case 'and':
    case 'or':
    case 'cmp':
    case 'arith':
      return [...signalsOf(ast.left), ...signalsOf(ast.right)];
    default:
      return [];
  }
}

/**
 * Kleene's three-valued logic over the boolean structure: a leaf is unknown when `unknown` says so, and
 * `a and b` is false as soon as one side is false, true only when both are, unknown otherwise (or alike).
 */
function evaluate(ast: TriggerAst, leaf: (t: TriggerAst) => boolean | null): boolean | null {
  if (ast.kind === 'and' || ast.kind === 'or') {
    const a = evaluate(ast.left, leaf);
    const b = evaluate(ast.right, leaf);
    if (ast.kind === 'and')
      return a === false || b === false ? false : a === null || b === null ? null : true;
    return a === true || b === true ? true : a === null || b === null ? null : false;
  }
  if (ast.kind === 'not') {
    const a = evaluate(ast.arg, leaf);
    return a === null ? null : !a;
  }
  if (ast.kind === 'bool') return ast.value;
  return leaf(ast);
}

/** The comparisons and bare flags of an expression, outermost boolean structure removed. */
function terms(ast: TriggerAst): TriggerAst[] {
  if (ast.kind === 'and' || ast.kind === 'or') return [...terms(ast.left), ...terms(ast.right)];
  if (ast.kind === 'not') return terms(ast.arg);
  if (ast.kind === 'bool') return [];
  return [ast];
}

const FLIPPED: Record<CompareOp, CompareOp> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
  '!=': '!=',
};

/** Per signal, the tests the layer triggers make of it, e.g. rsi14: ['L2: < 35'] (a bare flag: 'L3: set'). */
function triggerThresholds(layers: readonly { name: string; ast: TriggerAst }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, text: string): void => void out.set(name, [...(out.get(name) ?? []), text]);
  for (const { name, ast } of layers)
    for (const t of terms(ast)) {
      if (t.kind === 'signal') add(t.name, `${name}: set`);
      if (t.kind !== 'cmp') continue;
      if (t.left.kind === 'signal') add(t.left.name, `${name}: ${t.op} ${formatTrigger(t.right)}`);
      if (t.right.kind === 'signal') add(t.right.name, `${name}: ${FLIPPED[t.op]} ${formatTrigger(t.left)}`);
    }
  return out;
}

class StateView implements SignalTable {
  readonly names: readonly string[];
  constructor(
    private readonly base: SignalTable,
    private readonly state: Record<string, Float64Array>,
    private readonly offset: number,
  ) {
    this.names = [...base.names, ...Object.keys(state)];
  }
  get n(): number {
    return this.base.n;
  }
  has(name: string): boolean {
    return this.base.has(name) || name in this.state;
  }
  get(name: string): Float64Array {
    const s = this.state[name];
    if (s === undefined) return this.base.get(name);
    const full = new Float64Array(this.base.n).fill(NaN);
    full.set(s, this.offset);
    return full;
  }
}

function nullable(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null;
}

export function decideDay(
  panel: Panel,
  loaded: LoadedStrategy,
  date?: string,
  opts: DecideOptions = {},
): DailyDecision {
  const strategy = loaded.strategy;
  const signals = computeSignals(panel, strategy.signals);
  // The backtest's own window rule, so the book starts (and its first condor opens) on the same day.
  const { start, end } = tradingWindow(panel, loaded);
  const i = date === undefined ? end : indexOnOrBefore(panel, isoToDay(date));
  if (date !== undefined && (i < 0 || panel.dates[i] !== date)) {
    throw new UserError(
      `${date} is not a trading day in the data (data: ${panel.dates[0]} .. ${panel.dates[panel.n - 1]})`,
    );
  }
  if (i < start || i > end)
    throw new UserError(
      `${panel.dates[i]} is outside the days the strategy trades on this data (${panel.dates[start]} .. ${panel.dates[end]}: the first day with everything it needs, limited by its dates.from/dates.to)`,
    );
  const iso = panel.dates[i];
  // The backtest itself, cut at the day: the book's orders today are the backtest's by construction.
  const { run } = runBacktest(panel, loaded, { baselines: [], to: iso });
  const book = run.books.find((b) => b.name === run.hedged)!;
  const orders = book.ledger.filter((t) => t.date === iso);
  const view = new StateView(signals, book.state ?? {}, start);
  const known = strategySignalNames(strategy);
  const triggers = strategy.layers
    .filter((l) => l.enabled)
    .map((layer) => ({ name: layer.name, ast: parseTrigger(layer.trigger, known) }));
  const thresholds = triggerThresholds(triggers);
  const ages = inputAges(
    panel,
    i,
    triggers.flatMap((t) => signalsOf(t.ast)),
    opts.staleAfterDays ?? STALE_AFTER_TRADING_DAYS,
  );
  const notFresh = new Set(ages.filter((a) => a.status !== 'fresh').map((a) => a.input));
  // A term is unknown when a signal it reads rests on a stale or missing input, or has no value today
  // (breadth two months old gives no ad_divergence: that is not a "no").
  const leaf = (t: TriggerAst): boolean | null =>
    signalsOf(t).some(
      (s) => inputsOfSignal(s).some((input) => notFresh.has(input)) || !Number.isFinite(view.get(s)[i]),
    )
      ? null
      : compileTrigger(t, view)(i);
  const layers: LayerState[] = triggers.map(({ name, ast }) => ({
    name,
    trigger: formatTrigger(ast),
    triggerHolds: evaluate(ast, leaf),
    terms: terms(ast).map((t) => ({ text: formatTrigger(t), holds: leaf(t) })),
    active: (book.layers[name]?.active[i - start] ?? 0) === 1,
  }));
  const order = { missing: 0, stale: 1, fresh: 2 };
  const inputs = [...ages].sort((a, b) => order[a.status] - order[b.status]);
  return {
    date: iso,
    strategy: { name: strategy.name, title: strategy.title, hash: loaded.hash },
    data: {
      description: panel.description,
      fingerprint: panel.fingerprint,
      source: panel.source,
      last: panel.dates[panel.n - 1],
    },
    signals: signals.names.map((name) => ({
      name,
      value: nullable(signals.get(name)[i]),
      description: SIGNAL_DESCRIPTIONS[name] ?? 'alias',
      thresholds: thresholds.get(name) ?? [],
    })),
    layers,
    orders,
    condorCredit: condorCredit(orders),
    positions: book.openAtEnd ?? [],
    equity: Math.round(book.equity[book.equity.length - 1] * 100) / 100,
    notes: book.skipped.filter((s) => s.date === iso).map((s) => s.reason),
    inputs,
    stale_inputs: inputs
      .filter((a) => a.used && a.status !== 'fresh')
      .map(({ input, last_date, trading_days_stale }) => ({ input, last_date, trading_days_stale })),
  };
}
