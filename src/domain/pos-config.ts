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
});
export type PosConfig = z.infer<typeof PosConfigSchema>;
