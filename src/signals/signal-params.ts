// The signals' parameters, declared once: their strategy-file names, bounds and defaults in one strict zod
// schema, from which the type, the defaults and the strategy file's `signals` section all come.
import { z } from 'zod';

export const SignalParamsSchema = z
  .strictObject({
    rsi_period: z.number().int().min(2).default(14),
    macd_fast: z.number().int().min(1).default(12),
    macd_slow: z.number().int().min(2).default(26),
    macd_signal: z.number().int().min(1).default(9),
    sma_period: z.number().int().min(2).default(50),
    divergence_window: z.number().int().min(5).default(60),
    /** SPX within this share of its window high. */
    divergence_price_near_high: z.number().gt(0).lt(1).default(0.02),
    /** AD line more than this share of its window range below its window high. */
    divergence_ad_below_high: z.number().gt(0).lt(1).default(0.05),
    divergence_required_days: z.number().int().min(1).default(3),
    divergence_lookback_days: z.number().int().min(1).default(5),
  })
  .refine((p) => p.macd_fast < p.macd_slow, {
    message: 'expected macd_fast < macd_slow',
    path: ['macd_fast'],
  });

export type SignalParams = z.output<typeof SignalParamsSchema>;

// Parsed once, without compiling a checker for it first (one value: the compile would cost more).
export const defaultSignalParams: SignalParams = SignalParamsSchema.parse({}, { jitless: true });
