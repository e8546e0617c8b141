// Maps a strategy file's `signals` section (snake_case settings) onto the signal layer's parameters.
import type { SignalParams } from '../signals/signal-table.js';
import type { Strategy } from './schema.js';

export function toSignalParams(s: Strategy['signals']): SignalParams {
  return {
    rsiPeriod: s.rsi_period,
    macdFast: s.macd_fast,
    macdSlow: s.macd_slow,
    macdSignal: s.macd_signal,
    smaPeriod: s.sma_period,
    divergenceWindow: s.divergence_window,
    divergencePriceNearHigh: s.divergence_price_near_high,
    divergenceAdBelowHigh: s.divergence_ad_below_high,
    divergenceRequiredDays: s.divergence_required_days,
    divergenceLookbackDays: s.divergence_lookback_days,
  };
}
