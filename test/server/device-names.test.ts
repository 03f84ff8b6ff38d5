import { describe, expect, it } from 'vitest';
import { MAX_DEVICE_NAME_LENGTH } from '../../src/domain/config-limits.js';
import { call, pairDevice, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

/** The device as the back office lists it. */
async function listed(deviceId: string) {
  const devices = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/devices`)).body as {
    deviceId: string;
    name: string | null;
  }[];
  return devices.find((d) => d.deviceId === deviceId);
}

const rename = (deviceId: string, body: unknown) =>
  call(server.url, 'PATCH', `/api/devices/${deviceId}`, body);

describe('naming a tablet', () => {
  it('keeps the trimmed name and answers the device view with it', async () => {
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);
    const answer = await rename(tablet.deviceId, { name: '  Counter tablet 1 ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      deviceId: tablet.deviceId,
      deviceNumber: tablet.deviceNumber,
      configId: SEED_CONFIG_ID,
      name: 'Counter tablet 1',
      pairedAt: expect.any(String),
      lastSeenAt: null,
      revokedAt: null,
      lastReport: null,
    });
    expect((await listed(tablet.deviceId))?.name).toBe('Counter tablet 1');
  });

  it('a new tablet has no name (null), and null or an empty name clears one', async () => {
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);
    expect((await listed(tablet.deviceId))?.name).toBeNull();
    await rename(tablet.deviceId, { name: 'Terrace' });
    expect((await rename(tablet.deviceId, { name: null })).body.name).toBeNull();
    await rename(tablet.deviceId, { name: 'Terrace' });
    expect((await rename(tablet.deviceId, { name: '   ' })).body.name).toBeNull();
    expect((await listed(tablet.deviceId))?.name).toBeNull();
  });

  it('refuses a name too long, on two lines, of the wrong type, or missing: 400 with field name, the old name kept', async () => {
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);
    await rename(tablet.deviceId, { name: 'Bar' });
    for (const body of [
      { name: 'x'.repeat(MAX_DEVICE_NAME_LENGTH + 1) },
      { name: 'Bar\nnumber 2' },
      { name: 7 },
      {},
    ]) {
      const answer = await rename(tablet.deviceId, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'name' });
      expect(answer.body.error.message).toMatch(/^name: /);
    }
    expect(
      (await rename(tablet.deviceId, { name: 'x'.repeat(MAX_DEVICE_NAME_LENGTH + 1) })).body.error.message,
    ).toBe(`name: type 1 to ${MAX_DEVICE_NAME_LENGTH} characters (an empty name clears it), or null`);
    expect((await listed(tablet.deviceId))?.name).toBe('Bar');
    // Exactly the limit is fine.
    expect((await rename(tablet.deviceId, { name: 'y'.repeat(MAX_DEVICE_NAME_LENGTH) })).status).toBe(200);
  });

  it('answers 404 not_found for a device that does not exist', async () => {
    const answer = await rename('00000000-0000-4000-8000-000000000000', { name: 'Ghost' });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('a tablet paired again keeps its name with its number', async () => {
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);
    await rename(tablet.deviceId, { name: 'Kitchen' });
    await call(server.url, 'POST', `/api/devices/${tablet.deviceId}/revoke`, {});
    const again = await pairDevice(server.url, SEED_CONFIG_ID, tablet.token);
    expect(again.deviceId).toBe(tablet.deviceId);
    expect((await listed(tablet.deviceId))?.name).toBe('Kitchen');
  });

  it('the session summary names the tablets that hold orders, so closing can say which', async () => {
    const tablet = await pairDevice(server.url, SEED_CONFIG_ID);
    await rename(tablet.deviceId, { name: 'Counter tablet 1' });
    const sessionId = (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body
      .currentSessionId as number;
    await call(server.url, 'GET', `/api/sessions/${sessionId}?pending=2&held=0`, undefined, undefined, {
      token: tablet.token,
    });
    const summary = (await call(server.url, 'GET', `/api/sessions/${sessionId}/summary`)).body;
    expect(summary.devices).toContainEqual(
      expect.objectContaining({ deviceId: tablet.deviceId, name: 'Counter tablet 1', pending: 2 }),
    );
    // Tablets never heard from in the session are listed too, with their name (or null).
    expect(summary.devices).toContainEqual(
      expect.objectContaining({ deviceId: server.device.deviceId, name: null }),
    );
  });
});
