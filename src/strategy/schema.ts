// The strategy file schema: one zod declaration from which the Strategy type is inferred. Strict objects
// everywhere, so an unknown key (a flag the engine would not read) is an error with its key path.
import { z } from 'zod';
import { defaultSignalParams } from '../signals/signal-params.js';
import { SignalParamsSchema } from '../signals/signal-params-schema.js';

import { Expression, LayerInstrumentSchema, type InstrumentSpec } from './layer-instrument-schemas.js';
import { CoreIndex, CoreLeg } from './core-legs-schema.js';
import { Weekdays, type SpxExpirySpec, type VixExpirySpec } from './expiry-schema.js';
import type { WeekdayName } from './expiry-rules.js';
import { AM_SETTLEMENTS, FIRST_DAY_RULES } from './setting-values.js';

/** When a new condor is entered: a DTE window, or Cboe CNDR's roll on the previous expiration day. */
const CondorEntry = z.discriminatedUnion('rule', [
  z
    .strictObject({
      rule: z.literal('dte_window'),
      min: z.number().int().nonnegative(),
      max: z.number().int().positive(),
      target: z.number().int().positive(),
      /**
       * Spec v1.1 'closest_to_target': on the trading day closest to `target` days before the expiration (the
       * earlier on a tie), or the next day that can trade, up to `min` days before. v1.0 'first_in_window':
       * on the first day an expiration is inside [min, max] days (in practice at `max`).
       */
      day: z.enum(['closest_to_target', 'first_in_window']).default('closest_to_target'),
    })
    .refine((w) => w.min <= w.target && w.target <= w.max, { message: 'expected min <= target <= max' }),
  /** On the day the previous expiration settles (after its AM print), at the next expiration. */
  z.strictObject({ rule: z.literal('roll_at_expiration') }),
]);

const Fraction = z.number().gt(0).lte(1);

const Wings = z.discriminatedUnion('rule', [
  z.strictObject({
    rule: z.literal('percent_of_spot'),
    percent: z.number().gt(0).lt(0.25),
    min_points: z.number().positive().default(5),
  }),
  z.strictObject({ rule: z.literal('points'), points: z.number().positive() }),
  z.strictObject({ rule: z.literal('delta'), delta: z.number().gt(0).lt(0.5) }),
]);

const Condor = z.strictObject({
  /** 'quarterly': the standard monthlies of March, June, September and December (AM), a three-month cycle. */
  expirations: z.enum(['monthly', 'weekly', 'quarterly']).default('monthly'),
  /** With weekly expirations: the SPXW weekdays to trade (spec: Friday weeklies). */
  weekdays: Weekdays.default(['fri']),
  /** 'auto': AM settlement for monthlies, PM for weeklies. */
  settlement: z.enum(['auto', 'am', 'pm']).default('auto'),
  entry: CondorEntry.default({ rule: 'dte_window', min: 40, max: 50, target: 45, day: 'closest_to_target' }),
  /** Open again on an expiration whose condor was already closed early (false: one condor per expiration). */
  reenter_after_exit: z.boolean().default(false),
  short_delta: z.number().gt(0).lt(0.5).default(0.16),
  wings: Wings.default({ rule: 'percent_of_spot', percent: 0.01, min_points: 5 }),
  strike_step: z.number().positive().default(5),
  /** Contracts = floor(equity x risk_fraction / max loss of one condor). */
  risk_fraction: Fraction.default(0.1),
  /** Close when the condor can be bought back for this share of its credit; null: never. */
  profit_take: z.number().gt(0).lt(1).nullable().default(0.5),
  /** Close when the loss reaches this multiple of the credit; null: never. */
  stop_loss_multiple: z.number().positive().nullable().default(2),
  /** Close at this many calendar days to expiration; null: hold to expiration. */
  time_exit_dte: z.number().int().positive().nullable().default(null),
  /** Scale contracts by this factor (the size-cut baseline); 'match_spend' solves it from the main book. */
  size_factor: z.union([z.number().gt(0).lte(1), z.literal('match_spend')]).default(1),
  /** The core structure as a list of legs; null: the iron condor of short_delta and wings (the shorthand). */
  legs: z.array(CoreLeg).min(1).nullable().default(null),
  /** An SPX index position held with the legs (buy-write, protective put, collar); null: none. */
  index: CoreIndex.nullable().default(null),
  /** Collateral of the legs: their worst loss where the payoff bounds it, else Reg-T; 'reg_t': always Reg-T. */
  margin: z.enum(['max_loss', 'reg_t']).default('max_loss'),
  /**
   * Cboe's CLL cross-roll: when a layer writes a call against the core struck below the core's long put, the
   * put is sold and a new one bought at its strike rule, same expiration. Optional (absent: off), so that the
   * resolved settings, and the hashes, of strategies without it stay what they were.
   */
  cross_roll: z.boolean().optional(),
});

const Sizing = z.discriminatedUnion('basis', [
  /** Premium budget = fraction x the credit of the condor being entered ('entering') or of all open condors. */
  z.strictObject({
    basis: z.literal('condor_credit'),
    fraction: z.number().positive(),
    of: z.enum(['entering', 'open']),
  }),
  /** Contracts = fraction x the short puts of the condor the layer protects. */
  z.strictObject({ basis: z.literal('condor_short_puts'), fraction: z.number().positive() }),
  /** Contracts = fraction x the index lots the core holds (a call written against them: a collar, a buy-write). */
  z.strictObject({ basis: z.literal('condor_index_lots'), fraction: z.number().positive() }),
  /** A fixed number of units (a VX future's unit is one contract). */
  z.strictObject({ basis: z.literal('contracts'), count: z.number().int().positive() }),
  /** Premium budget = fraction x equity. */
  z.strictObject({ basis: z.literal('equity'), fraction: z.number().positive() }),
  /** Premium budget = weight(front VIX future) x equity, by bands (VXTH). */
  z.strictObject({
    basis: z.literal('front_future_bands'),
    bands: z
      .array(z.strictObject({ up_to: z.number().positive().nullable(), weight: z.number().nonnegative() }))
      .min(1),
  }),
  /** Credit raised (for sold spreads) up to fraction x another layer's premium spend in the same month. */
  z.strictObject({
    basis: z.literal('layer_month_spend'),
    layer: z.string().min(1),
    fraction: z.number().positive(),
  }),
]);

const Choice = z.strictObject({
  when: Expression.nullable().default(null),
  instrument: LayerInstrumentSchema,
  sizing: Sizing,
});

const Layer = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, _ or -'),
  enabled: z.boolean().default(true),
  /** When the layer looks at its trigger: at each condor entry, every day, or on each VIX expiration day. */
  entry_on: z.enum(['condor_entry', 'daily', 'vix_expiration']),
  trigger: Expression,
  /** At most this many positions of the layer open at once. */
  max_open: z.number().int().positive().default(1),
  /** The first choice whose `when` holds (or has none) is traded. */
  use: z.array(Choice).min(1),
  scale: z.array(z.strictObject({ when: Expression, factor: z.number().positive() })).default([]),
  exits: z
    .strictObject({
      /** Sell when the position is worth this multiple of its net cost. */
      profit_multiple: z.number().gt(1).nullable().default(null),
      /** Sell when a spread is worth this share of its width. */
      spread_value_fraction: z.number().gt(0).lte(1).nullable().default(null),
      /** Sell when this expression holds. */
      when: Expression.nullable().default(null),
      /** Close and reopen with the same budget at this many calendar days to the long leg's expiry. */
      roll_at_dte: z.number().int().positive().nullable().default(null),
      /** Close when the trigger has been off for this many trading days in a row. */
      trigger_off_days: z.number().int().positive().nullable().default(null),
      /** Close when the condor this position was opened for is closed or settles. */
      with_condor: z.boolean().default(false),
    })
    .default({
      profit_multiple: null,
      spread_value_fraction: null,
      when: null,
      roll_at_dte: null,
      trigger_off_days: null,
      with_condor: false,
    }),
  /**
   * Caps each position's maximum loss at this share of equity (credit spreads: width less credit; debit
   * positions: the premium). Null: no cap beyond the sizing rule.
   */
  max_loss_fraction: z.number().gt(0).lte(1).nullable().default(null),
  /**
   * Caps a debit position's premium at this share of the maximum loss of the condor it protects (a guard rail
   * a trader would apply; the spec states none). Null: no cap.
   */
  max_premium_of_condor_loss: z.number().gt(0).nullable().default(null),
  /** No new condors while this layer holds a position (L3). */
  block_new_condors: z.boolean().default(false),
  /** Scale this layer's budget so the book's yearly hedge spend matches the main book's (baselines). */
  match_spend: z.boolean().default(false),
});

const Costs = z.strictObject({
  /** Commission and fees per SPX option contract, in dollars. */
  spx_commission: z.number().nonnegative().default(1.0),
  /** Commission and fees per VIX option contract, in dollars. */
  vix_commission: z.number().nonnegative().default(1.0),
  /**
   * Commission and fees per VX futures contract, in dollars (a retail broker's $0.85 plus CFE's fees of
   * about $0.65: docs/strategy-files.md). Optional, so that files without futures keep their hash.
   */
  vix_future_commission: z.number().nonnegative().optional(),
  /** Share of the model half-spread paid on every fill (0 = mid, 1 = bid/ask); the 'per_leg' model. */
  spread_paid: z.number().min(0).max(1).default(0.5),
  /**
   * 'per_leg': every leg pays `spread_paid`. 'per_order': each leg of an order pays the share of the full
   * bid-ask width (from the bid when buying) that `order_width_paid` gives for the order's number of legs, as
   * commercial backtesters publish it (docs/methodology.md).
   */
  slippage: z.enum(['per_leg', 'per_order']).default('per_leg'),
  /** Share of the bid-ask width paid by an order of 1, 2, 3, 4 (or more) legs: 0.5 = mid, 1 = the far side. */
  order_width_paid: z.array(z.number().min(0.5).max(1)).min(1).max(8).default([0.75, 0.66, 0.56, 0.53]),
});

export { AM_SETTLEMENTS, FIRST_DAY_RULES, type AmSettlement } from './setting-values.js';

export const StrategySchema = z
  .strictObject({
    version: z.literal(1),
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name (letters, digits, -)'),
    title: z.string().min(1),
    description: z.string().default(''),
    /** At most $10 billion: more than an SPX options book can trade without moving the market it prices. */
    capital: z
      .number()
      .positive()
      .max(10_000_000_000, 'expected at most 10,000,000,000 (10 billion)')
      .default(1_000_000),
    dates: z
      .strictObject({
        from: z.iso.date().nullable().default(null),
        to: z.iso.date().nullable().default(null),
        /**
         * Where the data's first tradable day is: the first day with every input this book uses (SPX and VIX
         * for a core book without layers, or whose layers trade SPX options only and read no market signal;
         * VVIX, two VIX futures and warmed-up signals as well once a layer trades or reads the VIX complex),
         * or the first day with all of them whatever the book uses (the ALVH's window, 2007 on the reference
         * data).
         */
        first_day: z.enum(FIRST_DAY_RULES).default('strategy_inputs'),
      })
      .default({ from: null, to: null, first_day: 'strategy_inputs' }),
    /** Idle cash (cash less condor margin) earns the T-bill rate. */
    cash_earns_rate: z.boolean().default(true),
    /**
     * Cash held as collateral (margin) earns the T-bill rate too, as the T-bills of Cboe's PUT, BFLY and
     * CNDR indices do; off by default (a broker pays nothing on margin held for credit structures).
     */
    collateral_earns_rate: z.boolean().default(false),
    /**
     * The dividend yield SPX options are priced with where the data give none: the smile's fixed fallback
     * (1.5%), or the yield the SPX index position earns (SPY's trailing dividends), so that options and
     * index lots agree on the forward, as put-call parity asks of a book holding both.
     */
    option_dividend_yield: z.enum(['fixed', 'index']).default('fixed'),
    /**
     * The print AM-settled SPX legs settle on: the data's SPX open (the index's first print, which on a gap
     * day still holds many stocks' previous closes), or a proxy for the Special Opening Quotation the options
     * really settle on, from SPY's opening trade (market/soq-proxy.ts; the SPX open where the data give
     * none, counted in the run's notes). `open`, the default, resolves to unset, so the strategies that
     * keep it hash as they did before the setting existed.
     */
    am_settlement: z
      .enum(AM_SETTLEMENTS)
      .optional()
      .transform((v) => (v === 'open' ? undefined : v)),
    signals: SignalParamsSchema.default(defaultSignalParams),
    // Defaults parsed once at load: without compiling a checker first (see validateStrategy in load.ts).
    costs: Costs.default(Costs.parse({}, { jitless: true })),
    condor: Condor.default(Condor.parse({}, { jitless: true })),
    layers: z.array(Layer).default([]),
  })
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    s.layers.forEach((layer, i) => {
      if (names.has(layer.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['layers', i, 'name'],
          message: `duplicate layer name '${layer.name}'`,
        });
      }
      names.add(layer.name);
    });
    s.layers.forEach((layer, i) => {
      layer.use.forEach((choice, j) => {
        if (choice.sizing.basis === 'layer_month_spend' && !names.has(choice.sizing.layer)) {
          ctx.addIssue({
            code: 'custom',
            path: ['layers', i, 'use', j, 'sizing', 'layer'],
            message: `no layer named '${choice.sizing.layer}' (layers: ${[...names].join(', ') || 'none'})`,
          });
        }
      });
    });
    s.layers.forEach((layer, i) => {
      layer.use.forEach((choice, j) => {
        const inst = choice.instrument;
        if (inst.type !== 'spx_call' || inst.side !== 'short') return;
        // A written call is held without margin because the index lots cover it: only as many as there are lots.
        const sizing = choice.sizing;
        if (sizing.basis !== 'condor_index_lots' || sizing.fraction > 1 || s.condor.index === null)
          ctx.addIssue({
            code: 'custom',
            path: ['layers', i, 'use', j, 'sizing'],
            message:
              "a short spx_call is covered by the core's index lots: size it with {basis: condor_index_lots, fraction: at most 1} and give condor.index",
          });
      });
    });
    const legNames = new Set<string>();
    (s.condor.legs ?? []).forEach((leg, i) => {
      const rule = leg.strike;
      if ('from' in rule && !legNames.has(rule.from))
        ctx.addIssue({
          code: 'custom',
          path: ['condor', 'legs', i, 'strike', 'from'],
          message: `no earlier leg named '${rule.from}' (named so far: ${[...legNames].join(', ') || 'none'})`,
        });
      if (leg.name !== null && legNames.has(leg.name))
        ctx.addIssue({
          code: 'custom',
          path: ['condor', 'legs', i, 'name'],
          message: `duplicate leg name '${leg.name}'`,
        });
      if (leg.name !== null) legNames.add(leg.name);
    });
    if (s.condor.cross_roll === true) {
      const puts = (s.condor.legs ?? []).filter((leg) => leg.right === 'put' && leg.side === 'long');
      const rule = puts.length === 1 ? puts[0].strike : null;
      if (rule === null || !('delta' in rule || 'percent_of_spot' in rule))
        ctx.addIssue({
          code: 'custom',
          path: ['condor', 'cross_roll'],
          message: `a cross-roll replaces the core's one long put: give condor.legs exactly one long put with a delta or percent_of_spot strike (found ${puts.length} long put(s)${rule === null ? '' : ' with another strike rule'})`,
        });
      // The roll moves the put alone: a leg struck from it would no longer stand where the file puts it.
      const putName = puts.length === 1 ? puts[0].name : null;
      (s.condor.legs ?? []).forEach((leg, i) => {
        if (putName !== null && 'from' in leg.strike && leg.strike.from === putName)
          ctx.addIssue({
            code: 'custom',
            path: ['condor', 'legs', i, 'strike', 'from'],
            message: `a cross-roll replaces the long put '${putName}' alone, so a leg struck from it would keep its old strike: give this leg a strike rule of its own`,
          });
      });
    }
    if (s.condor.index !== null && s.condor.legs === null)
      ctx.addIssue({
        code: 'custom',
        path: ['condor', 'index'],
        message: 'an index position needs condor.legs',
      });
  });

export type Strategy = z.infer<typeof StrategySchema>;
export type LayerSpec = Strategy['layers'][number];
export type ChoiceSpec = LayerSpec['use'][number];
export type SizingSpec = ChoiceSpec['sizing'];
export type CondorSpec = Strategy['condor'];
export type CondorEntrySpec = CondorSpec['entry'];
export type { InstrumentSpec, SpxExpirySpec, VixExpirySpec, WeekdayName };
