import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdSchema } from '../../src/domain/ids.js';
import type { RouteContext } from '../app-deps.js';
import { getConfig } from '../db/configs-repo.js';
import { MAX_DEVICE_NUMBER, registerDevice } from '../db/devices-repo.js';
import { httpError } from '../http-error.js';
import { parseInput, readId } from '../parse-input.js';

const DeviceBodySchema = z.strictObject({ configId: IdSchema });

/**
 * `POST /api/devices` `{configId}` → 201 `{deviceId, deviceNumber, configId}`: a new device with
 * the lowest free number (1..999) of that config. 404 unknown config, 409 conflict when all 999
 * numbers are taken.
 */
export function deviceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;
  app.post('/api/devices', async (request, reply) => {
    const { configId } = parseInput(DeviceBodySchema, request.body);
    const id = readId(configId);
    if (id === null || !getConfig(db, id)) throw httpError('not_found', `No config ${configId}`);
    const device = registerDevice(db, id, now());
    if (!device) throw httpError('conflict', `All ${MAX_DEVICE_NUMBER} device numbers of config ${id} are taken.`);
    return reply.code(201).send(device);
  });
}
