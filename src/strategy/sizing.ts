// Hedge layer sizing: turning a sizing rule of the strategy file into a number of units.
import { unitMultiplier, type Position } from '../instruments/leg.js';
import type { SizingSpec } from './schema.js';

export interface SizingInputs {
  equity: number;
  /** The condor the layer acts for (the one being entered, or the nearest to expiry). */
  condor: Position | null;
  openCondors: readonly Position[];
  /** Front VIX future (nearest not expiring today). */
  frontFuture: number;
  /** Premium another layer spent this month, and what this layer already raised this month. */
  monthSpendOf: (layer: string) => number;
  raisedThisMonth: number;
}

function condorCreditDollars(p: Position): number {
  return -p.unitPremium * p.units * unitMultiplier(p.legs);
}

/** The VXTH-style weight of equity for a front VIX future level. */
export function bandWeight(
  bands: readonly { up_to: number | null; weight: number }[],
  front: number,
): number {
  for (const b of bands) if (b.up_to === null || front <= b.up_to) return b.weight;
  return 0;
}

/**
 * Units to trade: `perUnitDollars` is what one unit costs (an option package: |premium| x multiplier; a
 * future: its notional). `scale` multiplies the budget (scale rules and spend matching). Returns units (may
 * be 0) or a reason.
 */
export function sizeUnits(
  sizing: SizingSpec,
  perUnitDollars: number,
  scale: number,
  s: SizingInputs,
): number | string {
  if (!(perUnitDollars > 0)) return 'the instrument has no premium';
  switch (sizing.basis) {
    case 'contracts':
      return Math.floor(sizing.count * scale);
    case 'condor_credit': {
      const credit =
        sizing.of === 'entering'
          ? s.condor
            ? condorCreditDollars(s.condor)
            : NaN
          : s.openCondors.reduce((sum, p) => sum + condorCreditDollars(p), 0);
      if (!Number.isFinite(credit)) return 'no condor to size from';
      return Math.floor((sizing.fraction * credit * scale) / perUnitDollars);
    }
    case 'condor_short_puts': {
      if (s.condor === null) return 'no condor to size from';
      return Math.floor(sizing.fraction * s.condor.units * scale);
    }
    case 'condor_index_lots': {
      if (s.condor === null) return 'no core to size from';
      // A position's legs carry its total quantity (per unit x units).
      let lots = 0;
      for (const leg of s.condor.legs) if (leg.instrument.kind === 'index' && !leg.settled) lots += leg.qty;
      if (!(lots > 0)) return 'the core holds no index lots';
      return Math.floor(sizing.fraction * lots * scale);
    }
    case 'equity':
      return Math.floor((sizing.fraction * s.equity * scale) / perUnitDollars);
    case 'front_future_bands': {
      if (!Number.isFinite(s.frontFuture)) return 'no front VIX future';
      return Math.floor((bandWeight(sizing.bands, s.frontFuture) * s.equity * scale) / perUnitDollars);
    }
    case 'layer_month_spend': {
      const room = sizing.fraction * s.monthSpendOf(sizing.layer) * scale - s.raisedThisMonth;
      return room > 0 ? Math.floor(room / perUnitDollars) : 0;
    }
  }
}
