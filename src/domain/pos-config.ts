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

export const CheckFrequencySchema = z
  .int()
  .check(z.minimum(MIN_CHECK_FREQUENCY_S), z.maximum(MAX_CHECK_FREQUENCY_S));

export const SyncedRetentionDaysSchema = z.int().check(z.minimum(1), z.maximum(MAX_SYNCED_RETENTION_DAYS));

/** An IANA time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export const TimeZoneSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.refine(isTimeZone, 'not a time zone name (such as Europe/Paris)'),
  );

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
export const CurrencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'not an ISO 4217 code'));

/**
 * POS config: one register. `checkSessionStateFrequency` in seconds; `maxUnverifiedSeconds`
 * (seconds, null = off) stops new orders when the session state has not been verified for that
 * long. `syncedRetentionDays` is the outbox's retention, `managerPinHash` guards the Held
 * orders area.
 */
export const PosConfigSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  currency: CurrencySchema,
  checkSessionStateFrequency: CheckFrequencySchema,
  maxUnverifiedSeconds: z._default(z.nullable(z.int().check(z.positive())), null),
  currentSessionId: z.nullable(IdSchema),
  /** Days `synced` outbox entries are kept before the worker prunes them. */
  syncedRetentionDays: z._default(SyncedRetentionDaysSchema, DEFAULT_SYNCED_RETENTION_DAYS),
  /** The manager PIN as PBKDF2 (see manager-pin.ts); null when no PIN is set. */
  managerPinHash: z._default(z.nullable(ManagerPinHashSchema), null),
  /**
   * Cash control: sessions open in `opening_control` until the float is counted, and close only
   * with the drawer counted. Off for a config that predates it.
   */
  cashControl: z._default(z.boolean(), false),
  /** The shop's IANA time zone (`Europe/Paris`): which day a session belongs to in the day report. */
  timeZone: z._default(TimeZoneSchema, 'UTC'),
});
export type PosConfig = z.infer<typeof PosConfigSchema>;
