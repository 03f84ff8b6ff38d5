import { rmSync } from 'node:fs';
import { connect, type ConnectedDatabase } from '../../server/db/connect.js';
import { migrate } from '../../server/db/migrate.js';
import { createTestDatabase } from './postgres.js';
import { makeTempDir } from './temp-dir.js';

/**
 * The engine this run tests: `postgres` in the `server-pg` project (POS_TEST_ENGINE, set by
 * vitest.config.ts when TEST_DATABASE_URL is), else `sqlite` (every other project, and the benches).
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' =
  process.env.POS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The database of one test server: its PostgreSQL URL (none on SQLite), and how to remove it. */
export interface EngineDatabase {
  /** A fresh, empty PostgreSQL database; undefined on SQLite (the server makes its file in its data dir). */
  databaseUrl?: string;
  /** Drops the PostgreSQL database (nothing on SQLite); never throws. */
  drop: () => Promise<void>;
}

/** A fresh database for one test server on {@link TEST_ENGINE}. */
export async function testDatabase(): Promise<EngineDatabase> {
  if (TEST_ENGINE === 'sqlite') return { drop: async () => undefined };
  const database = await createTestDatabase();
  return { databaseUrl: database.url, drop: database.drop };
}

/**
 * A migrated and seeded database of its own on {@link TEST_ENGINE}, opened without a server (for
 * tests that build the app themselves or read what is stored); `dispose()` closes and removes it.
 */
export async function openTestDatabase(): Promise<ConnectedDatabase & { dispose: () => Promise<void> }> {
  const dataDir = makeTempDir();
  const database = await testDatabase();
  const connected = await connect(
    database.databaseUrl ? { engine: 'postgres', url: database.databaseUrl } : { engine: 'sqlite', dataDir },
  );
  await migrate(connected.db, connected.dialect);
  return {
    ...connected,
    dispose: async () => {
      await connected.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
