import type { ConfigRow, Executor } from './database.js';

export type { ConfigRow };

/** All configs by id. */
export async function listConfigs(db: Executor): Promise<ConfigRow[]> {
  return db.selectFrom('configs').selectAll().orderBy('id').execute();
}

/** The config `id`, or undefined. */
export async function getConfig(db: Executor, id: number): Promise<ConfigRow | undefined> {
  return db.selectFrom('configs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** True when the database has at least one config (the demo is seeded only when it has none). */
export async function hasAnyConfig(db: Executor): Promise<boolean> {
  return (await db.selectFrom('configs').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Config `id`, locked until the transaction `trx` ends (PostgreSQL): pairings of one config wait
 * for each other, so two tablets paired at once cannot both take the lowest free number. `NO KEY`:
 * rows that merely reference the config (a session opened meanwhile) need not wait. Undefined
 * when there is no such config.
 */
export async function lockConfig(trx: Executor, id: number): Promise<ConfigRow | undefined> {
  return trx.selectFrom('configs').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/** True when a config other than `exceptId` is named `name`. */
export async function configNameTaken(db: Executor, name: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('configs').select('id').where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * A new config: name, ISO 4217 currency, check frequency (s); cash control (default off) and IANA
 * time zone (default `UTC`).
 */
export interface NewConfig {
  name: string;
  currency: string;
  checkSessionStateFrequency: number;
  cashControl?: boolean | undefined;
  timeZone?: string | undefined;
}

/**
 * Inserts config `config` (validated) and returns its row. A name already in use is a unique
 * violation (isUniqueViolation), also when another request took it at the same moment.
 */
export async function createConfig(db: Executor, config: NewConfig): Promise<ConfigRow> {
  return db
    .insertInto('configs')
    .values({
      name: config.name,
      currency: config.currency,
      check_session_state_frequency: config.checkSessionStateFrequency,
      max_unverified_seconds: null,
      ...(config.cashControl !== undefined ? { cash_control: config.cashControl ? 1 : 0 } : {}),
      ...(config.timeZone !== undefined ? { time_zone: config.timeZone } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Fields a PATCH may change; `undefined` leaves a field as it is, `null` clears the max age. */
export interface ConfigChanges {
  name?: string | undefined;
  checkSessionStateFrequency?: number | undefined;
  maxUnverifiedSeconds?: number | null | undefined;
  syncedRetentionDays?: number | undefined;
  /** JSON of the new PIN hash; null removes the PIN. */
  managerPinHash?: string | null | undefined;
  cashControl?: boolean | undefined;
  timeZone?: string | undefined;
}

/**
 * Applies `changes` to config `id` (already validated) in one statement; returns the row after,
 * or undefined when there is no such config. A name in use is a unique violation.
 */
export async function updateConfig(
  db: Executor,
  id: number,
  changes: ConfigChanges,
): Promise<ConfigRow | undefined> {
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.checkSessionStateFrequency !== undefined
      ? { check_session_state_frequency: changes.checkSessionStateFrequency }
      : {}),
    ...(changes.maxUnverifiedSeconds !== undefined
      ? { max_unverified_seconds: changes.maxUnverifiedSeconds }
      : {}),
    ...(changes.syncedRetentionDays !== undefined
      ? { synced_retention_days: changes.syncedRetentionDays }
      : {}),
    ...(changes.managerPinHash !== undefined ? { manager_pin_hash: changes.managerPinHash } : {}),
    ...(changes.cashControl !== undefined ? { cash_control: changes.cashControl ? 1 : 0 } : {}),
    ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
  };
  if (Object.keys(set).length === 0) return getConfig(db, id);
  return db.updateTable('configs').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Raises the catalog version of config `configId` by one and returns the new version, or
 * undefined for an unknown config. Run it in the transaction that changes the config's products,
 * so a till never sees the new version before the change it stands for.
 */
export async function bumpCatalogVersion(db: Executor, configId: number): Promise<number | undefined> {
  const row = await db
    .updateTable('configs')
    .set((eb) => ({ catalog_version: eb('catalog_version', '+', 1) }))
    .where('id', '=', configId)
    .returning('catalog_version')
    .executeTakeFirst();
  return row?.catalog_version;
}
