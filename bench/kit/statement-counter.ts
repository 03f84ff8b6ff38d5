import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** What the database drivers of this process were asked while counting. */
export interface StatementCount {
  /** Statements sent (BEGIN and COMMIT included): PostgreSQL queries, SQLite prepared statements. */
  statements: number;
  /** PostgreSQL only: the time those queries took, summed, round trip included (ms); 0 on SQLite. */
  pgMs: number;
}

let counting: StatementCount | null = null;
let installed = false;

/**
 * Counts every statement the servers in THIS process send while `work` runs (a server started with
 * startServer in the bench, not one in a child process): `pg.Client#query` (the pool's clients)
 * and `better-sqlite3`'s `prepare` (Kysely prepares each statement it runs) are wrapped once, and
 * count only between the start and the end of `work`.
 */
export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; count: StatementCount }> {
  install();
  const count: StatementCount = { statements: 0, pgMs: 0 };
  counting = count;
  try {
    return { result: await work(), count };
  } finally {
    counting = null;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
    const count = counting;
    const result = query.apply(this, args);
    if (count) {
      count.statements += 1;
      const started = performance.now();
      if (result instanceof Promise)
        void result.finally(() => (count.pgMs += performance.now() - started)).catch(() => undefined);
    }
    return result;
  } as typeof pg.Client.prototype.query;
  const prepare = SqliteDatabase.prototype.prepare;
  SqliteDatabase.prototype.prepare = function countedPrepare(this: SqliteDatabase.Database, source: string) {
    if (counting) counting.statements += 1;
    return prepare.call(this, source);
  } as typeof SqliteDatabase.prototype.prepare;
}
