// The structures the engine trades, built on a real chain's day by the engine's own rules (expiry choice,
// planCondor, planUnit), on a market whose spot (VIX future) is matched to the quotes' own forward, and
// priced both from the quotes and from the model: what `alvh pricing check` measures.
import type { DayNumber } from '../core/dates.js';
import type { Panel } from '../market/panel.js';
import {
  chainExpiries,
  findExpiry,
  nearestExpiry,
  midAtStrike,
  quotedMid,
  quotedVol,
  type ChainExpiry,
} from '../pricing/chain-quotes.js';
import type { OptionChain } from '../market/option-chain.js';
import { buildSpxSmile, defaultSmileParams, type SmileParams, type SpxSmile } from '../pricing/spx-smile.js';
import { smileInputsAt } from '../pricing/panel-inputs.js';
import type { CondorSpec, InstrumentSpec, Strategy } from '../strategy/schema.js';
import { spxOption, VIX_OPTION } from '../instruments/instrument.js';
import type { LegSpec } from '../instruments/leg.js';
import { planCondor } from '../strategy/condor-rules.js';
import { planUnit } from '../strategy/layer-instruments.js';
import { MarketContext, yearsToExpiry } from '../view/market-context.js';
import { ModelView } from '../view/model-view.js';

export const STRUCTURE_NAMES = [
  'condor_spec',
  'condor_cndr',
  'call_spread_5d_weekly',
  'condor_marks_21dte',
  'condor_marks_10dte',
  'vix_call_50d_front',
] as const;
export type StructureName = (typeof STRUCTURE_NAMES)[number];

/** The strategy pieces whose structures are measured, taken from the shipped presets. */
export interface StructureSpecs {
  /** The spec condor (alvh preset) and Cboe's CNDR condor (cndr preset). */
  spec: CondorSpec;
  cndr: CondorSpec;
  /** The financing layer's 5-delta weekly call credit spread. */
  financing: InstrumentSpec;
  /** L2's 50-delta front-month VIX call. */
  l2VixCall: InstrumentSpec;
}

/** The specs from the alvh and cndr presets: the layers by name, the instrument of their VIX/SPX choice. */
export function structureSpecsFrom(alvh: Strategy, cndr: Strategy): StructureSpecs {
  const instrument = (layer: string, type: InstrumentSpec['type']): InstrumentSpec => {
    const found = alvh.layers.find((l) => l.name === layer)?.use.find((c) => c.instrument.type === type);
    if (found === undefined) throw new Error(`the alvh preset has no ${type} in layer ${layer}`);
    return found.instrument;
  };
  return {
    spec: alvh.condor,
    cndr: cndr.condor,
    financing: instrument('financing', 'spx_call_credit_spread'),
    l2VixCall: instrument('L2', 'vix_call'),
  };
}

/**
 * The engine's market on one day with the smile built from `params` and the spot replaced (the chains are
 * 16:15 quotes, the panel's close is 16:00: the model is judged on its shape, not on a quarter hour of
 * index moves), and VIX futures replaced by the quotes' parity forwards of the same expirations.
 */
class MatchedMarket extends MarketContext {
  private matched: SpxSmile | null = null;

  constructor(
    panel: Panel,
    private readonly day: number,
    private readonly params: SmileParams,
    private readonly spotAt: number,
    private readonly vixForwards: ReadonlyMap<DayNumber, number> = new Map(),
  ) {
    super(panel);
  }

  override spot(i: number): number {
    return i === this.day ? this.spotAt : super.spot(i);
  }

  override smile(i: number): SpxSmile | null {
    if (i !== this.day) return super.smile(i);
    this.matched ??= buildSpxSmile(
      { ...smileInputsAt(this.panel, i, this.rate(i)), spot: this.spotAt },
      this.params,
    );
    return this.matched;
  }

  override vixFuture(i: number, expiry: DayNumber): number {
    const f = i === this.day ? this.vixForwards.get(expiry) : undefined;
    return f ?? super.vixFuture(i, expiry);
  }
}

export interface StructureMeasure {
  day: string;
  structure: StructureName;
  dte: number;
  real_mid: number;
  model_mid: number;
  /** model / real - 1. */
  error: number;
}

export interface WingSlope {
  day: string;
  dte: number;
  /** Implied vol of the long put less that of the short put, in vol points. */
  real_points: number;
  model_points: number;
  /** model - real, vol points. */
  error_points: number;
}

export interface StructureReport {
  structures: StructureMeasure[];
  put_wing_slope: WingSlope[];
  /** One line per structure: its legs, or why it could not be measured that day. */
  notes: string[];
}

type Leg = Pick<LegSpec, 'isCall' | 'strike' | 'qty'>;

function describeLegs(legs: readonly Leg[]): string {
  return legs.map((l) => `${l.qty > 0 ? '+' : ''}${l.qty} ${l.strike}${l.isCall ? 'C' : 'P'}`).join(' ');
}

/** The monthly expiration a condor would be measured at on a chain day (a chain day is rarely an entry day). */
function condorExpiry(expiries: readonly ChainExpiry[], spec: CondorSpec): ChainExpiry | null {
  // dte_window: its target; roll_at_expiration (CNDR): about a month, its tenor on the roll day (28-35 days).
  const target = spec.entry.rule === 'dte_window' ? spec.entry.target : 30;
  const am = spec.settlement !== 'pm' && spec.expirations !== 'weekly';
  return nearestExpiry(
    expiries.filter((e) => e.amSettled === am),
    target,
  );
}

/**
 * Measures every structure on one SPX or VIX chain (quote date `chain.quoteDate`, which must be a panel
 * day) with the smile parameters given.
 */
export function measureStructures(
  panel: Panel,
  chain: OptionChain,
  specs: StructureSpecs,
  params: SmileParams = defaultSmileParams,
): StructureReport {
  const i = panel.dates.indexOf(chain.quoteDate);
  if (i < 0) throw new RangeError(`${chain.quoteDate} is not a day of the panel`);
  const base = new MarketContext(panel);
  const rate = base.rate(i);
  const today = panel.days[i];
  const expiries = chainExpiries(chain, rate, 1);
  const report: StructureReport = { structures: [], put_wing_slope: [], notes: [] };
  const day = chain.quoteDate;
  const isVix = chain.quotes.some((q) => q.root.startsWith('VIX'));
  const note = (structure: string, text: string): void => {
    report.notes.push(`${day} ${structure}: ${text}`);
  };

  /** The engine's market with its spot matched to the forward of this chain expiration. */
  const matchedTo = (e: ChainExpiry): MatchedMarket | null => {
    if (!Number.isFinite(e.forward)) return null;
    const q = smileInputsAt(panel, i).dividendYieldAnnual;
    const dividend = Number.isFinite(q) ? q : params.fallbackDividendYield;
    const t = yearsToExpiry(today, e.expiry, spxOption(!e.amSettled).stopsTradingDaysEarly);
    return new MatchedMarket(panel, i, params, e.forward * Math.exp(-(rate - dividend) * t));
  };

  const price = (
    structure: StructureName,
    market: MarketContext,
    e: ChainExpiry,
    legs: readonly Leg[],
    sold: boolean,
  ): void => {
    const early = spxOption(!e.amSettled).stopsTradingDaysEarly;
    let real = 0;
    let model = 0;
    const interpolated: number[] = [];
    for (const l of legs) {
      const { mid: m, interpolated: between } = midAtStrike(e, l.isCall, l.strike, rate);
      if (between) interpolated.push(l.strike);
      if (!Number.isFinite(m)) {
        note(
          structure,
          `${describeLegs(legs)} at ${e.days} days: no quote at ${l.strike}${l.isCall ? 'C' : 'P'}`,
        );
        return;
      }
      real += l.qty * m;
      model += l.qty * market.spxMid(i, l.isCall, l.strike, e.expiry, early);
    }
    const sign = sold ? -1 : 1;
    report.structures.push({
      day,
      structure,
      dte: e.days,
      real_mid: sign * real,
      model_mid: sign * model,
      error: model / real - 1,
    });
    const unlisted =
      interpolated.length > 0 ? `; unlisted, vol interpolated: ${interpolated.join(', ')}` : '';
    note(structure, `${describeLegs(legs)} at ${e.days} days (${e.root})${unlisted}`);
  };

  const slope = (market: MatchedMarket, e: ChainExpiry, legs: readonly LegSpec[]): void => {
    const shortPut = legs.find((l) => !l.isCall && l.qty < 0);
    const longPut = legs.find((l) => !l.isCall && l.qty > 0);
    if (shortPut === undefined || longPut === undefined) return;
    const real =
      (quotedVol(e, false, longPut.strike, rate) - quotedVol(e, false, shortPut.strike, rate)) * 100;
    const smile = market.smile(i)!;
    const t = yearsToExpiry(today, e.expiry, spxOption(!e.amSettled).stopsTradingDaysEarly);
    const model = (smile.vol(longPut.strike, t) - smile.vol(shortPut.strike, t)) * 100;
    if (!Number.isFinite(real)) {
      note(
        'put_wing_slope',
        `no two-sided put quotes at ${longPut.strike}/${shortPut.strike}, ${e.days} days`,
      );
      return;
    }
    report.put_wing_slope.push({
      day,
      dte: e.days,
      real_points: real,
      model_points: model,
      error_points: model - real,
    });
  };

  if (isVix) {
    const forwards = new Map<DayNumber, number>();
    for (const e of expiries)
      if (e.amSettled && Number.isFinite(e.forward)) forwards.set(e.expiry, e.forward);
    const market = new MatchedMarket(panel, i, params, base.spot(i), forwards);
    const plan = planUnit(new ModelView(market).moveTo(i), specs.l2VixCall, {
      condor: null,
      calendarOn: false,
    });
    if (typeof plan === 'string') {
      note('vix_call_50d_front', plan);
      return report;
    }
    const leg = plan.legs[0];
    const e = findExpiry(expiries, leg.expiry, true);
    if (e === null || !forwards.has(leg.expiry)) {
      note(
        'vix_call_50d_front',
        `no VIX quotes with a parity forward for the expiration ${leg.expiry - today} days out`,
      );
      return report;
    }
    const real = quotedMid(e, true, leg.strike);
    const model = market.vixMid(i, true, leg.strike, leg.expiry, VIX_OPTION.stopsTradingDaysEarly);
    if (!Number.isFinite(real)) {
      note('vix_call_50d_front', `no quote at ${leg.strike}C`);
      return report;
    }
    report.structures.push({
      day,
      structure: 'vix_call_50d_front',
      dte: e.days,
      real_mid: real,
      model_mid: model,
      error: model / real - 1,
    });
    note('vix_call_50d_front', `+1 ${leg.strike}C at ${e.days} days on forward ${e.forward.toFixed(2)}`);
    return report;
  }

  // The spec condor and its strikes marked at shorter tenors.
  const condor = (structure: StructureName, spec: CondorSpec): LegSpec[] | null => {
    const e = condorExpiry(expiries, spec);
    const market = e === null ? null : matchedTo(e);
    if (e === null || market === null) {
      note(structure, 'no monthly expiration with a parity forward');
      return null;
    }
    const plan = planCondor(new ModelView(market).moveTo(i), spec, e.expiry);
    if (typeof plan === 'string') {
      note(structure, plan);
      return null;
    }
    price(structure, market, e, plan.legs, true);
    if (structure === 'condor_spec') slope(market, e, plan.legs);
    return plan.legs;
  };
  const specLegs = condor('condor_spec', specs.spec);
  condor('condor_cndr', specs.cndr);

  for (const [structure, days] of [
    ['condor_marks_21dte', 21],
    ['condor_marks_10dte', 10],
  ] as const) {
    const e = nearestExpiry(expiries, days);
    const market = e === null ? null : matchedTo(e);
    if (specLegs === null || e === null || market === null) {
      note(structure, 'no spec condor or no expiration near that tenor');
      continue;
    }
    price(structure, market, e, specLegs, true);
  }

  // The put wing of a condor built by the spec's rule at short tenors too (5, 10, 21 days).
  for (const days of [21, 10, 5]) {
    const e = nearestExpiry(expiries, days);
    const market = e === null ? null : matchedTo(e);
    if (e === null || market === null) continue;
    const plan = planCondor(
      new ModelView(market).moveTo(i),
      { ...specs.spec, settlement: e.amSettled ? 'am' : 'pm' },
      e.expiry,
    );
    if (typeof plan !== 'string') slope(market, e, plan.legs);
  }

  const weekly = planUnit(new ModelView(base).moveTo(i), specs.financing, {
    condor: null,
    calendarOn: false,
  });
  if (typeof weekly === 'string') note('call_spread_5d_weekly', weekly);
  else {
    const leg = weekly.legs[0];
    const e = findExpiry(expiries, leg.expiry, leg.instrument.settlement === 'spx_open');
    const market = e === null ? null : matchedTo(e);
    if (e === null || market === null) note('call_spread_5d_weekly', 'no quotes for its expiration');
    else {
      const plan = planUnit(new ModelView(market).moveTo(i), specs.financing, {
        condor: null,
        calendarOn: false,
      });
      if (typeof plan === 'string') note('call_spread_5d_weekly', plan);
      else price('call_spread_5d_weekly', market, e, plan.legs, true);
    }
  }
  return report;
}
