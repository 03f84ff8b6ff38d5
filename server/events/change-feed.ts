import type { Executor } from '../db/database.js';

/**
 * What an instance does when a change reaches it (from itself or from another instance): each
 * handler re-reads from the database and pushes to this instance's own event streams. A handler
 * never throws (it logs).
 */
export interface ChangeHandlers {
  /** Session `sessionId` changed: re-read it and push it to the streams that follow it here. */
  session(sessionId: number): void;
  /** Config `configId` changed (frequency, max unverified age, catalog version): push its followed sessions again. */
  config(configId: number): void;
  /**
   * Changes may have been missed (the listener reconnected, or started late): re-read every
   * session a stream follows on this instance.
   */
  resync(): void;
}

/**
 * Where a feed that listens to other instances stands (pg-change-feed.ts): `idle` (not started,
 * or its start failed), `connecting` (first connection), `listening`, `reconnecting` (the
 * connection was lost: changes from other instances do not arrive until it is back, then every
 * followed session is re-read), `stopped`.
 */
export type ChangeFeedState = 'idle' | 'connecting' | 'listening' | 'reconnecting' | 'stopped';

/**
 * How session and config changes reach every server instance. Routes call {@link sessionChanged}
 * and {@link configChanged} INSIDE the transaction that makes the change, with that transaction:
 * on PostgreSQL it is a `pg_notify` that every instance's listener receives only if the
 * transaction commits (payload: the id only); embedded (SQLite, one process) the handlers run
 * once the transaction is over. `trx` is the open transaction (any Kysely executor).
 */
export interface ChangeFeed {
  sessionChanged(trx: Executor, sessionId: number): Promise<void>;
  configChanged(trx: Executor, configId: number): Promise<void>;
  /** Starts delivering to `handlers` (PostgreSQL: opens the LISTEN connection); resolves when ready. */
  start(handlers: ChangeHandlers): Promise<void>;
  /** Stops delivering and closes what it opened; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Where a feed that depends on a connection stands (`/api/health` answers 503 unless
   * `listening`); absent for the embedded feed, which has nothing to lose.
   */
  state?(): ChangeFeedState;
}
