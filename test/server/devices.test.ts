import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UuidSchema } from '../../src/domain/ids.js';
import { call, SEED_CONFIG_ID, startTestServer, type TestServer } from './fixtures.js';

/** Registrations sent at once: numbers must stay unique under concurrency. */
const CONCURRENT_REGISTRATIONS = 50;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('registering devices', () => {
  it('gives each new device a uuid and the next free number, unique under concurrency, up to 999, then 409', async () => {
    const first = await call(server.url, 'POST', '/api/devices', { configId: SEED_CONFIG_ID });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ deviceNumber: 1, configId: SEED_CONFIG_ID });
    expect(UuidSchema.safeParse(first.body.deviceId).success).toBe(true);
    const second = await call(server.url, 'POST', '/api/devices', { configId: String(SEED_CONFIG_ID) });
    expect(second.body.deviceNumber).toBe(2);
    expect(second.body.deviceId).not.toBe(first.body.deviceId);
    const numbers = [1, 2];
    for (let wave = 0; wave < 997; wave += CONCURRENT_REGISTRATIONS) {
      const count = Math.min(CONCURRENT_REGISTRATIONS, 997 - wave);
      const answers = await Promise.all(Array.from({ length: count }, () => call(server.url, 'POST', '/api/devices', { configId: SEED_CONFIG_ID })));
      numbers.push(...answers.map((a) => a.body.deviceNumber as number));
    }
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 999 }, (_, i) => i + 1));
    const full = await call(server.url, 'POST', '/api/devices', { configId: SEED_CONFIG_ID });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('conflict');
  });

  it('answers 404 for an unknown config', async () => {
    for (const configId of [404, 'nope']) {
      const answer = await call(server.url, 'POST', '/api/devices', { configId });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it.each([[{}], [{ configId: null }], [{ configId: -1 }], [{ configId: 1, extra: 1 }]])('refuses the body %j with 400', async (body) => {
    const answer = await call(server.url, 'POST', '/api/devices', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
  });
});
