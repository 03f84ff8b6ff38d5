import type { PosConfig } from '../src/domain/pos-config.js';
import { readPinHash } from './config/manager-pin-hash.js';
import type { ConfigRow, Executor } from './db/database.js';
import { findUnclosedSession } from './db/sessions-repo.js';

/**
 * The API shape of a config: `currentSessionId` is its latest session that is not `closed`, else
 * null. Frequency and max unverified age in seconds. The manager PIN shows only as its PBKDF2
 * hash (tablets verify it offline), never as the PIN. `cashControl` and `timeZone`: see PosConfigSchema.
 */
export async function configView(db: Executor, row: ConfigRow): Promise<PosConfig> {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    checkSessionStateFrequency: row.check_session_state_frequency,
    maxUnverifiedSeconds: row.max_unverified_seconds,
    currentSessionId: (await findUnclosedSession(db, row.id))?.id ?? null,
    syncedRetentionDays: row.synced_retention_days,
    managerPinHash: readPinHash(row.manager_pin_hash),
    cashControl: row.cash_control === 1,
    timeZone: row.time_zone,
  };
}
