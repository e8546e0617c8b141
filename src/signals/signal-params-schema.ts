// The signals' parameters as a strategy file's `signals` section: names, bounds and (from signal-params.ts)
// defaults in one strict zod schema, from which the SignalParams type is inferred.
import { z } from 'zod';
import { defaultSignalParams as D } from './signal-params.js';

export const SignalParamsSchema = z
  .strictObject({
    rsi_period: z.number().int().min(2).default(D.rsi_period),
    macd_fast: z.number().int().min(1).default(D.macd_fast),
    macd_slow: z.number().int().min(2).default(D.macd_slow),
    macd_signal: z.number().int().min(1).default(D.macd_signal),
    sma_period: z.number().int().min(2).default(D.sma_period),
    divergence_window: z.number().int().min(5).default(D.divergence_window),
    /** SPX within this share of its window high. */
    divergence_price_near_high: z.number().gt(0).lt(1).default(D.divergence_price_near_high),
    /** AD line more than this share of its window range below its window high. */
    divergence_ad_below_high: z.number().gt(0).lt(1).default(D.divergence_ad_below_high),
    divergence_required_days: z.number().int().min(1).default(D.divergence_required_days),
    divergence_lookback_days: z.number().int().min(1).default(D.divergence_lookback_days),
  })
  .refine((p) => p.macd_fast < p.macd_slow, {
    message: 'expected macd_fast < macd_slow',
    path: ['macd_fast'],
  });

export type SignalParams = z.output<typeof SignalParamsSchema>;
