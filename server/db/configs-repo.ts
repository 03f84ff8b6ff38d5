import type { Db } from './open-database.js';

/** A `configs` row. Frequency and max unverified age in seconds. */
export interface ConfigRow {
  id: number;
  name: string;
  currency: string;
  check_session_state_frequency: number;
  max_unverified_seconds: number | null;
  /** Days tablets keep `synced` orders (schema step 2). */
  synced_retention_days: number;
  /** The manager PIN's PBKDF2 as JSON (ManagerPinHash), null when none is set. */
  manager_pin_hash: string | null;
}

/** All configs by id. */
export function listConfigs(db: Db): ConfigRow[] {
  return db.prepare('SELECT * FROM configs ORDER BY id').all() as ConfigRow[];
}

/** The config `id`, or undefined. */
export function getConfig(db: Db, id: number): ConfigRow | undefined {
  return db.prepare('SELECT * FROM configs WHERE id = ?').get(id) as ConfigRow | undefined;
}

/** A new config: name, ISO 4217 currency, check frequency (s). */
export interface NewConfig {
  name: string;
  currency: string;
  checkSessionStateFrequency: number;
}

/** Inserts config `config` (validated, name free) and returns its row. */
export function createConfig(db: Db, config: NewConfig): ConfigRow {
  const id = Number(
    db
      .prepare('INSERT INTO configs (name, currency, check_session_state_frequency, max_unverified_seconds) VALUES (?, ?, ?, NULL)')
      .run(config.name, config.currency, config.checkSessionStateFrequency).lastInsertRowid,
  );
  const row = getConfig(db, id);
  if (!row) throw new Error(`config ${id} vanished after insert`);
  return row;
}

/** Fields a PATCH may change; `undefined` leaves a field as it is, `null` clears the max age. */
export interface ConfigChanges {
  name?: string | undefined;
  checkSessionStateFrequency?: number | undefined;
  maxUnverifiedSeconds?: number | null | undefined;
  syncedRetentionDays?: number | undefined;
  /** JSON of the new PIN hash; null removes the PIN. */
  managerPinHash?: string | null | undefined;
}

/** Applies `changes` to config `id` (already validated). */
export function updateConfig(db: Db, id: number, changes: ConfigChanges): void {
  if (changes.name !== undefined) db.prepare('UPDATE configs SET name = ? WHERE id = ?').run(changes.name, id);
  if (changes.checkSessionStateFrequency !== undefined) {
    db.prepare('UPDATE configs SET check_session_state_frequency = ? WHERE id = ?').run(changes.checkSessionStateFrequency, id);
  }
  if (changes.maxUnverifiedSeconds !== undefined) {
    db.prepare('UPDATE configs SET max_unverified_seconds = ? WHERE id = ?').run(changes.maxUnverifiedSeconds, id);
  }
  if (changes.syncedRetentionDays !== undefined) {
    db.prepare('UPDATE configs SET synced_retention_days = ? WHERE id = ?').run(changes.syncedRetentionDays, id);
  }
  if (changes.managerPinHash !== undefined) {
    db.prepare('UPDATE configs SET manager_pin_hash = ? WHERE id = ?').run(changes.managerPinHash, id);
  }
}
