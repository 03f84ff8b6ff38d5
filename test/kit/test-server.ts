import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/start-server.js';
import { TEST_ADMIN_TOKEN } from './admin-token.js';
import { makeTempDir } from './temp-dir.js';
import { testDatabase } from './test-database.js';

/** The built app (`npm run build` makes it; the browser suite and the benches serve it). */
export const STATIC_DIR = join(process.cwd(), 'dist');

/** What {@link launchServer} may be told besides what startServer takes; everything has a default. */
export interface LaunchOptions extends Partial<Omit<StartServerOptions, 'port' | 'host' | 'adminToken'>> {
  /** The manager's token; default {@link TEST_ADMIN_TOKEN}; null gives none (the server generates one). */
  adminToken?: string | null;
}

/** A real server on 127.0.0.1 over data of its own, which it can stop and start again on the same port. */
export interface LaunchedServer {
  /** `http://localhost:<port>`, the same across stop() and start(). */
  url: string;
  port: number;
  dataDir: string;
  /** The running server (its app, database and admin token); throws while stopped. */
  running: () => RunningServer;
  /** Stops listening (a drain), keeping the data: the server is down, the LAN is up. */
  stop: () => Promise<void>;
  /** Listens again on the same port over the same data (no-op while running). */
  start: () => Promise<void>;
  /**
   * Kills the server (open connections cut at once, as a crash would), runs `whileDown` if given,
   * then starts it again on the same port over the same data.
   */
  restart: (whileDown?: () => Promise<void>) => Promise<void>;
  /** Stops it, then removes the data folder and the database it made (never those it was given). */
  close: () => Promise<void>;
}

/**
 * Starts the real server (server/start-server.ts) on 127.0.0.1, a free port, over a fresh temp data
 * folder and a fresh database of {@link TEST_ENGINE} (a SQLite file in that folder, or a database of
 * its own on the test cluster), signed with {@link TEST_ADMIN_TOKEN}, serving no build unless
 * `staticDir` says (the API works without it). `options` pass on to startServer. Throws what
 * startServer throws, after removing what it made.
 */
export async function launchServer(options: LaunchOptions = {}): Promise<LaunchedServer> {
  const { adminToken = TEST_ADMIN_TOKEN, dataDir: givenDir, databaseUrl: givenUrl, ...rest } = options;
  const dataDir = givenDir ?? makeTempDir();
  const database = givenUrl ? null : await testDatabase();
  const databaseUrl = givenUrl ?? database?.databaseUrl;
  const removeMade = async (): Promise<void> => {
    await database?.drop();
    if (!givenDir) await rm(dataDir, { recursive: true, force: true });
  };
  const listen = (port: number): Promise<RunningServer> =>
    startServer({
      staticDir: join(dataDir, 'no-dist'),
      ...rest,
      dataDir,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(adminToken === null ? {} : { adminToken }),
      port,
      host: '127.0.0.1',
    });
  let server: RunningServer | null;
  try {
    server = await listen(0);
  } catch (error) {
    await removeMade();
    throw error;
  }
  const url = server.url;
  const port = Number(new URL(url).port);
  const stop = async (): Promise<void> => {
    const current = server;
    server = null;
    await current?.close();
  };
  return {
    url,
    port,
    dataDir,
    running: () => {
      if (!server) throw new Error(`the test server on port ${port} is stopped`);
      return server;
    },
    stop,
    start: async () => {
      server ??= await listen(port);
    },
    restart: async (whileDown) => {
      server?.app.server.closeAllConnections();
      await stop();
      await whileDown?.();
      server = await listen(port);
    },
    close: async () => {
      await stop();
      await removeMade();
    },
  };
}
