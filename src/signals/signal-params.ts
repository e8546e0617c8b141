// The signals' default parameters, as plain values: the indicators read them without loading the schema
// library (signal-params-schema.ts declares the bounds, takes its defaults from here and infers the type).
import type { SignalParams } from './signal-params-schema.js';

export type { SignalParams };

/** Every parameter's default (the schema's `.default` of each key, so the two cannot differ). */
export const defaultSignalParams = {
  rsi_period: 14,
  macd_fast: 12,
  macd_slow: 26,
  macd_signal: 9,
  sma_period: 50,
  divergence_window: 60,
  divergence_price_near_high: 0.02,
  divergence_ad_below_high: 0.05,
  divergence_required_days: 3,
  divergence_lookback_days: 5,
};
