import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database, Executor } from '../../server/db/database.js';
import pg from 'pg';
import type { ChangeHandlers } from '../../server/events/change-feed.js';

/** One call a feed made to its handlers: `seen` is what a resync's re-read found. */
export interface Heard {
  kind: 'session' | 'config' | 'resync';
  id: number | null;
  seen?: unknown;
  /** performance.now() of the call (for resync: once its re-read is done). */
  at: number;
}

/**
 * Handlers that record every call, for tests to wait on (the call itself, never a fixed sleep).
 * `reread` models the app's re-read on resync (e.g. reading a row the change updated).
 */
export class RecordingHandlers implements ChangeHandlers {
  readonly heard: Heard[] = [];
  private readonly waiters = new Set<{ test: (h: Heard) => boolean; resolve: (h: Heard) => void }>();

  constructor(private readonly reread?: () => Promise<unknown>) {}

  session(id: number): void {
    this.add({ kind: 'session', id, at: performance.now() });
  }

  config(id: number): void {
    this.add({ kind: 'config', id, at: performance.now() });
  }

  resync(): void {
    void (this.reread?.() ?? Promise.resolve(undefined)).then((seen) =>
      this.add({ kind: 'resync', id: null, seen, at: performance.now() }),
    );
  }

  /** Resolves with the first call matching `test`, already heard or heard within `timeoutMs`; rejects naming `what`. */
  until(what: string, test: (h: Heard) => boolean, timeoutMs = 2_000): Promise<Heard> {
    const found = this.heard.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (h: Heard) => (clearTimeout(timer), resolve(h)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `not heard within ${timeoutMs} ms: ${what}; heard ${JSON.stringify(this.heard.map((h) => [h.kind, h.id]))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private add(heard: Heard): void {
    this.heard.push(heard);
    for (const waiter of this.waiters) {
      if (waiter.test(heard)) {
        this.waiters.delete(waiter);
        waiter.resolve(heard);
      }
    }
  }
}

/** The "app side" of an instance: Kysely on its own pg.Pool, as the server will have. */
export function appDatabase(url: string): Executor {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Idle pooled connections error when PostgreSQL stops: the pool drops them; without a listener
  // the error would end the test process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * A login role of a test's own for the listener, so a test can refuse its connections for a while
 * (`block`), kill its backend (`kill`, waiting until it is gone) and count its backends.
 */
export async function listenerRole(admin: Executor, databaseUrl: string) {
  const name = `feed_${randomBytes(4).toString('hex')}`;
  await sql`CREATE ROLE ${sql.id(name)} LOGIN`.execute(admin);
  const url = new URL(databaseUrl);
  url.username = name;
  return {
    url: url.toString(),
    block: async () => void (await sql`ALTER ROLE ${sql.id(name)} NOLOGIN`.execute(admin)),
    allow: async () => void (await sql`ALTER ROLE ${sql.id(name)} LOGIN`.execute(admin)),
    /** Terminates every backend of the role and waits (up to 5 s) until each has exited. */
    kill: async () => {
      const { rows } = await sql<{
        gone: boolean;
      }>`SELECT pg_terminate_backend(pid, 5000) AS gone FROM pg_stat_activity WHERE usename = ${name}`.execute(
        admin,
      );
      return rows.length;
    },
    backends: async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = ${name}`.execute(admin)
      ).rows[0]?.n ?? 0,
    drop: async () => void (await sql`DROP ROLE IF EXISTS ${sql.id(name)}`.execute(admin)),
  };
}

/**
 * A TCP proxy in front of PostgreSQL whose open connections can be frozen: nothing passes any
 * more and nothing is closed, as when a NAT or firewall forgets a connection. New connections
 * pass normally.
 */
export async function freezableProxy(target: { host: string; port: number }) {
  const pairs: [net.Socket, net.Socket][] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const kill = () => (client.destroy(), upstream.destroy());
    for (const socket of [client, upstream]) socket.on('error', kill).on('close', kill);
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    freeze: () => {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close: async () => {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The value below which `share` of `values` fall (nearest rank). */
export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}
