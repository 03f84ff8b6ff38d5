import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { PAIRING_CODE_TTL_MS } from '../../server/routes/devices.js';
import { PAIRING_ATTEMPTS_PER_MINUTE } from '../../server/routes/pair.js';
import {
  call,
  newPairingCode,
  openTestDatabase,
  pairDevice,
  SEED_CONFIG_ID,
  startTestServer,
  useTestServer,
  TEST_ADMIN_TOKEN,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

/** `POST /api/pair` with no token, as a fresh tablet sends it. */
function pair(code: string, proof?: { previousToken?: string; previousDeviceId?: string }) {
  return call(server.url, 'POST', '/api/pair', { code, ...proof }, undefined, { token: null });
}

describe('pairing a tablet', () => {
  it("gives a device token, a device id and the next free device number of the code's config", async () => {
    const code = await newPairingCode(server.url, SEED_CONFIG_ID);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const answer = await pair(code);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      configId: SEED_CONFIG_ID,
      deviceNumber: server.device.deviceNumber + 1,
    });
    expect(answer.body.token).toMatch(/^pos_dev_[A-Za-z0-9_-]{43}$/);
    const me = await call(server.url, 'GET', '/api/device', undefined, undefined, {
      token: answer.body.token,
    });
    expect(me.body).toMatchObject({ deviceId: answer.body.deviceId, revokedAt: null });
  });

  it('takes the code as typed on a tablet: lower case, without the dash, O for 0 and I/L for 1', async () => {
    const code = await newPairingCode(server.url, SEED_CONFIG_ID);
    const typed = code.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await pair(typed)).status).toBe(201);
  });

  it('refuses a code used once already (401 pairing_code_invalid), and an unknown one the same way', async () => {
    const code = await newPairingCode(server.url, SEED_CONFIG_ID);
    expect((await pair(code)).status).toBe(201);
    const reused = await pair(code);
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('pairing_code_invalid');
    const unknown = await pair('ZZZZ-ZZZZ');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual(reused.body.error);
    expect((await pair('not a code')).body.error.code).toBe('pairing_code_invalid');
  });

  it('pairs a revoked tablet again with the same device number when it shows its last token; the old token stays dead', async () => {
    const first = await pairDevice(server.url, SEED_CONFIG_ID);
    await call(server.url, 'POST', `/api/devices/${first.deviceId}/revoke`, {});
    const again = await pair(await newPairingCode(server.url, SEED_CONFIG_ID), {
      previousToken: first.token,
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ deviceId: first.deviceId, deviceNumber: first.deviceNumber });
    expect(again.body.token).not.toBe(first.token);
    expect(
      (await call(server.url, 'GET', '/api/device', undefined, undefined, { token: again.body.token }))
        .status,
    ).toBe(200);
    const old = await call(server.url, 'GET', '/api/device', undefined, undefined, { token: first.token });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('unauthorized');
  });

  it('never hands a device over on its id alone (other tablets may have seen it), nor across configs', async () => {
    const victim = await pairDevice(server.url, SEED_CONFIG_ID);
    await call(server.url, 'POST', `/api/devices/${victim.deviceId}/revoke`, {});
    // An id is not a proof: strict body, so it is refused outright.
    expect(
      (await pair(await newPairingCode(server.url, SEED_CONFIG_ID), { previousDeviceId: victim.deviceId }))
        .status,
    ).toBe(400);
    const guessed = await pair(await newPairingCode(server.url, SEED_CONFIG_ID), {
      previousToken: 'pos_dev_guess',
    });
    expect(guessed.status).toBe(201);
    expect(guessed.body.deviceId).not.toBe(victim.deviceId);
    expect(guessed.body.deviceNumber).not.toBe(victim.deviceNumber);

    const other = (await call(server.url, 'POST', '/api/configs', { name: 'Pairing other', currency: 'EUR' }))
      .body.id as number;
    const moved = await pair(await newPairingCode(server.url, other), { previousToken: victim.token });
    expect(moved.body).toMatchObject({ configId: other, deviceNumber: 1 });
    expect(moved.body.deviceId).not.toBe(victim.deviceId);
  });

  it('lists devices with last seen, last check report and revocation for the back office', async () => {
    const device = await pairDevice(server.url, SEED_CONFIG_ID);
    await call(server.url, 'GET', '/api/sessions/1?pending=4&held=2', undefined, undefined, {
      token: device.token,
    });
    await call(server.url, 'POST', `/api/devices/${device.deviceId}/revoke`, {});
    const listed = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/devices`)).body as Record<
      string,
      unknown
    >[];
    const row = listed.find((d) => d.deviceId === device.deviceId);
    expect(row).toMatchObject({
      deviceNumber: device.deviceNumber,
      lastSeenAt: expect.any(String),
      revokedAt: expect.any(String),
      lastReport: { sessionId: 1, sessionName: 'Main counter/00001', pending: 4, held: 2 },
    });
    expect(JSON.stringify(listed)).not.toContain(device.token);
  });

  it('answers 404 for a pairing code of an unknown config and for revoking an unknown device', async () => {
    expect((await call(server.url, 'POST', '/api/configs/999/pairing-codes', {})).status).toBe(404);
    expect((await call(server.url, 'POST', '/api/devices/nope/revoke', {})).status).toBe(404);
  });
});

describe('pairing limits', () => {
  it(`refuses a code after ${PAIRING_CODE_TTL_MS / 60_000} minutes`, async () => {
    let now = new Date('2026-11-29T09:00:00Z');
    const database = await openTestDatabase();
    const app = buildApp({
      db: database.db,
      staticDir: join(tmpdir(), 'no-dist'),
      version: 'test',
      adminToken: TEST_ADMIN_TOKEN,
      now: () => now,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const admin = { token: TEST_ADMIN_TOKEN };
      const late = (
        await call(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, admin)
      ).body.code as string;
      const inTime = (
        await call(base, 'POST', `/api/configs/${SEED_CONFIG_ID}/pairing-codes`, {}, undefined, admin)
      ).body.code as string;
      now = new Date(now.getTime() + PAIRING_CODE_TTL_MS - 1);
      expect(
        (await call(base, 'POST', '/api/pair', { code: inTime }, undefined, { token: null })).status,
      ).toBe(201);
      now = new Date(now.getTime() + 1);
      const expired = await call(base, 'POST', '/api/pair', { code: late }, undefined, { token: null });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('pairing_code_invalid');
    } finally {
      await app.close();
      await database.dispose();
    }
  });

  it(`answers 429 rate_limited after ${PAIRING_ATTEMPTS_PER_MINUTE} attempts a minute from one address`, async () => {
    const own = await startTestServer({ pairingAttemptsPerMinute: PAIRING_ATTEMPTS_PER_MINUTE });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < PAIRING_ATTEMPTS_PER_MINUTE + 2; i++) {
        statuses.push(
          (await call(own.url, 'POST', '/api/pair', { code: 'ZZZZ-ZZZZ' }, undefined, { token: null }))
            .status,
        );
      }
      // The fixture's own pairing of device 1 counted as one attempt.
      expect(statuses.filter((s) => s === 401)).toHaveLength(PAIRING_ATTEMPTS_PER_MINUTE - 1);
      expect(statuses.slice(PAIRING_ATTEMPTS_PER_MINUTE - 1).every((s) => s === 429)).toBe(true);
      const limited = await call(
        own.url,
        'POST',
        '/api/pair',
        { code: await newPairingCode(own.url, SEED_CONFIG_ID) },
        undefined,
        { token: null },
      );
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      // The wait, in the message and in the header clients and proxies read.
      const wait = Number(limited.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect(limited.body.error.message).toBe(`Too many pairing attempts: try again in ${wait} s.`);
    } finally {
      await own.stop();
    }
  });

  it('behind a proxy (TRUST_PROXY=1) counts the address the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const own = await startTestServer({
      pairingAttemptsPerMinute: PAIRING_ATTEMPTS_PER_MINUTE,
      trustProxy: true,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < PAIRING_ATTEMPTS_PER_MINUTE + 2; i++) {
        // As nginx's $proxy_add_x_forwarded_for passes it: the client's made-up entry, then the real one.
        const headers = { 'x-forwarded-for': `10.9.${i}.1, 192.168.1.50` };
        statuses.push(
          (
            await call(own.url, 'POST', '/api/pair', { code: 'ZZZZ-ZZZZ' }, undefined, {
              token: null,
              headers,
            })
          ).status,
        );
      }
      expect(statuses.slice(-2)).toEqual([429, 429]);
    } finally {
      await own.stop();
    }
  });
});

describe('what the manager sees before closing', () => {
  it('lists every paired device of the config in the summary; one that never checked this session is silent, with no counts', async () => {
    const own = await startTestServer();
    try {
      const quiet = await pairDevice(own.url, SEED_CONFIG_ID);
      await call(own.url, 'GET', '/api/sessions/1?pending=3&held=1', undefined, undefined, {
        token: own.device.token,
      });
      const summary = (await call(own.url, 'GET', '/api/sessions/1/summary')).body;
      expect(summary).toMatchObject({ pending: 3, held: 1, silentDevices: 1 });
      expect(summary.devices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ deviceId: own.device.deviceId, pending: 3, held: 1, silent: false }),
          expect.objectContaining({
            deviceId: quiet.deviceId,
            deviceNumber: quiet.deviceNumber,
            pending: null,
            held: null,
            lastSeenAt: null,
            silent: true,
          }),
        ]),
      );
      // A revoked device is no longer expected to report.
      await call(own.url, 'POST', `/api/devices/${quiet.deviceId}/revoke`, {});
      expect((await call(own.url, 'GET', '/api/sessions/1/summary')).body.silentDevices).toBe(0);
    } finally {
      await own.stop();
    }
  });
});
