import { sql } from 'kysely';
import type { Executor } from './database.js';

/**
 * Asks the database for the smallest answer there is (`SELECT 1`), through the same pool and
 * bounds as requests: resolves when it answers, throws its error when it cannot (read by
 * databaseErrorKind: a lost connection or a time-out answers 503 database_unavailable).
 */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
