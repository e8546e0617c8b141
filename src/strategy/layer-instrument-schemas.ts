// The instruments a hedge layer can hold, as strategy files state them: one zod schema each, and their union,
// from which InstrumentSpec is inferred. layer-instruments.ts holds one planner per schema (the compiler
// checks that every type here has one), so a new layer instrument is one entry in each (docs/architecture.md).
import { z } from 'zod';
import { PercentOfSpot } from './core-legs-schema.js';
import { SpxExpiry, VixExpiry } from './expiry-schema.js';

/** A trigger or condition expression over named signals (parsed and checked against the catalogue later). */
export const Expression = z.string().trim().min(1, 'expected a non-empty expression');
const Delta = z.number().gt(0).lt(1);

const Side = z.enum(['long', 'short']).default('long');
/** Initial margin held as collateral, as a share of notional at entry (docs/strategy-files.md). */
const InitialMargin = z.number().gt(0).max(1).default(0.4);

const VixCall = z.strictObject({
  type: z.literal('vix_call'),
  expiry: VixExpiry,
  delta: Delta,
  /** Carry switch: when the expression holds at entry, also sell the same strike at `short_expiry`. */
  calendar: z.strictObject({ when: Expression, short_expiry: VixExpiry }).nullable().default(null),
});

const VixCallSpread = z.strictObject({
  type: z.literal('vix_call_spread'),
  expiry: VixExpiry,
  long_delta: Delta,
  short_strike_offset: z.number().positive(),
});

const VixCallButterfly = z.strictObject({
  type: z.literal('vix_call_butterfly'),
  expiry: VixExpiry,
  long_delta: Delta,
  /** VIX points between the strikes (whole points: VIX options list 1-point strikes). */
  wing: z.number().int().positive(),
});

const SpxPut = z.strictObject({
  type: z.literal('spx_put'),
  expiry: SpxExpiry,
  strike: z.union([z.literal('condor_short_put'), z.strictObject({ delta: Delta })]),
});

/**
 * One SPX call, bought or written, at a delta or a share of spot. Written (`side: short`), it is covered by
 * the core's index lots (validated in schema.ts): the monthly call of a collar whose put is on its own cycle.
 */
const SpxCall = z.strictObject({
  type: z.literal('spx_call'),
  side: Side,
  expiry: SpxExpiry,
  strike: z.union([z.strictObject({ delta: Delta }), PercentOfSpot]),
});

const SpxPutSpread = z.strictObject({
  type: z.literal('spx_put_spread'),
  expiry: SpxExpiry,
  long_delta: Delta,
  short_delta: Delta,
});

const SpxCallCreditSpread = z.strictObject({
  type: z.literal('spx_call_credit_spread'),
  expiry: SpxExpiry,
  short_delta: Delta,
  width_percent: z.number().gt(0).lt(0.25),
  min_points: z.number().positive().default(5),
});

const VixFuture = z.strictObject({
  type: z.literal('vix_future'),
  /** One expiration rule, or a list: a unit is then one contract of each (a strip across expirations). */
  expiry: z.union([VixExpiry, z.array(VixExpiry).min(1).max(8)]),
  side: Side,
  initial_margin: InitialMargin,
});

const VixFuturesIndex = z.strictObject({
  type: z.literal('vix_futures_index'),
  side: Side,
  initial_margin: InitialMargin,
});

/** Every layer instrument, in the order the strategy-file reference lists them. */
export const LayerInstrumentSchema = z.discriminatedUnion('type', [
  VixCall,
  VixCallSpread,
  VixCallButterfly,
  SpxPut,
  SpxCall,
  SpxPutSpread,
  SpxCallCreditSpread,
  VixFuture,
  VixFuturesIndex,
]);
export type InstrumentSpec = z.infer<typeof LayerInstrumentSchema>;
export type InstrumentType = InstrumentSpec['type'];
