import type { Db } from './open-database.js';

/** A `configs` row. Frequency and max unverified age in seconds. */
export interface ConfigRow {
  id: number;
  name: string;
  currency: string;
  check_session_state_frequency: number;
  max_unverified_seconds: number | null;
}

/** All configs by id. */
export function listConfigs(db: Db): ConfigRow[] {
  return db.prepare('SELECT * FROM configs ORDER BY id').all() as ConfigRow[];
}

/** The config `id`, or undefined. */
export function getConfig(db: Db, id: number): ConfigRow | undefined {
  return db.prepare('SELECT * FROM configs WHERE id = ?').get(id) as ConfigRow | undefined;
}

/** Fields a PATCH may change; `undefined` leaves a field as it is, `null` clears the max age. */
export interface ConfigChanges {
  checkSessionStateFrequency?: number | undefined;
  maxUnverifiedSeconds?: number | null | undefined;
}

/** Applies `changes` to config `id` (already validated). */
export function updateConfig(db: Db, id: number, changes: ConfigChanges): void {
  if (changes.checkSessionStateFrequency !== undefined) {
    db.prepare('UPDATE configs SET check_session_state_frequency = ? WHERE id = ?').run(changes.checkSessionStateFrequency, id);
  }
  if (changes.maxUnverifiedSeconds !== undefined) {
    db.prepare('UPDATE configs SET max_unverified_seconds = ? WHERE id = ?').run(changes.maxUnverifiedSeconds, id);
  }
}
