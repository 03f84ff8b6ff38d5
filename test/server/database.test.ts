import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit } from '../../server/db/after-commit.js';
import { parseSafeInteger, type ConnectedDatabase } from '../../server/db/connect.js';
import { createConfig } from '../../server/db/configs-repo.js';
import { databaseErrorKind } from '../../server/db/dialect.js';
import { lockSessionForChange, lockSessionsForUpload } from '../../server/db/sessions-repo.js';
import { toPosError } from '../../server/error-handler.js';
import { openTestDatabase, TEST_ENGINE } from './fixtures.js';

let database: ConnectedDatabase & { dispose: () => Promise<void> };
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.dispose();
});

describe('numbers from the database', () => {
  it('reads int8 and numeric text as safe integers, and refuses what a number cannot hold exactly', () => {
    expect(parseSafeInteger('0')).toBe(0);
    expect(parseSafeInteger('-42')).toBe(-42);
    expect(parseSafeInteger('4294967296')).toBe(2 ** 32);
    expect(parseSafeInteger(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['9007199254740993', '12.50', '1e3', '', 'NaN'])
      expect(() => parseSafeInteger(bad), bad).toThrow(RangeError);
  });

  it('gives counts and sums as numbers, also above 2^31 (PostgreSQL answers int8 and numeric as text)', async () => {
    const { rows } = await sql<{
      n: number;
      total: number;
      big: number;
    }>`select count(*) as n, sum(price) as total, ${2 ** 40} + count(*) as big from products`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({ n: 48, total: expect.any(Number), big: 2 ** 40 + 48 });
  });

  // SQLite integers come back as numbers already (better-sqlite3 would lose precision, not throw).
  it.skipIf(TEST_ENGINE !== 'postgres')('refuses an int8 beyond 2^53 instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as n`.execute(database.db)).rejects.toThrow(
      'database value 9007199254740993 is not a safe integer',
    );
    // The pool is still usable after the refusal.
    expect((await sql<{ n: number }>`select 2::int8 as n`.execute(database.db)).rows).toEqual([{ n: 2 }]);
  });
});

describe('afterCommit', () => {
  it('runs once the transaction has committed, never after a rollback, and at once outside a transaction', async () => {
    const seen: string[] = [];
    await database.db.transaction().execute(async (trx) => {
      await afterCommit(trx, () => seen.push('committed'));
      seen.push('inside');
    });
    await database.db
      .transaction()
      .execute(async (trx) => {
        await afterCommit(trx, () => seen.push('rolled back'));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await afterCommit(database.db, () => seen.push('outside'));
    expect(seen).toEqual(['inside', 'committed', 'outside']);
  });

  it('lets a re-read on another connection see the change (what the change handlers do)', async () => {
    let seenByHandler: string | undefined;
    let reread: Promise<void> = Promise.resolve();
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('configs').set({ currency: 'CHF' }).where('id', '=', 1).execute();
      await afterCommit(trx, () => {
        reread = database.db
          .selectFrom('configs')
          .select('currency')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow()
          .then((row) => void (seenByHandler = row.currency));
      });
    });
    await reread;
    expect(seenByHandler).toBe('CHF');
    await database.db.updateTable('configs').set({ currency: 'EUR' }).where('id', '=', 1).execute();
  });
});

describe('engine differences', () => {
  it('takes row locks on both engines (SQLite, which has none, runs the query without them)', async () => {
    const rows = await database.db
      .transaction()
      .execute(async (trx) => [
        await lockSessionsForUpload(trx, [1, 999]),
        await lockSessionForChange(trx, 1),
      ]);
    expect(rows).toEqual([
      [expect.objectContaining({ id: 1, state: 'opened' })],
      expect.objectContaining({ id: 1 }),
    ]);
  });

  it.runIf(TEST_ENGINE === 'postgres')(
    'a close is not starved by uploads that keep coming: the ones after it wait for it (PostgreSQL)',
    async () => {
      const seen: string[] = [];
      let endFirst: () => void = () => undefined;
      const firstMayEnd = new Promise<void>((resolve) => (endFirst = resolve));
      let firstHolds: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (firstHolds = resolve));
      // An upload under way holds session 1 until told to end.
      const first = database.db.transaction().execute(async (trx) => {
        await lockSessionsForUpload(trx, [1]);
        firstHolds();
        await firstMayEnd;
        seen.push('first upload');
      });
      await holding;
      const close = database.db.transaction().execute(async (trx) => {
        await lockSessionForChange(trx, 1);
        seen.push('close');
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // the close waits for the first upload
      // Row locks alone let this one in beside the first, ahead of the waiting close.
      const next = database.db.transaction().execute(async (trx) => {
        await lockSessionsForUpload(trx, [1]);
        seen.push('next upload');
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]);
      endFirst();
      await Promise.all([first, close, next]);
      expect(seen).toEqual(['first upload', 'close', 'next upload']);
    },
  );

  it('reads a unique violation of either engine as one, and answers it 409 conflict, never 500', async () => {
    const error = await createConfig(database.db, {
      name: 'Main counter',
      currency: 'EUR',
      checkSessionStateFrequency: 60,
    }).catch((e: unknown) => e);
    expect(databaseErrorKind(error)).toBe('unique_violation');
    expect(toPosError(error)).toMatchObject({ code: 'conflict', status: 409 });
    expect(databaseErrorKind(new Error('something else'))).toBeNull();
    expect(
      databaseErrorKind(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe('connection_lost');
  });

  it('answers a database that is gone or too slow 503 database_unavailable, never a 500', () => {
    const gone = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new AggregateError(
        [Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })],
        '',
      ),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
    ];
    const slow = [
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ];
    for (const error of gone) expect(databaseErrorKind(error), error.message).toBe('connection_lost');
    for (const error of slow) expect(databaseErrorKind(error), error.message).toBe('timed_out');
    for (const error of [...gone, ...slow]) {
      expect(toPosError(error), error.message).toMatchObject({ code: 'database_unavailable', status: 503 });
      expect(toPosError(error).message).toMatch(/try again in a moment/);
    }
  });
});
