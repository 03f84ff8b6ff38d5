import type { Executor } from '../db/database.js';
import { afterCommit } from '../db/after-commit.js';
import type { ChangeFeed, ChangeHandlers } from './change-feed.js';

/**
 * The embedded ChangeFeed, for one instance (SQLite, or PostgreSQL with a single server): the
 * handlers run in this process once the transaction that made the change has committed (never
 * after a rollback), so their re-read sees the change. Nothing reaches other instances.
 */
export class LocalChangeFeed implements ChangeFeed {
  private handlers: ChangeHandlers | null = null;

  /** Runs `handlers.session(sessionId)` once `trx` commits (at once outside a transaction). */
  async sessionChanged(trx: Executor, sessionId: number): Promise<void> {
    await afterCommit(trx, () => this.handlers?.session(sessionId));
  }

  /** Runs `handlers.config(configId)` once `trx` commits (at once outside a transaction). */
  async configChanged(trx: Executor, configId: number): Promise<void> {
    await afterCommit(trx, () => this.handlers?.config(configId));
  }

  /** Starts delivering to `handlers`; nothing to open. */
  async start(handlers: ChangeHandlers): Promise<void> {
    this.handlers = handlers;
  }

  /** Stops delivering; changes committed afterwards reach nobody. */
  async stop(): Promise<void> {
    this.handlers = null;
  }
}
