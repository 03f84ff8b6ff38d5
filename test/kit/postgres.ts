import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * PostgreSQL for tests. `.ci/run` starts a throwaway cluster (scripts/pg-throwaway.sh) and sets
 * TEST_DATABASE_URL; without it, PostgreSQL tests are skipped and `npm test` says so. Each test
 * server gets a database of its own on that cluster (CREATE DATABASE takes about 0.1 s); a test
 * that stops, restarts or kills PostgreSQL starts a cluster of its own.
 */

const run = promisify(execFile);
const SCRIPT = join(process.cwd(), 'scripts', 'pg-throwaway.sh');

/** The cluster of the test run (`postgresql://…/db`), or null when PostgreSQL is not tested. */
export const TEST_DATABASE_URL: string | null = process.env.TEST_DATABASE_URL || null;

/** A database made for one test (or one test server): its URL, and `drop()` to remove it. */
export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/**
 * Creates an empty database on the TEST_DATABASE_URL cluster, named `<prefix>_<random>`. Throws
 * when TEST_DATABASE_URL is unset. `drop()` ends its connections first (a server that did not
 * close its pool must not keep the database alive) and never throws.
 */
export async function createTestDatabase(prefix = 'pos'): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: no PostgreSQL to test on');
  return createDatabaseOn(TEST_DATABASE_URL, prefix);
}

/** Creates an empty database next to the one `clusterUrl` names (see createTestDatabase). */
export async function createDatabaseOn(clusterUrl: string, prefix = 'pos'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(clusterUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await admin(clusterUrl, async (client) => {
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
      }).catch(() => undefined);
    },
  };
}

/** A cluster of a test's own: stop, start and restart it to test faults; `dispose()` removes it. */
export interface PgCluster {
  /** URL of its first database (`pos_test`). */
  url: string;
  port: number;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  restart: () => Promise<void>;
  dispose: () => Promise<void>;
}

/** Starts a throwaway cluster (about 1.5 s) with scripts/pg-throwaway.sh. */
export async function startPgCluster(): Promise<PgCluster> {
  const { stdout } = await run(SCRIPT, ['start']);
  const vars = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const dir = vars.PG_THROWAWAY_DIR;
  const url = vars.TEST_DATABASE_URL;
  if (!dir || !url) throw new Error(`pg-throwaway.sh said: ${stdout}`);
  const pgCtl = async (action: string) => void (await run(SCRIPT, ['pg-ctl', dir, action]));
  return {
    url,
    port: Number(vars.PG_THROWAWAY_PORT),
    stop: () => pgCtl('stop'),
    start: () => pgCtl('start'),
    restart: () => pgCtl('restart'),
    dispose: async () => void (await run(SCRIPT, ['stop', dir])),
  };
}

/** Runs `work` on a connection to the cluster's `postgres` database, then closes it. */
async function admin<T>(clusterUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(clusterUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
