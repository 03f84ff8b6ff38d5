import type { Kysely } from 'kysely';

/**
 * What an instance does when a change reaches it (from itself or from another instance): each
 * handler re-reads from the database and pushes to this instance's own event streams. A handler
 * never throws (it logs).
 */
export interface ChangeHandlers {
  /** Session `sessionId` changed: re-read it and push it to the streams that follow it here. */
  session(sessionId: number): void;
  /** Config `configId` changed (frequency, max unverified age): push its unclosed sessions again. */
  config(configId: number): void;
  /**
   * Changes may have been missed (the listener reconnected, or started late): re-read every
   * session a stream follows on this instance.
   */
  resync(): void;
}

/**
 * How session and config changes reach every server instance. Routes call {@link sessionChanged}
 * and {@link configChanged} INSIDE the transaction that makes the change, with that transaction:
 * on PostgreSQL it is a `pg_notify` that every instance's listener receives only if the
 * transaction commits (payload: the id only); embedded (SQLite, one process) the handlers run
 * once the transaction is over. `trx` is the open transaction (any Kysely executor).
 */
export interface ChangeFeed {
  sessionChanged(trx: Kysely<any>, sessionId: number): Promise<void>;
  configChanged(trx: Kysely<any>, configId: number): Promise<void>;
  /** Starts delivering to `handlers` (PostgreSQL: opens the LISTEN connection); resolves when ready. */
  start(handlers: ChangeHandlers): Promise<void>;
  /** Stops delivering and closes what it opened; safe to call twice. */
  stop(): Promise<void>;
}
