import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/cluster/free-port.js';
import { serverInstance } from '../../scripts/cluster/server-instance.js';
import { STATIC_DIR, TEST_ADMIN_TOKEN } from '../../test/browser/harness.js';

/** A server started as its own process (`server/main.ts`), as `npm run cluster` starts each instance. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** The Node process serving (its RSS and CPU are the server's, not the bench's). */
  pid: number;
  /** SIGTERM (the server drains), SIGKILL after 15 s; removes its data folder. */
  stop: () => Promise<void>;
}

/**
 * Starts one server process with the cluster's own launcher (scripts/cluster/server-instance.ts)
 * on a free port of 127.0.0.1, serving dist/ with the tests' admin token and TRUST_PROXY=1 (the
 * bench pairs hundreds of tablets, each from an address of its own given in X-Forwarded-For,
 * under the pairing rate limit): on SQLite in a temp folder, or on `databaseUrl`. Its request
 * lines are dropped. Resolves once `/api/health` answers; throws with its last lines when it does not.
 */
export async function startServerProcess(
  options: { databaseUrl?: string; number?: number } = {},
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-bench-server-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POS_DATA_DIR: dataDir,
    POS_STATIC_DIR: STATIC_DIR,
    POS_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    TRUST_PROXY: '1',
  };
  delete env.DATABASE_LISTEN_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const port = await freePort();
  const instance = serverInstance({ number: options.number ?? 1, port, env, log: () => undefined });
  const stop = async (): Promise<void> => {
    await instance.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await instance.start();
    const pid = instance.pid();
    if (pid === null) throw new Error('the server process has no pid');
    return { url: `http://127.0.0.1:${port}`, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
