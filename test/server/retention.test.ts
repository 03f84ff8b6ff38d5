import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../server/db/configs-repo.js';
import { DATABASE_FILE, openDatabase } from '../../server/db/open-database.js';
import { SCHEMA_STEPS } from '../../server/db/schema.js';
import { DEFAULT_SYNCED_RETENTION_DAYS, PosConfigSchema } from '../../src/domain/pos-config.js';
import { call, makeTempDir, SEED_CONFIG_ID, startTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('retention of synced orders on the config', () => {
  it(`defaults to ${DEFAULT_SYNCED_RETENTION_DAYS} days and is set by PATCH without touching the rest`, async () => {
    const before = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body;
    expect(before.syncedRetentionDays).toBe(DEFAULT_SYNCED_RETENTION_DAYS);
    const set = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { syncedRetentionDays: 30 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ ...before, syncedRetentionDays: 30 });
    expect((await call(server.url, 'GET', '/api/configs')).body[0].syncedRetentionDays).toBe(30);
  });

  it.each([[0], [366], [1.5], ['7'], [null]])('refuses syncedRetentionDays %j with 400 validation_failed', async (days) => {
    const answer = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { syncedRetentionDays: days });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
  });

  it('a config resource without the field (an older server) reads as the default', () => {
    const parsed = PosConfigSchema.parse({ id: 1, name: 'x', currency: 'EUR', checkSessionStateFrequency: 60, currentSessionId: null });
    expect(parsed).toMatchObject({ syncedRetentionDays: DEFAULT_SYNCED_RETENTION_DAYS, managerPinHash: null });
  });
});

describe('schema step 2', () => {
  it('migrates a database made by the first schema: its configs get the default retention and no PIN', () => {
    const dir = makeTempDir();
    try {
      const old = new Database(join(dir, DATABASE_FILE));
      old.exec(SCHEMA_STEPS[0] ?? '');
      old.pragma('user_version = 1');
      old.prepare("INSERT INTO configs (name, currency, check_session_state_frequency) VALUES ('Old counter', 'EUR', 60)").run();
      old.close();
      const db = openDatabase(dir);
      expect(getConfig(db, 1)).toMatchObject({ name: 'Old counter', synced_retention_days: DEFAULT_SYNCED_RETENTION_DAYS, manager_pin_hash: null });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_STEPS.length);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
