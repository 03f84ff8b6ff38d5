import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** scripts/pg-throwaway.sh: initdb into a temp dir, a free port on 127.0.0.1, trust authentication. */
const SCRIPT = fileURLToPath(new URL('../pg-throwaway.sh', import.meta.url));

/** A throwaway PostgreSQL cluster of Debian's package. */
export interface ThrowawayPostgres {
  /** `postgresql://postgres@127.0.0.1:PORT/<database>` (trust authentication, no password). */
  url: string;
  /** Its folder (data, socket, log), removed by stop(). */
  dir: string;
  /** Stops it at once (immediate shutdown) and removes its folder; never rejects. */
  stop: () => Promise<void>;
}

/**
 * Starts a throwaway cluster with one empty database `database` (about 1.5 s). pg_ctl puts the
 * server in a session of its own: a Ctrl+C meant for the cluster's command does not reach it, the
 * command stops it last. Rejects with the script's message (PostgreSQL not installed).
 */
export async function startThrowawayPostgres(database: string): Promise<ThrowawayPostgres> {
  const { stdout } = await run(SCRIPT, ['start', database]).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(`Cannot start a throwaway PostgreSQL: ${error.stderr?.trim() || error.message}`);
    },
  );
  const vars: Partial<Record<string, string>> = Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
  );
  const dir = vars.PG_THROWAWAY_DIR;
  const url = vars.TEST_DATABASE_URL;
  if (!dir || !url) throw new Error(`scripts/pg-throwaway.sh said: ${stdout}`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    dir,
    stop: () =>
      (stopping ??= run(SCRIPT, ['stop', dir]).then(
        () => undefined,
        () => undefined,
      )),
  };
}
