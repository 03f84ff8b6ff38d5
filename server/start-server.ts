import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { RequestObserver } from './app-deps.js';
import type { LogLine } from './request-log.js';
import { buildApp } from './app.js';
import { resolveAdminToken } from './auth/admin-token.js';
import { openDatabase, type Db } from './db/open-database.js';
import { parsePublicUrl } from './public-url.js';
import { packageVersion } from './version.js';

/** Options of {@link startServer}; `port` 0 picks a free port. */
export interface StartServerOptions {
  /** Folder of `pos.sqlite` (created if missing). */
  dataDir: string;
  /** Folder of the built till (`dist`); the API works without it (`/` answers 503). */
  staticDir: string;
  port: number;
  host: string;
  logger?: FastifyServerOptions['logger'];
  /** Sees every routed request before its handler (tests count requests with it). */
  observe?: RequestObserver;
  /**
   * Receives one line per request, `GET /api/sessions/1 200 2.1 ms` (request-log.ts); `npm start`
   * writes them to standard output. Absent (tests): no request log.
   */
  requestLog?: LogLine;
  /**
   * The manager's token; when absent, the one kept in `dataDir/admin-token` (made on the first
   * start). See resolveAdminToken.
   */
  adminToken?: string;
  /** Pairing attempts per address and minute (default 10). */
  pairingAttemptsPerMinute?: number;
  /** Behind a reverse proxy: client addresses from X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy?: boolean;
  /** The address tablets reach (POS_PUBLIC_URL): checked here (parsePublicUrl), used in pairing links. */
  publicUrl?: string;
  /** PEM certificate and key: serve HTTPS (the URL then says https). */
  https?: { cert: Buffer; key: Buffer };
}

/** A running server: its base URL without a trailing slash, the app, and `close()`. */
export interface RunningServer {
  url: string;
  /** The manager's token and whether this start generated it (print it once). */
  admin: { token: string; generated: boolean };
  app: FastifyInstance;
  /** Ends event streams, stops listening and closes the database; safe to call twice. */
  close: () => Promise<void>;
}

/**
 * How long (ms) close() waits for open connections before cutting them. Requests take
 * milliseconds (SQLite writes are synchronous), so what is left after this is an idle keep-alive
 * socket a client opened without a request.
 */
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * Hosts reachable as `localhost` from this machine (loopback or every interface); the URL then
 * says `localhost`, a secure context for service workers without HTTPS.
 */
const LOCALHOST_REACHABLE = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '::']);

/**
 * Opens the database in `dataDir` (schema, seed), builds the app and listens on `host:port`.
 * Resolves once listening; `url` carries the real port (e.g. `http://localhost:43121`). Rejects
 * before touching the data folder when `publicUrl` or the admin token cannot be used, and when
 * the port is taken or the database cannot be opened.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const publicUrl = options.publicUrl ? parsePublicUrl(options.publicUrl) : undefined;
  const admin = options.adminToken
    ? { token: resolveAdminToken(options.dataDir, options.adminToken).token, generated: false }
    : resolveAdminToken(options.dataDir, undefined);
  const db = openDatabase(options.dataDir);
  const app = buildApp({
    db,
    adminToken: admin.token,
    ...(options.https ? { https: options.https } : {}),
    ...(options.pairingAttemptsPerMinute ? { pairingAttemptsPerMinute: options.pairingAttemptsPerMinute } : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    staticDir: options.staticDir,
    version: packageVersion(),
    logger: options.logger,
    observe: options.observe,
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= shutDown(app, db);
    return closing;
  };
  const scheme = options.https ? 'https' : 'http';
  return { url: `${scheme}://${urlHost(options.host)}:${port}`, admin: { token: admin.token, generated: admin.generated }, app, close };
}

/** The host part of the server's URL: `localhost` where it works, IPv6 in brackets. */
function urlHost(host: string): string {
  if (LOCALHOST_REACHABLE.has(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Closes the app (ending event streams), cutting connections left after the grace, then the database. */
async function shutDown(app: FastifyInstance, db: Db): Promise<void> {
  const force = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
    db.close();
  }
}
