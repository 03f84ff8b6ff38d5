import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, startPgCluster } from '../kit/postgres.js';
import { TEST_ENGINE } from './fixtures.js';

// Run by the server-pg project only (registered when TEST_DATABASE_URL is set; `.ci/run` always
// sets it): without PostgreSQL there is nothing to test the kit on, and once is enough.
describe.skipIf(TEST_ENGINE !== 'postgres')('the PostgreSQL test kit', () => {
  it('gives each test a fresh empty database of its own, and drops it even while a connection is open', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.name).not.toBe(b.name);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    const tables = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.rows[0]).toEqual({ n: 0 });
    client.on('error', () => undefined); // the drop ends this connection
    await a.drop();
    await b.drop();
    await client.end().catch(() => undefined);
    const check = new pg.Client({ connectionString: b.url });
    await expect(check.connect()).rejects.toThrow(/does not exist/);
  });

  // initdb, a start, a stop and a start take about 3 s alone, well over 5 s on a loaded machine.
  it(
    "starts a cluster of a test's own that can be stopped and started again on the same port",
    { timeout: 30_000 },
    async () => {
      const cluster = await startPgCluster();
      try {
        const ask = async () => {
          const client = new pg.Client({ connectionString: cluster.url });
          await client.connect();
          try {
            return (await client.query('SELECT 1 AS one')).rows[0];
          } finally {
            await client.end();
          }
        };
        expect(await ask()).toEqual({ one: 1 });
        await cluster.stop();
        await expect(ask()).rejects.toThrow(/ECONNREFUSED/);
        await cluster.start();
        expect(await ask()).toEqual({ one: 1 });
      } finally {
        await cluster.dispose();
      }
    },
  );
});
