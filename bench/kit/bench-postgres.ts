import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { hasPostgresServer, PREREQUISITE_LINE } from '../../scripts/cluster/prerequisites.js';
import { startThrowawayPostgres } from '../../scripts/cluster/throwaway-postgres.js';
import { createDatabaseOn, type TestDatabase } from '../../test/kit/postgres.js';

const run = promisify(execFile);
const SCRIPT = join(process.cwd(), 'scripts', 'pg-throwaway.sh');

/** The PostgreSQL a bench runs on: fresh databases on it, and where it comes from (for the table). */
export interface BenchPostgres {
  /** In words, e.g. `throwaway cluster (PostgreSQL 15.14, fsync on)` or `DATABASE_URL (PostgreSQL 16.4, fsync on)`. */
  source: string;
  /** An empty database on that cluster (the app migrates and seeds it); `drop()` removes it. */
  newDatabase: (prefix: string) => Promise<TestDatabase>;
  /** Removes the throwaway cluster (nothing for a given one); never throws. */
  dispose: () => Promise<void>;
}

/** The variable naming the PostgreSQL to bench on, when one is given. */
function givenUrl(): { name: string; url: string } | null {
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL']) {
    const url = process.env[name];
    if (url) return { name, url };
  }
  return null;
}

/**
 * Why the PostgreSQL benches cannot run here, for the skipped row; null when they can (a URL is
 * given, or Debian's PostgreSQL is installed for a throwaway cluster).
 */
export function postgresMissing(): string | null {
  if (givenUrl() || hasPostgresServer()) return null;
  return `no DATABASE_URL or TEST_DATABASE_URL, and PostgreSQL is not installed for a throwaway cluster (${PREREQUISITE_LINE})`;
}

/**
 * The cluster of `DATABASE_URL`, else of `TEST_DATABASE_URL` (databases are created next to the one
 * it names: its role needs CREATEDB), else a throwaway cluster (scripts/pg-throwaway.sh) made
 * durable again: the script turns fsync off for tests, and SQLite, the other side of every
 * comparison, commits with `synchronous = FULL`. Its options file is the cluster's own (in its temp
 * folder), so the restart with fsync on changes nothing outside it.
 */
export async function benchPostgres(): Promise<BenchPostgres> {
  const given = givenUrl();
  if (given) {
    return {
      source: `${given.name} (PostgreSQL ${await serverVersion(given.url)})`,
      newDatabase: (prefix) => createDatabaseOn(given.url, prefix),
      dispose: async () => undefined,
    };
  }
  const throwaway = await startThrowawayPostgres('pos_bench');
  try {
    const opts = join(throwaway.dir, 'opts');
    await writeFile(opts, (await readFile(opts, 'utf8')).replace('-c fsync=off', '-c fsync=on'));
    await run(SCRIPT, ['pg-ctl', throwaway.dir, 'restart']);
    return {
      source: `throwaway cluster (PostgreSQL ${await serverVersion(throwaway.url)})`,
      newDatabase: (prefix) => createDatabaseOn(throwaway.url, prefix),
      dispose: throwaway.stop,
    };
  } catch (error) {
    await throwaway.stop();
    throw error;
  }
}

/** `15.14, fsync on`: the version of the cluster at `url` and whether it syncs its commits. */
async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version =
      (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
    const fsync = (await client.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync;
    return `${version.split(' ')[0]}, fsync ${fsync ?? '?'}`;
  } finally {
    await client.end();
  }
}
