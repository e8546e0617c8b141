// A hedge layer's rules as units: its compiled conditions, the entry decision (which choice, how many
// units, within which limits) and the exit decision for one open position, each on one day's context.
import type { LegSpec, Position } from '../instruments/leg.js';
import { lastExpiry, unitMultiplier, unitValue } from '../instruments/leg.js';
import type { Condition, DayContext } from './book-state.js';
import { isCreditInstrument, planUnit } from './layer-instruments.js';
import type { LayerSpec } from './schema.js';
import { bandWeight, sizeUnits } from './sizing.js';

export interface LayerRule {
  spec: LayerSpec;
  trigger: Condition;
  choiceWhen: (Condition | null)[];
  calendarWhen: (Condition | null)[];
  scaleWhen: { when: Condition; factor: number }[];
  exitWhen: Condition | null;
  /** Per choice: the reason it cannot trade at all (it is sized on a disabled layer's spend), or null. */
  unfunded: (string | null)[];
}

/** Compiles a layer's expressions with `compile`; `enabled` names the layers that run in this book. */
export function compileLayerRule(
  spec: LayerSpec,
  compile: (expr: string) => Condition,
  enabled: ReadonlySet<string>,
): LayerRule {
  return {
    spec,
    trigger: compile(spec.trigger),
    choiceWhen: spec.use.map((c) => (c.when === null ? null : compile(c.when))),
    calendarWhen: spec.use.map((c) =>
      c.instrument.type === 'vix_call' && c.instrument.calendar ? compile(c.instrument.calendar.when) : null,
    ),
    scaleWhen: spec.scale.map((s) => ({ when: compile(s.when), factor: s.factor })),
    exitWhen: spec.exits.when === null ? null : compile(spec.exits.when),
    unfunded: spec.use.map((c) =>
      c.sizing.basis === 'layer_month_spend' && !enabled.has(c.sizing.layer)
        ? `${spec.name}: sized on what ${c.sizing.layer} spends each month, but ${c.sizing.layer} is disabled`
        : null,
    ),
  };
}

export interface LayerEntryInputs {
  /** The condor the layer acts for (the one being entered, or the nearest to expiry). */
  condor: Position | null;
  /** A roll's budget in dollars (the closed position's), or null to size by the rule. */
  budget: number | null;
  /** Multiplies the budget of a match_spend layer (spend matching). */
  spendScale: number;
  /** Net premium a layer has spent this calendar month, in dollars (+ paid, - raised). */
  monthSpendOf: (layer: string) => number;
}

export type LayerEntry =
  /** Nothing to do today: no choice applies, or a financing layer has no room left this month. */
  | { kind: 'none' }
  /** A VXTH-style band gave the layer a weight of 0: the rule saying "hold nothing". */
  | { kind: 'zero-weight' }
  | { kind: 'skip'; reason: string }
  | {
      kind: 'open';
      choice: number;
      legs: LegSpec[];
      units: number;
      /** Collateral per unit in dollars (max loss of a credit position, premium of a debit one). */
      maxLossPerUnit: number;
      /** Dollars of premium per unit at today's fills (rolls reuse it). */
      budget: number;
      width: number;
    };

const NONE: LayerEntry = { kind: 'none' };
const ZERO_WEIGHT: LayerEntry = { kind: 'zero-weight' };

/** What the layer opens today, if anything, and why not when it cannot. */
export function decideLayerEntry(ctx: DayContext, rule: LayerRule, inputs: LayerEntryInputs): LayerEntry {
  const spec = rule.spec;
  const book = ctx.book;
  let k = -1;
  for (let j = 0; j < spec.use.length && k < 0; j++) {
    const when = rule.choiceWhen[j];
    if (when === null || ctx.holds(when)) k = j;
  }
  if (k < 0) return NONE;
  const choice = spec.use[k];
  const unfunded = rule.unfunded[k];
  if (unfunded !== null) return { kind: 'skip', reason: unfunded };
  const frontFuture = ctx.signal('m1');
  if (
    choice.sizing.basis === 'front_future_bands' &&
    Number.isFinite(frontFuture) &&
    bandWeight(choice.sizing.bands, frontFuture) === 0
  )
    return ZERO_WEIGHT;
  // Options written or bought per index lot of the core wait for a core (before the first roll): nothing to
  // cover is the rule waiting, not a skip.
  if (choice.sizing.basis === 'condor_index_lots' && inputs.condor === null) return NONE;
  const calendarWhen = rule.calendarWhen[k];
  const calendarOn = calendarWhen !== null && ctx.holds(calendarWhen);
  const plan = planUnit(ctx.view, choice.instrument, { condor: inputs.condor, calendarOn });
  const skip = (why: string): LayerEntry => ({ kind: 'skip', reason: `${spec.name}: ${why}` });
  if (typeof plan === 'string') return skip(plan);
  const unitPremium = book.quoteUnit(plan.legs);
  const multiplier = unitMultiplier(plan.legs);
  // What sizing divides by: a future's notional (it costs no premium), else the package's premium.
  const unitDollars = plan.exposure ?? Math.abs(unitPremium) * multiplier;
  if (!Number.isFinite(unitPremium) || !(unitDollars > 0)) return skip('no model price for the instrument');
  let scale = spec.match_spend ? inputs.spendScale : 1;
  for (const s of rule.scaleWhen) if (ctx.holds(s.when)) scale *= s.factor;
  let units: number | string;
  if (inputs.budget !== null && choice.sizing.basis !== 'contracts') {
    units = Math.floor(inputs.budget / unitDollars);
  } else {
    units = sizeUnits(choice.sizing, unitDollars, scale, {
      equity: book.equity(),
      condor: inputs.condor,
      openCondors: book.condors(),
      frontFuture,
      monthSpendOf: inputs.monthSpendOf,
      raisedThisMonth: -inputs.monthSpendOf(spec.name),
    });
  }
  if (typeof units === 'string') return skip(units);
  if (isCreditInstrument(choice.instrument) && !(unitPremium < 0))
    return skip('the credit spread nets no credit at model prices after the spread');
  // A credit position can lose its width less the credit; a debit position its premium; a future is held
  // against its initial margin.
  const maxLossUnit =
    plan.collateral !== undefined
      ? plan.collateral
      : unitPremium < 0
        ? plan.width * multiplier + unitPremium * multiplier
        : unitPremium * multiplier;
  if (spec.max_loss_fraction !== null && maxLossUnit > 0)
    units = Math.min(units, Math.floor((spec.max_loss_fraction * book.equity()) / maxLossUnit));
  const condor = inputs.condor;
  if (spec.max_premium_of_condor_loss !== null && condor !== null && unitPremium > 0) {
    const cap = spec.max_premium_of_condor_loss * condor.maxLossPerUnit * condor.units;
    units = Math.min(units, Math.floor(cap / (unitPremium * multiplier)));
  }
  if (units <= 0) {
    // A financing layer with no room left this month is the rule working, not a filter that missed.
    return choice.sizing.basis !== 'layer_month_spend' && scale > 0
      ? skip('budget below one contract')
      : NONE;
  }
  const collateralUnit = Math.max(maxLossUnit, 0);
  // A position that ties up nothing (a call written against the core's index lots) fits whatever the
  // collateral held, which the core's lots, marked below their entry price, can exceed.
  if (collateralUnit > 0 && !book.fitsCollateral(collateralUnit * units))
    return skip('not enough free collateral');
  return {
    kind: 'open',
    choice: k,
    legs: plan.legs,
    units,
    maxLossPerUnit: collateralUnit,
    budget: unitDollars * units,
    width: plan.width,
  };
}

export type LayerExit =
  'condor-exit' | 'profit-take' | 'spread-target' | 'exit-signal' | 'trigger-off' | 'roll';

/**
 * Whether (and why) an open position of the layer closes today. `offDays`: trading days the trigger has been
 * off in a row; `condorClosed`: whether the condor it was opened for has closed or settled.
 */
export function decideLayerExit(
  ctx: DayContext,
  rule: LayerRule,
  p: Position,
  offDays: number,
  condorClosed: boolean,
): LayerExit | null {
  const ex = rule.spec.exits;
  const value = unitValue(p);
  if (ex.with_condor && p.condorId !== null && condorClosed) return 'condor-exit';
  if (ex.profit_multiple !== null && p.unitPremium > 0 && value >= ex.profit_multiple * p.unitPremium)
    return 'profit-take';
  if (ex.spread_value_fraction !== null && p.width > 0 && value >= ex.spread_value_fraction * p.width)
    return 'spread-target';
  if (rule.exitWhen !== null && ctx.holds(rule.exitWhen)) return 'exit-signal';
  if (ex.trigger_off_days !== null && offDays >= ex.trigger_off_days) return 'trigger-off';
  if (ex.roll_at_dte !== null && lastExpiry(p) - ctx.view.day <= ex.roll_at_dte) return 'roll';
  return null;
}
