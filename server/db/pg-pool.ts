import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { errorText } from '../error-text.js';
import { databaseErrorKind } from './dialect.js';

/**
 * How long getting a PostgreSQL connection may take (ms): a new one (TCP and login take
 * milliseconds on a network, tens across regions) or a free one from a busy pool. An unreachable
 * host would otherwise hold the request for the kernel's SYN timeout (about 2 min). 3 s keeps a
 * till's session check (4 s on the tablet) getting 503 from the server rather than its own timeout.
 */
export const PG_CONNECT_TIMEOUT_MS = 3_000;

/**
 * Longest a statement may run on PostgreSQL (ms; its `statement_timeout`, which it enforces and
 * answers 57014). The slowest statement a request makes takes tens of milliseconds (a batch of 500
 * orders, a session's CSV); one 100 times slower is waiting on a lock held by something that hung,
 * and the request answers 503 instead of waiting with it. Migrations run without it.
 */
export const PG_STATEMENT_TIMEOUT_MS = 5_000;

/**
 * Longest the server waits for any answer to a query (ms; pg's `query_timeout`, measured here):
 * a connection cut without a word (a host gone from the network, a firewall forgetting the flow)
 * gives no error, and the request would wait for TCP to give up (about 15 min). Two seconds above
 * {@link PG_STATEMENT_TIMEOUT_MS}, so a PostgreSQL that is there cancels a slow statement itself
 * first and the connection is kept. A connection that timed out is dropped from the pool.
 */
export const PG_QUERY_TIMEOUT_MS = PG_STATEMENT_TIMEOUT_MS + 2_000;

/**
 * A transaction left idle this long (ms) is ended by PostgreSQL (`idle_in_transaction_session_timeout`).
 * Between two statements of a transaction the server waits on nothing but the database, so a
 * transaction idle for 10 s belongs to an instance that hung or lost its network while holding
 * row locks that every other instance would wait on.
 */
export const PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

/** The bounds of {@link openPgPool} (ms); the constants above unless a test shortens them. */
export interface PgPoolBounds {
  connectMs: number;
  statementMs: number;
  queryMs: number;
  idleInTransactionMs: number;
}

const BOUNDS: PgPoolBounds = {
  connectMs: PG_CONNECT_TIMEOUT_MS,
  statementMs: PG_STATEMENT_TIMEOUT_MS,
  queryMs: PG_QUERY_TIMEOUT_MS,
  idleInTransactionMs: PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
};

/** What {@link openPgPool} needs. */
export interface PgPoolOptions {
  url: string;
  /** Connections at most. */
  max: number;
  /**
   * False for migrations: no statement or answer bound (a step may rewrite a large table, and an
   * instance waits under the migration lock for another's steps). The connect bound stays.
   */
  bounded: boolean;
  /** Parses the value of a column of type `oid` (connect.ts: int8 and numeric as safe integers). */
  getTypeParser: typeof pg.types.getTypeParser;
  /** `host:port` for log lines (never credentials). */
  where: string;
  /** Receives one line when PostgreSQL becomes unusable and one when it answers again. */
  log: (line: string) => void;
  /** Shorter bounds for tests; default the constants above. */
  bounds?: PgPoolBounds;
}

/**
 * A pg pool for Kysely's PostgresDialect, bounded ({@link PG_CONNECT_TIMEOUT_MS} and the others
 * above), that drops a connection which broke or stopped answering instead of lending it again,
 * and says in `log` when PostgreSQL stops being usable and when it answers again (one line each,
 * however many requests fail in between: those answer 503 and the request log shows them).
 */
export function openPgPool(options: PgPoolOptions): PostgresPool {
  const bounds = options.bounds ?? BOUNDS;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: bounds.connectMs,
    ...(options.bounded
      ? {
          statement_timeout: bounds.statementMs,
          query_timeout: bounds.queryMs,
          idle_in_transaction_session_timeout: bounds.idleInTransactionMs,
        }
      : {}),
    // This pool's own parsers: the global pg.types would change every other pool in the process.
    types: { getTypeParser: options.getTypeParser },
  });
  const watch = new Availability(options.where, options.log);
  // An idle connection that breaks (PostgreSQL restarted) is dropped from the pool; without a
  // listener the error would end the process.
  pool.on('error', (error) => watch.failed(error));
  return {
    connect: async () => {
      const client = await pool.connect().catch((error: unknown) => {
        watch.failed(error);
        throw error;
      });
      return new WatchedClient(client, watch);
    },
    end: () => pool.end(),
  };
}

/** Whether PostgreSQL answers, as the queries of this pool find it; logs each change. */
class Availability {
  private downSince: number | null = null;

  constructor(
    private readonly where: string,
    private readonly log: (line: string) => void,
  ) {}

  /** A query was answered. */
  answered(): void {
    if (this.downSince === null) return;
    const seconds = ((Date.now() - this.downSince) / 1_000).toFixed(1);
    this.downSince = null;
    this.log(`PostgreSQL on ${this.where} answers again after ${seconds} s`);
  }

  /** Something failed: when it says the connection is gone, PostgreSQL counts as down. */
  failed(error: unknown): void {
    if (databaseErrorKind(error) !== 'connection_lost' || this.downSince !== null) return;
    this.downSince = Date.now();
    this.log(
      `PostgreSQL on ${this.where} cannot be used (${errorText(error)}): requests answer 503 database_unavailable until it is back`,
    );
  }
}

/**
 * A pooled connection that remembers breaking, so it is destroyed when released. While lent out
 * it listens for the connection's own `error` event: pg-pool listens only while the connection is
 * idle, and PostgreSQL going away between two statements of a transaction (its goodbye, then the
 * closed socket) would otherwise be an unheard `error` event, which ends the process.
 */
class WatchedClient implements PostgresPoolClient {
  private broken: unknown = null;
  private readonly onError = (error: unknown): void => {
    this.broken ??= error;
    this.watch.failed(error);
  };

  constructor(
    private readonly client: pg.PoolClient,
    private readonly watch: Availability,
  ) {
    client.on('error', this.onError);
  }

  // Kysely's interface also has a cursor form, which the server never uses (no `cursor` in the dialect).
  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query(): never;
  async query<R>(sql?: string, parameters?: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    if (typeof sql !== 'string') throw new Error('cursors are not supported by this pool');
    // A connection that broke is not asked again (a rollback after a lost answer would wait as long).
    if (this.broken)
      throw new Error(`Connection terminated earlier in this request: ${errorText(this.broken)}`);
    try {
      const result = (await this.client.query(
        sql,
        parameters as unknown[],
      )) as unknown as PostgresQueryResult<R>;
      this.watch.answered();
      return result;
    } catch (error) {
      if (databaseErrorKind(error) === 'connection_lost') {
        this.broken = error;
        this.watch.failed(error);
      }
      throw error;
    }
  }

  release(destroy?: boolean): void {
    // A connection that broke keeps this listener (it may still say more while pg-pool ends it);
    // a sound one goes back to the pool, which listens while it is idle.
    if (this.broken === null) this.client.removeListener('error', this.onError);
    // A truthy argument makes pg-pool end the connection instead of keeping it.
    this.client.release(destroy || this.broken !== null ? true : undefined);
  }
}
