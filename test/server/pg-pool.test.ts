import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../kit/use-server.js';
import { databaseErrorKind } from '../../server/db/dialect.js';
import { openPgPool, type PgPoolBounds } from '../../server/db/pg-pool.js';
import { createTestDatabase } from '../kit/postgres.js';
import { TEST_ENGINE } from './fixtures.js';

/** Bounds short enough for a test; the real ones are seconds (pg-pool.ts). */
const BOUNDS: PgPoolBounds = { connectMs: 500, statementMs: 300, queryMs: 600, idleInTransactionMs: 1_000 };

const defer = useCleanups();

/**
 * A TCP relay to PostgreSQL that can go silent: while `silent`, what either side sends is dropped
 * and nothing is closed, as when a host leaves the network or a firewall forgets the flow.
 */
async function silenceableRelay(target: URL): Promise<{ url: string; silence: (on: boolean) => void }> {
  let silent = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => void (silent || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (silent || client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  const url = new URL(target);
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  return { url: url.toString(), silence: (on) => void (silent = on) };
}

async function pool(url: string, lines: string[]) {
  const opened = openPgPool({
    url,
    max: 2,
    bounded: true,
    getTypeParser: pg.types.getTypeParser,
    where: 'the relay',
    log: (line) => lines.push(line),
    bounds: BOUNDS,
  });
  defer(() => opened.end());
  return opened;
}

async function query(opened: Awaited<ReturnType<typeof pool>>, text: string) {
  const client = await opened.connect();
  try {
    return await client.query<Record<string, unknown>>(text, []);
  } finally {
    client.release();
  }
}

// Bounds and broken connections are PostgreSQL's (SQLite is a file in the process).
describe.skipIf(TEST_ENGINE !== 'postgres')('the PostgreSQL pool of requests', () => {
  it('answers within its bound when PostgreSQL goes silent, drops that connection, says so once, and works again when it answers', async () => {
    const database = await createTestDatabase();
    defer(() => database.drop());
    const relay = await silenceableRelay(new URL(database.url));
    const lines: string[] = [];
    const opened = await pool(relay.url, lines);
    expect((await query(opened, 'select 1 as one')).rows).toEqual([{ one: 1 }]);

    relay.silence(true);
    const startedAt = Date.now();
    const lost = await query(opened, 'select 2').catch((error: unknown) => error);
    expect(databaseErrorKind(lost)).toBe('connection_lost');
    expect(Date.now() - startedAt).toBeLessThan(BOUNDS.queryMs + 500);
    // A new connection cannot log in either: the connect bound holds.
    const refused = await query(opened, 'select 3').catch((error: unknown) => error);
    expect(databaseErrorKind(refused)).toBe('connection_lost');
    expect(lines).toEqual([
      expect.stringMatching(
        /^PostgreSQL on the relay cannot be used \(Query read timeout\): requests answer 503 database_unavailable until it is back$/,
      ),
    ]);

    relay.silence(false);
    // Had the silent connection gone back to the pool, this would wait behind its lost query.
    expect((await query(opened, 'select 4 as four')).rows).toEqual([{ four: 4 }]);
    expect(lines[1]).toMatch(/^PostgreSQL on the relay answers again after \d+\.\d s$/);
  });

  it('lets PostgreSQL cancel a statement past its statement_timeout, read as timed out, and keeps the connection', async () => {
    const database = await createTestDatabase();
    defer(() => database.drop());
    const lines: string[] = [];
    const opened = await pool(database.url, lines);
    const client = await opened.connect();
    try {
      const slow = await client.query('select pg_sleep(5)', []).catch((error: unknown) => error);
      expect(databaseErrorKind(slow)).toBe('timed_out');
      expect((await client.query<{ one: number }>('select 1 as one', [])).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
    expect(lines).toEqual([]);
  });

  it('survives a connection lost while lent out between two statements (no error event left unheard): the next statement fails as lost, the pool goes on', async () => {
    const database = await createTestDatabase();
    defer(() => database.drop());
    const lines: string[] = [];
    const opened = await pool(database.url, lines);
    const client = await opened.connect();
    let lost: unknown;
    try {
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid', []);
      const other = await opened.connect();
      try {
        await other.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
      } finally {
        other.release();
      }
      // PostgreSQL's goodbye and the closed socket reach the idle-but-lent connection first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      lost = await client.query('select 1', []).catch((error: unknown) => error);
    } finally {
      client.release();
    }
    expect(databaseErrorKind(lost)).toBe('connection_lost');
    expect((await query(opened, 'select 5 as five')).rows).toEqual([{ five: 5 }]);
    expect(lines[0]).toMatch(
      /^PostgreSQL on the relay cannot be used \(terminating connection due to administrator command\)/,
    );
  });
});
