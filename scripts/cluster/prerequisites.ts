import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The one line that installs what `npm run cluster` needs (Debian's packages), said when one is missing. */
export const PREREQUISITE_LINE = 'apt-get install -y nginx postgresql';

/** Where Debian's PostgreSQL packages put their programs (`/usr/lib/postgresql/15/bin`). */
const POSTGRESQL_LIB = '/usr/lib/postgresql';

/**
 * Thrown when nginx, or PostgreSQL when a throwaway database is needed, is not installed; its
 * message names what is missing and gives {@link PREREQUISITE_LINE}.
 */
export class MissingPrerequisiteError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `npm run cluster needs ${missing.join(' and ')} from Debian's packages, not installed here. Install them with: ${PREREQUISITE_LINE}`,
    );
    this.name = 'MissingPrerequisiteError';
  }
}

/**
 * The nginx program: the first executable `nginx` on PATH or in /usr/sbin (not on a normal
 * user's PATH, where Debian installs it), or null.
 */
export function findNginx(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'];
  for (const dir of dirs) {
    const path = join(dir, 'nginx');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** True when a Debian PostgreSQL server (its `initdb`) is installed, as scripts/pg-throwaway.sh needs. */
export function hasPostgresServer(): boolean {
  let versions: string[];
  try {
    versions = readdirSync(POSTGRESQL_LIB);
  } catch {
    return false;
  }
  return versions.some((version) => {
    try {
      accessSync(join(POSTGRESQL_LIB, version, 'bin', 'initdb'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What is missing to start a cluster: `nginx`, and `PostgreSQL` when `needPostgres` (no
 * DATABASE_URL was given, so a throwaway one is started). Empty when all is there.
 */
export function missingPrerequisites(needPostgres: boolean): string[] {
  const missing: string[] = [];
  if (!findNginx()) missing.push('nginx');
  if (needPostgres && !hasPostgresServer()) missing.push('PostgreSQL');
  return missing;
}
