import { describe, expect, it } from 'vitest';
import { openPosDb, type OpenPosDbHooks, type PosDb } from '../../src/store/db.js';
import { createDbHolder } from '../../sw/db-holder.js';
import '../store/fixtures.js';

describe('createDbHolder', () => {
  function counting(name = `holder-${crypto.randomUUID()}`) {
    const hooks: OpenPosDbHooks[] = [];
    const dbs: PosDb[] = [];
    const open = async (h: OpenPosDbHooks) => {
      hooks.push(h);
      const db = await openPosDb(h, name);
      dbs.push(db);
      return db;
    };
    return { open, hooks, dbs };
  }

  it('opens the database once per worker lifetime, lazily', async () => {
    const o = counting();
    const holder = createDbHolder(o.open);
    expect(o.hooks).toHaveLength(0);
    const [a, b] = await Promise.all([holder.get(), holder.get()]);
    expect(a).toBe(b);
    expect(await holder.get()).toBe(a);
    expect(o.hooks).toHaveLength(1);
  });

  it('reopens after a versionchange closed the connection', async () => {
    const o = counting();
    const holder = createDbHolder(o.open);
    const first = await holder.get();
    o.hooks[0]?.versionchange?.();
    const second = await holder.get();
    expect(second).not.toBe(first);
    expect(o.hooks).toHaveLength(2);
  });

  it('tries again on the next get when opening failed', async () => {
    let attempts = 0;
    const holder = createDbHolder(async (h) => {
      attempts += 1;
      if (attempts === 1) throw new DOMException('blocked', 'UnknownError');
      return openPosDb(h, `holder-${crypto.randomUUID()}`);
    });
    await expect(holder.get()).rejects.toThrow('blocked');
    await expect(holder.get()).resolves.toBeDefined();
    expect(attempts).toBe(2);
  });
});
