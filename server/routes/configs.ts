import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ManagerPinSchema } from '../../src/domain/manager-pin.js';
import { CheckFrequencySchema, CurrencySchema, DEFAULT_CHECK_FREQUENCY_S, SyncedRetentionDaysSchema } from '../../src/domain/pos-config.js';
import type { RouteContext } from '../app-deps.js';
import { hashManagerPin } from '../config/manager-pin-hash.js';
import { configView } from '../config-view.js';
import { createConfig, getConfig, listConfigs, updateConfig } from '../db/configs-repo.js';
import { unclosedSessionIds } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { parseInput, requireId } from '../parse-input.js';
import { publishSession } from '../publish-session.js';

/**
 * PATCH body: name 1–80 characters (unique); frequency 5..86400 s; max unverified age a positive number of seconds or null;
 * retention of synced orders 1..365 days; manager PIN 4–8 digits (null removes it).
 */
const ConfigPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  // Units name the numbers in validation messages (input-rules.ts).
  checkSessionStateFrequency: CheckFrequencySchema.meta({ unit: 'seconds' }).optional(),
  maxUnverifiedSeconds: z.number().int().positive().meta({ unit: 'seconds' }).nullable().optional(),
  syncedRetentionDays: SyncedRetentionDaysSchema.meta({ unit: 'days' }).optional(),
  managerPin: ManagerPinSchema.nullable().optional(),
});

/** POST body: a new POS config (no catalog, no session yet). */
const ConfigCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  currency: CurrencySchema.meta({ rule: 'a currency code of 3 capital letters (ISO 4217), e.g. EUR' }),
  checkSessionStateFrequency: CheckFrequencySchema.meta({ unit: 'seconds' }).optional(),
});

/**
 * `POST /api/configs` (admin: 201, 409 conflict for a name in use), `GET /api/configs` (admin),
 * `GET /api/configs/:id` (its devices or the admin) and `PATCH /api/configs/:id` (admin; 400
 * validation_failed out of range, 404 unknown id). A `managerPin` is stored as its PBKDF2 hash
 * only (answered as `managerPinHash`). A PATCH is pushed to the event streams of the
 * config's sessions that are not closed, so tills pick up a new frequency at once.
 */
export function configRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, events, auth } = ctx;

  app.get('/api/configs', async (request) => {
    auth.requireAdmin(request);
    return listConfigs(db).map((row) => configView(db, row));
  });

  app.post('/api/configs', async (request, reply) => {
    auth.requireAdmin(request);
    const input = parseInput(ConfigCreateSchema, request.body);
    const row = db.transaction(() => {
      if (listConfigs(db).some((c) => c.name === input.name)) throw httpError('conflict', `Another POS config is already named ${input.name}.`);
      return createConfig(db, { ...input, checkSessionStateFrequency: input.checkSessionStateFrequency ?? DEFAULT_CHECK_FREQUENCY_S });
    })();
    return reply.code(201).send(configView(db, row));
  });

  app.get<{ Params: { id: string } }>('/api/configs/:id', async (request) => {
    const id = requireId(request.params.id, 'config');
    auth.requireConfigAccess(request, id);
    const row = getConfig(db, id);
    if (!row) throw httpError('not_found', `No config ${id}`);
    return configView(db, row);
  });

  app.patch<{ Params: { id: string } }>('/api/configs/:id', async (request) => {
    auth.requireAdmin(request);
    const id = requireId(request.params.id, 'config');
    const { managerPin, ...rest } = parseInput(ConfigPatchSchema, request.body);
    // Hashed before the transaction: PBKDF2 takes a while and must not hold the database.
    const pinHash = managerPin === undefined ? undefined : managerPin === null ? null : JSON.stringify(await hashManagerPin(managerPin));
    const row = db.transaction(() => {
      if (!getConfig(db, id)) throw httpError('not_found', `No config ${id}`);
      if (rest.name !== undefined && listConfigs(db).some((c) => c.id !== id && c.name === rest.name)) {
        throw httpError('conflict', `Another POS config is already named ${rest.name}.`);
      }
      updateConfig(db, id, { ...rest, managerPinHash: pinHash });
      return getConfig(db, id);
    })();
    if (!row) throw httpError('not_found', `No config ${id}`);
    for (const sessionId of unclosedSessionIds(db, id)) publishSession(db, events, sessionId);
    return configView(db, row);
  });
}
