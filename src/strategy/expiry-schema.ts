// Expiration rules as strategy files state them (SPXW weekdays, the VIX expiration a template asks for, the
// SPX expiration of a hedge): their zod schemas. expiry-rules.ts makes the choice on a day's view.
import { z } from 'zod';
import { WEEKDAY_NUMBERS, type WeekdayName } from './expiry-rules.js';

const WEEKDAY_NAMES = Object.keys(WEEKDAY_NUMBERS) as [WeekdayName, ...WeekdayName[]];

export const Weekdays = z
  .array(z.enum(WEEKDAY_NAMES))
  .min(1)
  .refine((days) => new Set(days).size === days.length, { message: 'expected each weekday at most once' });

export const VixExpiry = z.union([
  /** The nth expiration among those more than `min_dte` calendar days away. */
  z.strictObject({ nth: z.number().int().min(1).max(8), min_dte: z.number().int().nonnegative().default(0) }),
  z.strictObject({
    target_dte: z.number().int().positive(),
    min_dte: z.number().int().nonnegative(),
    max_dte: z.number().int().positive(),
  }),
]);

export const SpxExpiry = z.union([
  z.literal('condor'),
  z.strictObject({
    expirations: z.enum(['monthly', 'weekly']),
    /** With weekly expirations: the SPXW weekdays allowed (default: every weekday listed at the time). */
    weekdays: Weekdays.default(['mon', 'tue', 'wed', 'thu', 'fri']),
    min_dte: z.number().int().nonnegative(),
    max_dte: z.number().int().positive(),
  }),
]);

export type VixExpirySpec = z.infer<typeof VixExpiry>;
export type SpxExpirySpec = z.infer<typeof SpxExpiry>;
