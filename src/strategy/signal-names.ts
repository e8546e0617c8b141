// The names a strategy's expressions may use: the market signal catalogue plus the engine's own state
// (how many condors are open, days left on the nearest one, whether each layer holds a position).
import { signalCatalogueNames } from '../signals/signal-table.js';
import type { Strategy } from './schema.js';

/** Engine state signals, filled in by the engine each day before the rules are evaluated. */
export const ENGINE_STATE_SIGNALS = ['condor_days_left', 'open_condors'] as const;

/** `<layer>_active`: 1 while the layer holds a position (e.g. `l3_active`). */
export function layerActiveSignal(layerName: string): string {
  return `${layerName.toLowerCase().replace(/-/g, '_')}_active`;
}

export function strategySignalNames(strategy: Strategy): string[] {
  return [
    ...signalCatalogueNames(strategy.signals),
    ...ENGINE_STATE_SIGNALS,
    ...strategy.layers.map((l) => layerActiveSignal(l.name)),
  ];
}
