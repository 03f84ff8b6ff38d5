import type { Executor } from './database.js';
import type { EngineDialect } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import { seedIfEmpty } from './seed.js';

/** `applied_at` of the steps an older server applied before schema_migrations existed. */
export const LEGACY_APPLIED_AT = 'before schema_migrations';

/** What {@link migrate} did: the steps it ran now (by name) and whether it seeded the demo. */
export interface MigrationOutcome {
  applied: string[];
  seeded: boolean;
}

/**
 * Brings the database to the latest schema step (migrations/index.ts) and seeds the demo when it
 * has no config, in ONE transaction that first takes the migration lock (dialect.ts): two
 * instances started together on an empty PostgreSQL database both come up, the first makes the
 * schema and the demo, the second waits, then finds nothing to do. Applied steps are recorded in
 * `schema_migrations`. An SQLite file made before that table existed counts the steps its
 * `PRAGMA user_version` says as applied (no bridge step for a shop that upgrades). Throws when
 * the database is newer than this server, and when a step fails (nothing is changed then).
 */
export async function migrate(
  db: Executor,
  dialect: EngineDialect,
  now: Date = new Date(),
): Promise<MigrationOutcome> {
  return db.transaction().execute(async (trx) => {
    await dialect.takeMigrationLock(trx);
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const done = new Set(
      (await trx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version),
    );
    const legacy = done.size === 0 ? await dialect.legacySchemaVersion(trx) : 0;
    const newest = Math.max(legacy, ...done);
    if (newest > MIGRATIONS.length) {
      throw new Error(
        `The database is at schema step ${newest}, made by a newer pos-shell; this one knows ${MIGRATIONS.length} steps. Start the newer version.`,
      );
    }
    const applied: string[] = [];
    for (const [index, step] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      const fresh = version > legacy;
      if (fresh) {
        await step.up(trx, dialect);
        applied.push(step.name);
      }
      await trx
        .insertInto('schema_migrations')
        .values({ version, name: step.name, applied_at: fresh ? now.toISOString() : LEGACY_APPLIED_AT })
        .execute();
    }
    const seeded = await seedIfEmpty(trx, now);
    return { applied, seeded };
  });
}
