import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PAIR_PARAM } from '../../src/domain/api/names.js';
import {
  createPairingCode,
  getOwnDevice,
  listDevices as listDevicesRoute,
  patchDevice,
  revokeDevice as revokeDeviceRoute,
  type DeviceInfo,
} from '../../src/domain/api/devices.js';
import { hashToken, newPairingCode, normalizePairingCode } from '../auth/tokens.js';
import type { RouteContext } from '../app-deps.js';
import { getConfig } from '../db/configs-repo.js';
import {
  getDevice,
  lastReportOf,
  listDevices,
  renameDevice,
  revokeDevice,
  type DeviceRow,
} from '../db/devices-repo.js';
import type { Executor } from '../db/database.js';
import { insertPairingCode } from '../db/pairing-repo.js';
import { httpError } from '../http-error.js';
import { originOf } from '../public-url.js';

/** How long (ms) a pairing code works: long enough to walk to the tablet, short enough to be useless later. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** The API shape of a device (never its token or hash); `name` is null when the manager gave none. */
async function deviceView(db: Executor, row: DeviceRow): Promise<DeviceInfo> {
  return {
    deviceId: row.device_id,
    deviceNumber: row.device_number,
    configId: row.config_id,
    name: row.name,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    lastReport: await lastReportOf(db, row.device_id),
  };
}

/**
 * Devices and pairing (docs/ACCESS.md):
 * - `POST /api/configs/:id/pairing-codes` (admin) → 201 `{code, configId, createdAt, expiresAt,
 *   pairPath, pairUrl}`: `pairPath` is `/?pair=<code>`, `pairUrl` the whole link a tablet opens,
 *   on POS_PUBLIC_URL when set, else on the origin the request was made to (see originOf);
 * - `GET /api/configs/:id/devices` (admin), `POST /api/devices/:id/revoke` (admin);
 * - `PATCH /api/devices/:id` `{name: string | null}` (admin) → 200 the device; 400
 *   validation_failed (field `name`), 404 not_found;
 * - `GET /api/device` (a device token): the device itself.
 */
export function deviceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth, publicUrl } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(createPairingCode.url, { schema: createPairingCode.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    if (!(await getConfig(db, configId))) throw httpError('not_found', `No config ${configId}`);
    const origin = originOf(request, publicUrl);
    const code = newPairingCode();
    const at = now();
    const expiresAt = new Date(at.getTime() + PAIRING_CODE_TTL_MS);
    await insertPairingCode(db, hashToken(normalizePairingCode(code) ?? code), configId, at, expiresAt);
    const pairPath = `/?${PAIR_PARAM}=${code}`;
    return reply.code(201).send({
      code,
      configId,
      createdAt: at.toISOString(),
      expiresAt: expiresAt.toISOString(),
      pairPath,
      pairUrl: origin + pairPath,
    });
  });

  api.get(listDevicesRoute.url, { schema: listDevicesRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    if (!(await getConfig(db, configId))) throw httpError('not_found', `No config ${configId}`);
    const rows = await listDevices(db, configId);
    return Promise.all(rows.map((row) => deviceView(db, row)));
  });

  api.post(revokeDeviceRoute.url, { schema: revokeDeviceRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const deviceId = request.params.id;
    if (!(await getDevice(db, deviceId))) throw httpError('not_found', `No device ${deviceId}`);
    await revokeDevice(db, deviceId, now());
    const row = await getDevice(db, deviceId);
    if (!row) throw httpError('not_found', `No device ${deviceId}`);
    return deviceView(db, row);
  });

  api.patch(patchDevice.url, { schema: patchDevice.schema }, async (request) => {
    await auth.requireAdmin(request);
    const deviceId = request.params.id;
    const { name } = request.body;
    if (!(await renameDevice(db, deviceId, name === '' ? null : name)))
      throw httpError('not_found', `No device ${deviceId}`);
    const row = await getDevice(db, deviceId);
    if (!row) throw httpError('not_found', `No device ${deviceId}`);
    return deviceView(db, row);
  });

  api.get(getOwnDevice.url, { schema: getOwnDevice.schema }, async (request) => {
    const device = await auth.requireDevice(request);
    const row = await getDevice(db, device.deviceId);
    if (!row) throw httpError('unauthorized', 'This device is not known: pair it again.');
    return deviceView(db, row);
  });
}
