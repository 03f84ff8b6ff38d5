import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNCED_RETENTION_DAYS, PosConfigSchema } from '../../src/domain/pos-config.js';
import { call, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

describe('retention of synced orders on the config', () => {
  it(`defaults to ${DEFAULT_SYNCED_RETENTION_DAYS} days and is set by PATCH without touching the rest`, async () => {
    const before = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body;
    expect(before.syncedRetentionDays).toBe(DEFAULT_SYNCED_RETENTION_DAYS);
    const set = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, {
      syncedRetentionDays: 30,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ ...before, syncedRetentionDays: 30 });
    expect((await call(server.url, 'GET', '/api/configs')).body[0].syncedRetentionDays).toBe(30);
  });

  it.each([[0], [366], [1.5], ['7'], [null]])(
    'refuses syncedRetentionDays %j with 400 validation_failed',
    async (days) => {
      const answer = await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, {
        syncedRetentionDays: days,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('a config resource without the field (an older server) reads as the default', () => {
    const parsed = PosConfigSchema.parse({
      id: 1,
      name: 'x',
      currency: 'EUR',
      checkSessionStateFrequency: 60,
      currentSessionId: null,
    });
    expect(parsed).toMatchObject({
      syncedRetentionDays: DEFAULT_SYNCED_RETENTION_DAYS,
      managerPinHash: null,
    });
  });
});
