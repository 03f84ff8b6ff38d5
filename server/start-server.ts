import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { RequestObserver } from './app-deps.js';
import type { LogLine } from './request-log.js';
import { buildApp } from './app.js';
import { resolveAdminToken, resolveAdminTokenInDatabase } from './auth/admin-token.js';
import { BackupSchedule, type BackupScheduleSettings } from './backup/schedule.js';
import { connect, parseDatabaseUrl, type ConnectedDatabase, type DatabaseConfig } from './db/connect.js';
import type { Executor } from './db/database.js';
import type { Engine } from './db/dialect.js';
import { isDatabaseUnavailable } from './db/dialect.js';
import { migrate } from './db/migrate.js';
import { errorText } from './error-text.js';
import type { ChangeFeed } from './events/change-feed.js';
import { createPgChangeFeed } from './events/pg-change-feed.js';
import { LocalChangeFeed } from './events/local-change-feed.js';
import { parsePublicUrl } from './public-url.js';
import { packageVersion } from './version.js';

/** Options of {@link startServer}; `port` 0 picks a free port. */
export interface StartServerOptions {
  /**
   * The instance's data folder: `pos.sqlite` (created if missing) when `databaseUrl` is unset, and
   * the generated admin token.
   */
  dataDir: string;
  /** `postgres://…` or `postgresql://…` (DATABASE_URL): the data is in PostgreSQL, not in `dataDir`. */
  databaseUrl?: string;
  /**
   * How session and config changes reach every instance's event streams; default
   * {@link changeFeedFor} the database.
   */
  changeFeed?: ChangeFeed;
  /** PostgreSQL only: where the change feed LISTENs when not at `databaseUrl` (DATABASE_LISTEN_URL). */
  databaseListenUrl?: string;
  /** Receives the server's own lines besides the request log (the change feed's); default stderr. */
  log?: (line: string) => void;
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
   * The manager's token (POS_ADMIN_TOKEN); when absent, a generated one: on SQLite kept in
   * `dataDir/admin-token` (resolveAdminToken), on PostgreSQL kept hashed in the database
   * (resolveAdminTokenInDatabase). Either is made on the first start.
   */
  adminToken?: string;
  /** Pairing attempts per address and minute (default 10). */
  pairingAttemptsPerMinute?: number;
  /** Unknown tokens per address and minute before 429 (default 10). */
  tokenFailuresPerMinute?: number;
  /** Behind a reverse proxy: client addresses from X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy?: boolean;
  /** The address tablets reach (POS_PUBLIC_URL): checked here (parsePublicUrl), used in pairing links. */
  publicUrl?: string;
  /** PEM certificate and key: serve HTTPS (the URL then says https). */
  https?: { cert: Buffer; key: Buffer };
  /**
   * Scheduled backups of the SQLite database (POS_BACKUP_EVERY_H, backupScheduleFromEnv); refused
   * with `databaseUrl` (PostgreSQL is backed up with pg_dump, outside the server).
   */
  backup?: BackupScheduleSettings;
}

/** A running server: its base URL without a trailing slash, the app, and `close()`. */
export interface RunningServer {
  url: string;
  /** The database it runs on (tests read what is stored through `db`; close() closes it). */
  database: { engine: Engine; where: string; db: Executor };
  /**
   * The manager's token, whether this start generated it (print it once), and where it is kept:
   * `env` (POS_ADMIN_TOKEN), `file` (`dataDir/admin-token`, SQLite), `database` (hashed,
   * PostgreSQL: `token` is null except on the start that generated it).
   */
  admin: RunningAdmin;
  app: FastifyInstance;
  /** The scheduled backups, null when off; close() stops them (waiting for one under way). */
  backups: BackupSchedule | null;
  /**
   * Drains: stops listening, ends event streams, lets requests in flight finish, stops the change
   * feed and closes the database; safe to call twice.
   */
  close: () => Promise<void>;
}

/** What {@link RunningServer.admin} says. */
export interface RunningAdmin {
  token: string | null;
  generated: boolean;
  source: 'env' | 'file' | 'database';
}

/**
 * How long (ms) close() lets requests in flight finish before cutting their connections. A
 * request's database work is bounded (pg-pool.ts: 3 s to connect, 5 s a statement), so one still
 * running after this is stuck; below the 30 s most process managers give between SIGTERM and
 * SIGKILL.
 */
export const DRAIN_TIMEOUT_MS = 15_000;

/**
 * While draining, a connection that has no request in flight after this long (ms) is closed: one
 * a client opened ahead and never used (Node counts it as receiving a request, so it is not
 * "idle"). A request already on its way has had the time to arrive.
 */
const UNUSED_CONNECTION_GRACE_MS = 1_000;

/**
 * While draining, connections that have become idle (their request answered, an event stream
 * ended) are closed this often (ms), so close() ends as soon as the last request does instead of
 * waiting for keep-alive sockets to time out.
 */
const DRAIN_SWEEP_MS = 50;

/**
 * Hosts reachable as `localhost` from this machine (loopback or every interface); the URL then
 * says `localhost`, a secure context for service workers without HTTPS.
 */
const LOCALHOST_REACHABLE = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '::']);

/**
 * The change feed for `database`: on SQLite the embedded one (one process); on PostgreSQL the
 * one that reaches every instance on that database (pg_notify, heard on a LISTEN connection to
 * `listenUrl`, else the database's own URL: DATABASE_LISTEN_URL is for setups where the main URL
 * goes through a transaction pooler, which cannot LISTEN). `log` gets the feed's lines (a lost
 * connection, its return).
 */
export function changeFeedFor(
  database: DatabaseConfig,
  options: { listenUrl?: string; log?: (line: string) => void } = {},
): ChangeFeed {
  if (database.engine === 'sqlite') return new LocalChangeFeed();
  return createPgChangeFeed({
    listenUrl: options.listenUrl ?? database.url,
    log: options.log ?? ((line) => console.warn(`pos-shell: ${line}`)),
  });
}

/**
 * Opens the database (PostgreSQL at `databaseUrl`, else SQLite in `dataDir`), brings its schema up
 * to date and seeds an empty one (migrate.ts), builds the app and listens on `host:port`.
 * Resolves once listening; `url` carries the real port (e.g. `http://localhost:43121`). Rejects
 * before touching the data folder when `publicUrl`, `databaseUrl` or the admin token cannot be
 * used, and when the port is taken or the database cannot be opened or migrated.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const publicUrl = options.publicUrl ? parsePublicUrl(options.publicUrl) : undefined;
  if (options.backup && options.databaseUrl) {
    throw new Error(
      'POS_BACKUP_EVERY_H schedules backups of the embedded SQLite database; with DATABASE_URL back PostgreSQL up with npm run backup (pg_dump), from cron or a systemd timer.',
    );
  }
  const config: DatabaseConfig = options.databaseUrl
    ? { engine: 'postgres', url: parseDatabaseUrl(options.databaseUrl) }
    : { engine: 'sqlite', dataDir: options.dataDir };
  // POS_ADMIN_TOKEN is checked before anything is opened. Without it SQLite keeps a generated
  // token in its data folder as it always did (an existing file keeps working); PostgreSQL keeps
  // it hashed in the database (prepare), writing nothing to the data folder.
  const given = options.adminToken ?? (config.engine === 'sqlite' ? undefined : null);
  const known = given === null ? null : resolveAdminToken(options.dataDir, given);
  const log = options.log ?? ((line: string) => console.warn(`pos-shell: ${line}`));
  const database = await connect(config, { log });
  const prepared = await prepare(database, config, options, known, publicUrl).catch(
    async (error: unknown) => {
      await database.close();
      throw isDatabaseUnavailable(error) ? unreachable(database, error) : error;
    },
  );
  const { app, admin, backups } = prepared;
  const sockets = trackSockets(app.server, options.https ? 'secureConnection' : 'connection');
  try {
    await app.listen({ port: options.port, host: options.host });
    backups?.start();
  } catch (error) {
    await backups?.stop();
    await app.close();
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= shutDown(app, database, sockets, backups);
    return closing;
  };
  const scheme = options.https ? 'https' : 'http';
  return {
    url: `${scheme}://${urlHost(options.host)}:${port}`,
    database: { engine: database.engine, where: database.where, db: database.db },
    admin,
    app,
    backups,
    close,
  };
}

/**
 * Migrates `database`, reads (or makes) the admin token kept in it when `known` is null, and
 * builds the app on it (not listening yet).
 */
async function prepare(
  database: ConnectedDatabase,
  config: DatabaseConfig,
  options: StartServerOptions,
  known: { token: string; source: 'env' | 'file'; generated: boolean } | null,
  publicUrl: string | undefined,
): Promise<{ app: FastifyInstance; admin: RunningAdmin; backups: BackupSchedule | null }> {
  await database.withoutTimeBounds((db) => migrate(db, database.dialect));
  const backups =
    options.backup && database.sqlite
      ? new BackupSchedule(options.backup, {
          source: database.sqlite.handle,
          ...(options.log ? { log: options.log } : {}),
        })
      : null;
  let admin: RunningAdmin;
  let adminToken: string | { hash: string };
  if (known) {
    admin = { token: known.token, generated: known.generated, source: known.source };
    adminToken = known.token;
  } else {
    const stored = await resolveAdminTokenInDatabase(database.db, new Date());
    admin = { token: stored.token, generated: stored.generated, source: 'database' };
    adminToken = { hash: stored.hash };
  }
  const app = buildApp({
    db: database.db,
    changes:
      options.changeFeed ??
      changeFeedFor(config, {
        ...(options.databaseListenUrl ? { listenUrl: parseDatabaseUrl(options.databaseListenUrl) } : {}),
        ...(options.log ? { log: options.log } : {}),
      }),
    adminToken,
    ...(options.https ? { https: options.https } : {}),
    ...(options.pairingAttemptsPerMinute
      ? { pairingAttemptsPerMinute: options.pairingAttemptsPerMinute }
      : {}),
    ...(options.tokenFailuresPerMinute ? { tokenFailuresPerMinute: options.tokenFailuresPerMinute } : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    staticDir: options.staticDir,
    version: packageVersion(),
    logger: options.logger,
    observe: options.observe,
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
    ...(backups ? { backups: () => backups.status() } : {}),
  });
  return { app, admin, backups };
}

/**
 * The error a start gets when the database cannot be reached: where it was looked for (host and
 * port, never a password), what the driver said, and what to check.
 */
function unreachable(database: ConnectedDatabase, error: unknown): Error {
  return new Error(
    `${database.where} cannot be reached (${errorText(error)}): check that PostgreSQL runs there and that DATABASE_URL names it.`,
    { cause: error },
  );
}

/** The host part of the server's URL: `localhost` where it works, IPv6 in brackets. */
function urlHost(host: string): string {
  if (LOCALHOST_REACHABLE.has(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Drains and closes: stops accepting connections (a request arriving on an open keep-alive
 * connection answers 503 with `Connection: close`), ends the event streams (tills reconnect,
 * through the proxy, to another instance), lets requests in flight finish (at most
 * {@link DRAIN_TIMEOUT_MS}), stops the change feed and the scheduled backups (one under way ends first),
 * then closes the database (the pool).
 */
async function shutDown(
  app: FastifyInstance,
  database: ConnectedDatabase,
  sockets: TrackedSockets,
  backups: BackupSchedule | null,
): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), DRAIN_SWEEP_MS);
  const unused = setTimeout(() => sockets.closeUnused(), UNUSED_CONNECTION_GRACE_MS);
  const force = setTimeout(() => app.server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(unused);
    clearTimeout(force);
    // A backup under way reads through the database's connection: it ends first.
    await backups?.stop();
    await database.close();
  }
}

/** The server's connections, to close those with no request in flight. */
interface TrackedSockets {
  /** Destroys every connection that has no response in progress. */
  closeUnused: () => void;
}

/**
 * Follows the connections of `server` (`event`: `connection`, or `secureConnection` for HTTPS,
 * whose sockets are the ones requests carry) and how many responses each has in progress.
 */
function trackSockets(
  server: FastifyInstance['server'],
  event: 'connection' | 'secureConnection',
): TrackedSockets {
  const open = new Set<Socket>();
  const inFlight = new Map<Socket, number>();
  server.on(event, (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      inFlight.delete(socket);
    });
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (left > 0) inFlight.set(socket, left);
      else inFlight.delete(socket);
    });
  });
  return {
    closeUnused: () => {
      for (const socket of open) if (!inFlight.has(socket)) socket.destroy();
    },
  };
}
