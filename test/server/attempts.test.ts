import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAttempt, takeBackAttempt } from '../../server/db/attempts-repo.js';
import { openTestDatabase } from './fixtures.js';

/** Counters shared by instances (pairing limit, wrong PINs), on the engine of this run. */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.dispose();
});

const WINDOW_MS = 60_000;
const T0 = new Date('2025-03-01T10:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

describe('attempts counted in the database', () => {
  it('loses no attempt when many are counted at the same moment (on PostgreSQL, on as many connections): 20 at once count 1 to 20', async () => {
    const counted = await Promise.all(
      Array.from({ length: 20 }, () => countAttempt(database.db, 'at-once', T0, WINDOW_MS)),
    );
    expect(counted.map((c) => c.attempts).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_u, i) => i + 1),
    );
    expect(new Set(counted.map((c) => c.expiresAt))).toEqual(new Set([after(WINDOW_MS).toISOString()]));
  });

  it('opens a window at the first attempt that lasts its length, then starts again at 1; ended windows are deleted', async () => {
    expect(await countAttempt(database.db, 'window', T0, WINDOW_MS)).toEqual({
      attempts: 1,
      expiresAt: after(WINDOW_MS).toISOString(),
    });
    expect(await countAttempt(database.db, 'window', after(WINDOW_MS - 1), WINDOW_MS)).toEqual({
      attempts: 2,
      expiresAt: after(WINDOW_MS).toISOString(),
    });
    await countAttempt(database.db, 'other', T0, WINDOW_MS);
    // The window has ended: a new one opens, and the other key's ended window goes with it.
    expect(await countAttempt(database.db, 'window', after(WINDOW_MS), WINDOW_MS)).toEqual({
      attempts: 1,
      expiresAt: after(2 * WINDOW_MS).toISOString(),
    });
    const keys = (await database.db.selectFrom('attempt_counters').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('window');
    expect(keys).not.toContain('other');
  });

  it('gives an attempt back only in the window that counted it', async () => {
    const first = await countAttempt(database.db, 'back', T0, WINDOW_MS);
    await countAttempt(database.db, 'back', T0, WINDOW_MS);
    await takeBackAttempt(database.db, 'back', first.expiresAt);
    expect((await countAttempt(database.db, 'back', T0, WINDOW_MS)).attempts).toBe(2);
    await takeBackAttempt(database.db, 'back', 'an ended window');
    expect((await countAttempt(database.db, 'back', T0, WINDOW_MS)).attempts).toBe(3);
  });
});
