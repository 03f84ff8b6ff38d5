import { z } from './zod.js';
import { IdSchema } from './ids.js';
import { ManagerPinHashSchema } from './manager-pin.js';

import {
  DEFAULT_CHECK_FREQUENCY_S,
  DEFAULT_SYNCED_RETENTION_DAYS,
  MAX_CHECK_FREQUENCY_S,
  MAX_SYNCED_RETENTION_DAYS,
  MIN_CHECK_FREQUENCY_S,
} from './config-limits.js';

export {
  DEFAULT_CHECK_FREQUENCY_S,
  DEFAULT_SYNCED_RETENTION_DAYS,
  MAX_CHECK_FREQUENCY_S,
  MAX_SYNCED_RETENTION_DAYS,
  MIN_CHECK_FREQUENCY_S,
};

export const CheckFrequencySchema = z.number().int().min(MIN_CHECK_FREQUENCY_S).max(MAX_CHECK_FREQUENCY_S);

export const SyncedRetentionDaysSchema = z.number().int().min(1).max(MAX_SYNCED_RETENTION_DAYS);

/** An IANA time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'not a time zone name (such as Europe/Paris)');

/** True when `name` is a time zone Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** ISO 4217 currency code, e.g. `EUR`. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'not an ISO 4217 code');

/**
 * POS config: one register. `checkSessionStateFrequency` in seconds; `maxUnverifiedSeconds`
 * (seconds, null = off) stops new orders when the session state has not been verified for that
 * long. `syncedRetentionDays` is the outbox's retention, `managerPinHash` guards the Held
 * orders area.
 */
export const PosConfigSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  currency: CurrencySchema,
  checkSessionStateFrequency: CheckFrequencySchema,
  maxUnverifiedSeconds: z.number().int().positive().nullable().default(null),
  currentSessionId: IdSchema.nullable(),
  /** Days `synced` outbox entries are kept before the worker prunes them. */
  syncedRetentionDays: SyncedRetentionDaysSchema.default(DEFAULT_SYNCED_RETENTION_DAYS),
  /** The manager PIN as PBKDF2 (see manager-pin.ts); null when no PIN is set. */
  managerPinHash: ManagerPinHashSchema.nullable().default(null),
  /**
   * Cash control: sessions open in `opening_control` until the float is counted, and close only
   * with the drawer counted. Off for a config that predates it.
   */
  cashControl: z.boolean().default(false),
  /** The shop's IANA time zone (`Europe/Paris`): which day a session belongs to in the day report. */
  timeZone: TimeZoneSchema.default('UTC'),
});
export type PosConfig = z.infer<typeof PosConfigSchema>;
