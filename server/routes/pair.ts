import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pairDevice } from '../../src/domain/api/pair.js';
import type { RouteContext } from '../app-deps.js';
import { sharedRateLimitStore } from '../auth/shared-rate-limit-store.js';
import { DEVICE_TOKEN_PREFIX, hashToken, newToken, normalizePairingCode } from '../auth/tokens.js';
import { lockConfig } from '../db/configs-repo.js';
import {
  findDeviceByTokenHash,
  MAX_DEVICE_NUMBER,
  registerDevice,
  repairDevice,
} from '../db/devices-repo.js';
import { claimPairingCode, setPairingCodeDevice } from '../db/pairing-repo.js';
import { httpError } from '../http-error.js';

/** Pairing attempts allowed per client address and minute: 40-bit codes cannot be guessed at this pace. */
export const PAIRING_ATTEMPTS_PER_MINUTE = 10;
/** The window pairing attempts are counted in (ms). */
const PAIRING_WINDOW_MS = 60_000;

/**
 * `POST /api/pair` `{code, previousToken?}` (no token) → 201 `{token, deviceId, deviceNumber,
 * configId}`. 401 pairing_code_invalid for a code that is unknown, expired or already used (one
 * answer for the three); 409 conflict when all 999 device numbers are taken; 429 rate_limited
 * after `attemptsPerMinute` attempts (default {@link PAIRING_ATTEMPTS_PER_MINUTE}) a minute from one
 * address (the proxy's X-Forwarded-For with TRUST_PROXY=1), counted in the database so the
 * limit holds across instances (shared-rate-limit-store.ts). When
 * `previousToken` is the last token of a device of the code's config (revoked or not), that
 * device is paired again: new token, same number (its old orders carry it), revocation lifted.
 * Anything else pairs a new device. Registered in its own scope so the
 * rate limit applies to this route only.
 */
export async function pairRoutes(
  app: FastifyInstance,
  ctx: RouteContext,
  attemptsPerMinute: number,
): Promise<void> {
  const { db, now } = ctx;
  await app.register(rateLimit, {
    global: false,
    store: sharedRateLimitStore(db, now, 'pair'),
    // What it returns is thrown: a PosError gets the API's error shape from the error handler.
    errorResponseBuilder: (_request, context) =>
      httpError(
        'rate_limited',
        `Too many pairing attempts: try again in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    pairDevice.url,
    {
      schema: pairDevice.schema,
      config: { rateLimit: { max: attemptsPerMinute, timeWindow: PAIRING_WINDOW_MS } },
    },
    async (request, reply) => {
      const { code, previousToken } = request.body;
      const invalid = httpError(
        'pairing_code_invalid',
        'This pairing code is unknown, expired or already used: ask the manager for a new one.',
      );
      const normalized = normalizePairingCode(code);
      if (!normalized) throw invalid;
      const codeHash = hashToken(normalized);
      const token = newToken(DEVICE_TOKEN_PREFIX);
      const at = now();
      const paired = await db.transaction().execute(async (trx) => {
        // One conditional update claims the code: of two redemptions at once, one pairs.
        const claim = await claimPairingCode(trx, codeHash, at);
        if (!claim) throw invalid;
        // Only the holder of a device's last token is that device: an id alone (which other
        // tablets may have seen) proves nothing. Revocation keeps the hash for this.
        const previous = previousToken
          ? await findDeviceByTokenHash(trx, hashToken(previousToken))
          : undefined;
        let device;
        if (previous?.config_id === claim.configId) {
          // The same tablet again: keep its number, so the orders it wrote before still match it.
          await repairDevice(trx, previous.device_id, hashToken(token), at);
          device = {
            deviceId: previous.device_id,
            deviceNumber: previous.device_number,
            configId: previous.config_id,
          };
        } else {
          // Numbered under the config's lock: two tablets paired at once get two numbers.
          await lockConfig(trx, claim.configId);
          device = await registerDevice(trx, claim.configId, hashToken(token), at);
          if (!device)
            throw httpError(
              'conflict',
              `All ${MAX_DEVICE_NUMBER} device numbers of config ${claim.configId} are taken.`,
            );
        }
        await setPairingCodeDevice(trx, codeHash, device.deviceId);
        return device;
      });
      return reply.code(201).send({ token, ...paired });
    },
  );
}
