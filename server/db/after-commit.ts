import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Executor } from './database.js';

/** Something to run once a transaction has committed. Must not throw. */
export type AfterCommit = () => void;

/** Marks the query {@link afterCommit} sends through an executor to find its connection. */
const AFTER_COMMIT = Symbol('after commit');

interface AfterCommitQuery extends CompiledQuery {
  [AFTER_COMMIT]: { callback: AfterCommit; registered: boolean };
}

/**
 * Runs `callback` once the transaction `executor` belongs to has committed; never when it rolls
 * back. On an executor outside a transaction it runs at once. The executor must come from a
 * database opened by connect.ts (whose dialect is wrapped by {@link withAfterCommit}); any other
 * throws. Nothing is sent to the database.
 *
 * Kysely has no commit hook, and a change must not be announced before it is visible: on
 * PostgreSQL another connection re-reading before the commit would see the old row.
 */
export async function afterCommit(executor: Executor, callback: AfterCommit): Promise<void> {
  const marker = { callback, registered: false };
  const query: AfterCommitQuery = { ...CompiledQuery.raw('select 1'), [AFTER_COMMIT]: marker };
  await executor.executeQuery(query);
  if (!marker.registered) throw new Error('afterCommit needs a database opened by connect()');
}

/**
 * `dialect` with connections that keep {@link afterCommit}'s callbacks until their transaction
 * ends: run after a commit, dropped on a rollback.
 */
export function withAfterCommit(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new AfterCommitDriver(dialect.createDriver()),
  };
}

/** A connection of the wrapped driver: the real one, and the callbacks of its open transaction. */
class TrackedConnection implements DatabaseConnection {
  /** Callbacks of the open transaction; null outside a transaction. */
  pending: AfterCommit[] | null = null;

  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const marker = (compiledQuery as Partial<AfterCommitQuery>)[AFTER_COMMIT];
    if (!marker) return this.inner.executeQuery<R>(compiledQuery);
    marker.registered = true;
    if (this.pending) this.pending.push(marker.callback);
    else marker.callback();
    return { rows: [] };
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/**
 * Delegates to `inner`, tracking each connection's transaction for {@link afterCommit}. Without
 * savepoints (the server uses none): a rollback to one would have to drop only the callbacks made
 * after it, so Kysely answers that this driver does not support them.
 */
class AfterCommitDriver implements Driver {
  private readonly tracked = new WeakMap<DatabaseConnection, TrackedConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let tracked = this.tracked.get(connection);
    if (!tracked) {
      tracked = new TrackedConnection(connection);
      this.tracked.set(connection, tracked);
    }
    return tracked;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const tracked = connection as TrackedConnection;
    await this.inner.beginTransaction(tracked.inner, settings);
    tracked.pending = [];
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const tracked = connection as TrackedConnection;
    await this.inner.commitTransaction(tracked.inner);
    const callbacks = tracked.pending ?? [];
    tracked.pending = null;
    for (const callback of callbacks) callback();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const tracked = connection as TrackedConnection;
    tracked.pending = null;
    await this.inner.rollbackTransaction(tracked.inner);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const tracked = connection as TrackedConnection;
    // A transaction that ended without commit or rollback (its connection broke) announces nothing.
    tracked.pending = null;
    await this.inner.releaseConnection(tracked.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
