import type { FastifyServerOptions } from 'fastify';
import type { BackupStatus } from '../src/domain/api/backups.js';
import type { Auth } from './auth/auth.js';
import type { Executor } from './db/database.js';
import type { ChangeFeed } from './events/change-feed.js';
import type { LogLine } from './request-log.js';
import type { SessionEvents } from './session-events.js';

/** One request as an observer sees it: method, URL with query, parsed JSON body (or undefined). */
export interface ObservedRequest {
  method: string;
  url: string;
  body: unknown;
}

/**
 * Called for every routed request once its body is parsed, before its handler (tests count
 * session checks and uploads with it). Must not throw.
 */
export type RequestObserver = (request: ObservedRequest) => void;

/** What {@link buildApp} needs. `now` is the server clock (tests may pass a fake). */
export interface AppDeps {
  db: Executor;
  /**
   * How session and config changes reach the event streams of every instance; the app starts it
   * when ready (with its handlers, push-to-streams.ts) and stops it when closing. Default: a
   * LocalChangeFeed (one instance).
   */
  changes?: ChangeFeed;
  /** Folder of the built till (`dist`); the API works without it. */
  staticDir: string;
  /** Version answered by `GET /api/health`. */
  version: string;
  /**
   * The manager's token (docs/ACCESS.md; at least 24 characters), or only its hash (hashToken)
   * when the token is kept hashed in the database.
   */
  adminToken: string | { hash: string };
  /** Pairing attempts per client address and minute (default 10; tests pairing many tablets raise it). */
  pairingAttemptsPerMinute?: number;
  /**
   * Unknown tokens per client address and minute before 429 (default MAX_TOKEN_FAILURES, 10;
   * tests that send many on purpose raise it).
   */
  tokenFailuresPerMinute?: number;
  /** Behind one reverse proxy: the client address is the last X-Forwarded-For entry (the proxy's). */
  trustProxy?: boolean;
  /** The origin tablets reach (POS_PUBLIC_URL, checked by parsePublicUrl); pairing links use it. */
  publicUrl?: string;
  /** PEM certificate and key: the app speaks HTTPS (TLS_CERT / TLS_KEY). */
  https?: { cert: Buffer; key: Buffer };
  events?: SessionEvents;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  observe?: RequestObserver;
  /** Receives one line per request (request-log.ts); absent: no request log (tests stay quiet). */
  requestLog?: LogLine;
  /** The scheduled backups' status (server/backup/schedule.ts) for `GET /api/backups/last`; absent: off. */
  backups?: () => BackupStatus;
}

/** What route modules receive. */
export interface RouteContext {
  db: Executor;
  auth: Auth;
  /** Call it inside the transaction of each session or config change tills must see. */
  changes: ChangeFeed;
  /** This instance's event streams (routes/events.ts subscribes; the change handlers publish). */
  events: SessionEvents;
  now: () => Date;
  /** POS_PUBLIC_URL's origin, or undefined: links then use the request's own origin. */
  publicUrl?: string;
}
