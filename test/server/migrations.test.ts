import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../kit/use-server.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { hashToken } from '../../server/auth/tokens.js';
import { connect, DATABASE_FILE } from '../../server/db/connect.js';
import { inStoreEan13 } from '../../server/db/ean13.js';
import { LEGACY_APPLIED_AT, migrate } from '../../server/db/migrate.js';
import { MIGRATIONS } from '../../server/db/migrations/index.js';
import { SEED_CATALOG } from '../../server/db/seed-catalog.js';
import type { RunningServer } from '../../server/start-server.js';
import { call, makeOrder, makeTempDir, TEST_ADMIN_TOKEN, TEST_ENGINE, testDatabase } from './fixtures.js';
import { launchServer } from '../kit/test-server.js';
import { SHIPPED_SQLITE_STEPS } from './shipped-sqlite-steps.js';

const defer = useCleanups();

function tempDir(): string {
  const dir = makeTempDir('pos-migrate-');
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: { dataDir: string; databaseUrl?: string }): Promise<RunningServer> {
  const server = await launchServer(options);
  defer(server.close);
  return server.running();
}

/**
 * Makes `<dataDir>/pos.sqlite` as a server before schema_migrations left it: the first `steps`
 * shipped SQL steps, `user_version` = steps, then `fill` writes rows as that server wrote them.
 */
function makeShippedFile(
  dataDir: string,
  steps: number,
  fill: (db: Database.Database) => void = () => undefined,
): void {
  mkdirSync(dataDir, { recursive: true });
  const old = new Database(join(dataDir, DATABASE_FILE));
  old.pragma('journal_mode = WAL');
  for (const step of SHIPPED_SQLITE_STEPS.slice(0, steps)) old.exec(step);
  old.pragma(`user_version = ${steps}`);
  fill(old);
  old.close();
}

/** What the shipped seed wrote: "Main counter", its 48 products, session 1 opened. */
function shippedSeed(db: Database.Database): void {
  db.prepare(
    "INSERT INTO configs (name, currency, check_session_state_frequency, max_unverified_seconds) VALUES ('Main counter', 'EUR', 60, NULL)",
  ).run();
  const product = db.prepare(
    'INSERT INTO products (config_id, name, price, tax_rate, category, barcode) VALUES (1, ?, ?, ?, ?, ?)',
  );
  SEED_CATALOG.forEach((p, index) =>
    product.run(p.name, p.price, p.taxRate, p.category, inStoreEan13(index + 1)),
  );
  db.prepare(
    "INSERT INTO sessions (config_id, name, state, opened_at, rescue) VALUES (1, 'Main counter/00001', 'opened', '2026-11-01T08:00:00.000Z', 0)",
  ).run();
}

/** Stores `order` as the shipped server did: its uuid as the device spelt it, its JSON as sent. */
function shippedInsert(db: Database.Database, order: PosOrder, receivedAt: string): void {
  db.prepare(
    `INSERT INTO orders (uuid, session_id, reference, amount_total, created_at, received_at, original_session_id, body)
     VALUES (?, 1, ?, ?, ?, ?, NULL, ?)`,
  ).run(order.uuid, order.reference, order.amountTotal, order.createdAt, receivedAt, JSON.stringify(order));
}

// These tests are about SQLite files the servers before this data layer left on shops' disks:
// there is no such PostgreSQL database.
describe.skipIf(TEST_ENGINE !== 'sqlite')(
  'an SQLite file made by the servers before schema_migrations',
  () => {
    it('opens at step 4 with nothing lost: orders listed as before, totals by method backfilled, uuids still matched without case, not seeded again', async () => {
      const dataDir = tempDir();
      const tabletToken = 'pos_dev_shipped-tablet-token-0123456789abcdef';
      // Same received time (one upload): the list keeps their upload order, which is not uuid order.
      const first = makeOrder({
        sessionId: 1,
        uuid: 'FFFFFFFF-0000-4000-8000-000000000001',
        pay: { method: 'cash', tendered: 5000 },
      });
      const second = makeOrder({
        sessionId: 1,
        uuid: 'AAAAAAAA-0000-4000-8000-000000000002',
        pay: { method: 'card' },
      });
      const later = makeOrder({
        sessionId: 1,
        uuid: 'CCCCCCCC-0000-4000-8000-000000000003',
        pay: { method: 'cash' },
      });
      makeShippedFile(dataDir, 4, (db) => {
        shippedSeed(db);
        db.prepare(
          "INSERT INTO devices (device_id, config_id, device_number, created_at, token_hash, paired_at, name) VALUES ('0f0e0d0c-0000-4000-8000-000000000001', 1, 1, '2026-11-01T08:00:00.000Z', ?, '2026-11-01T08:00:00.000Z', 'Counter')",
        ).run(hashToken(tabletToken));
        shippedInsert(db, first, '2026-11-01T09:00:00.000Z');
        shippedInsert(db, second, '2026-11-01T09:00:00.000Z');
        shippedInsert(db, later, '2026-11-01T09:05:00.000Z');
      });

      const server = await start({ dataDir });
      const listed = await call<PosOrder[]>(
        server.url,
        'GET',
        '/api/sessions/1/orders',
        undefined,
        undefined,
        { token: TEST_ADMIN_TOKEN },
      );
      expect(listed.body).toEqual([first, second, later]);
      const summary = (
        await call(server.url, 'GET', '/api/sessions/1/summary', undefined, undefined, {
          token: TEST_ADMIN_TOKEN,
        })
      ).body;
      expect(summary).toMatchObject({
        orderCount: 3,
        amountTotal: first.amountTotal + second.amountTotal + later.amountTotal,
        byPaymentMethod: [
          { method: 'card', count: 1, amount: second.amountTotal },
          // Cash net of the change: what the drawer holds.
          { method: 'cash', count: 2, amount: first.amountTotal + later.amountTotal },
        ],
      });
      // The tablet paired on the old server still uploads; its order, sent again in lower case, is the same order.
      const asTablet = { token: tabletToken };
      const again = await call(
        server.url,
        'POST',
        '/api/orders',
        { orders: [{ ...first, uuid: first.uuid.toLowerCase() }] },
        undefined,
        asTablet,
      );
      expect(again.body.results).toEqual([{ uuid: first.uuid.toLowerCase(), status: 'duplicate' }]);
      const fresh = makeOrder({ sessionId: 1 });
      expect(
        (await call(server.url, 'POST', '/api/orders', { orders: [fresh] }, undefined, asTablet)).body
          .results[0].status,
      ).toBe('accepted');
      expect(
        (
          await call(server.url, 'GET', '/api/sessions/1/orders', undefined, undefined, {
            token: TEST_ADMIN_TOKEN,
          })
        ).body,
      ).toEqual([first, second, later, fresh]);
      // Not seeded again, and the register's one open session is still the only one.
      const configs = (
        await call(server.url, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN })
      ).body;
      expect(configs).toEqual([
        expect.objectContaining({ id: 1, name: 'Main counter', currentSessionId: 1 }),
      ]);
      expect(
        (
          await call(server.url, 'POST', '/api/configs/1/sessions', {}, undefined, {
            token: TEST_ADMIN_TOKEN,
          })
        ).body.error.code,
      ).toBe('session_already_open');
      const steps = await server.database.db
        .selectFrom('schema_migrations')
        .selectAll()
        .orderBy('version')
        .execute();
      expect(steps.map((s) => [s.version, s.applied_at === LEGACY_APPLIED_AT])).toEqual([
        [1, true],
        [2, true],
        [3, true],
        [4, true],
        [5, false],
        [6, false],
        [7, false],
        [8, false],
        [9, false],
      ]);
      expect(steps).toHaveLength(MIGRATIONS.length);
      // The orders stored before the report existed are in its sums: their lines, tax and device copied out.
      const stored = await server.database.db
        .selectFrom('orders')
        .select(['uuid', 'amount_tax', 'device_number'])
        .where(
          'uuid',
          'in',
          [first, second, later].map((o) => o.uuid.toLowerCase()),
        )
        .orderBy('created_at')
        .execute();
      expect(stored.map((o) => [o.amount_tax, o.device_number])).toEqual(
        [first, second, later].map((o) => [o.amountTax, o.deviceNumber]),
      );
      const lines = await server.database.db
        .selectFrom('order_lines')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('total').as('total')])
        .where(
          'order_uuid',
          'in',
          [first, second, later].map((o) => o.uuid.toLowerCase()),
        )
        .executeTakeFirstOrThrow();
      expect(lines).toEqual({
        n: first.lines.length + second.lines.length + later.lines.length,
        total: first.amountTotal + second.amountTotal + later.amountTotal,
      });
    });

    it('migrates a file at step 1: its configs get the default retention and no PIN', async () => {
      const dataDir = tempDir();
      makeShippedFile(dataDir, 1, (db) =>
        db.exec(
          "INSERT INTO configs (name, currency, check_session_state_frequency) VALUES ('Old counter', 'EUR', 60)",
        ),
      );
      const { db, dialect, close } = await connect({ engine: 'sqlite', dataDir });
      defer(close);
      const outcome = await migrate(db, dialect);
      expect(outcome).toEqual({ applied: MIGRATIONS.slice(1).map((m) => m.name), seeded: false });
      expect(await db.selectFrom('configs').selectAll().execute()).toEqual([
        expect.objectContaining({ name: 'Old counter', synced_retention_days: 7, manager_pin_hash: null }),
      ]);
    });

    it('migrates a file at step 3: its devices keep their number and get no name', async () => {
      const dataDir = tempDir();
      makeShippedFile(dataDir, 3, (db) => {
        db.exec(
          "INSERT INTO configs (name, currency, check_session_state_frequency) VALUES ('Old counter', 'EUR', 60)",
        );
        db.exec(
          "INSERT INTO devices (device_id, config_id, device_number, created_at) VALUES ('d-1', 1, 1, '2026-01-01T00:00:00.000Z')",
        );
      });
      const { db, dialect, close } = await connect({ engine: 'sqlite', dataDir });
      defer(close);
      await migrate(db, dialect);
      expect(await db.selectFrom('devices').select(['device_id', 'device_number', 'name']).execute()).toEqual(
        [{ device_id: 'd-1', device_number: 1, name: null }],
      );
    });

    it('refuses a database a newer server made, and changes nothing', async () => {
      const dataDir = tempDir();
      makeShippedFile(dataDir, 4);
      const { db, dialect, close } = await connect({ engine: 'sqlite', dataDir });
      defer(close);
      await migrate(db, dialect);
      await db
        .insertInto('schema_migrations')
        .values({
          version: MIGRATIONS.length + 1,
          name: 'from-the-future',
          applied_at: '2030-01-01T00:00:00.000Z',
        })
        .execute();
      const before = await db.selectFrom('configs').selectAll().execute();
      await expect(migrate(db, dialect)).rejects.toThrow(
        `The database is at schema step ${MIGRATIONS.length + 1}, made by a newer pos-shell`,
      );
      expect(await db.selectFrom('configs').selectAll().execute()).toEqual(before);
      expect(await db.selectFrom('schema_migrations').select('version').execute()).toHaveLength(
        MIGRATIONS.length + 1,
      );
    });
  },
);

describe('migrating at start', () => {
  it('a restart applies nothing and seeds nothing', async () => {
    const dataDir = tempDir();
    const database = await testDatabase();
    defer(database.drop);
    const config = database.databaseUrl
      ? ({ engine: 'postgres', url: database.databaseUrl } as const)
      : ({ engine: 'sqlite', dataDir } as const);
    const first = await connect(config);
    expect(await migrate(first.db, first.dialect)).toEqual({
      applied: MIGRATIONS.map((m) => m.name),
      seeded: true,
    });
    await first.close();
    const second = await connect(config);
    defer(second.close);
    expect(await migrate(second.db, second.dialect)).toEqual({ applied: [], seeded: false });
  });
});

// Two instances on one database is PostgreSQL's case: an SQLite file belongs to one server.
describe.skipIf(TEST_ENGINE !== 'postgres')(
  'two instances started at the same moment on one empty PostgreSQL database',
  () => {
    it('both come up, with the schema made once and the demo seeded once', async () => {
      const database = await testDatabase();
      defer(database.drop);
      const databaseUrl = database.databaseUrl ?? '';
      const [a, b] = await Promise.all([
        start({ dataDir: tempDir(), databaseUrl }),
        start({ dataDir: tempDir(), databaseUrl }),
      ]);
      for (const server of [a, b]) {
        const configs = (
          await call(server.url, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN })
        ).body;
        expect(configs).toEqual([
          expect.objectContaining({ id: 1, name: 'Main counter', currentSessionId: 1 }),
        ]);
      }
      const { db } = a.database;
      expect(await db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).toEqual(
        MIGRATIONS.map((_m, i) => ({ version: i + 1 })),
      );
      expect(await db.selectFrom('sessions').select(['id', 'state']).execute()).toEqual([
        { id: 1, state: 'opened' },
      ]);
      expect(
        await db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst(),
      ).toEqual({ n: SEED_CATALOG.length });
    });
  },
);
