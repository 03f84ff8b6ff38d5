import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from '../app-deps.js';
import { DEVICE_TOKEN_PREFIX, hashToken, newToken, normalizePairingCode } from '../auth/tokens.js';
import { getDevice, MAX_DEVICE_NUMBER, registerDevice, repairDevice } from '../db/devices-repo.js';
import { findPairingCode, markPairingCodeUsed } from '../db/pairing-repo.js';
import { httpError } from '../http-error.js';
import { parseInput } from '../parse-input.js';

/** Pairing attempts allowed per client address and minute: 40-bit codes cannot be guessed at this pace. */
export const PAIRING_ATTEMPTS_PER_MINUTE = 10;

const PairBodySchema = z.strictObject({
  code: z.string().min(1).max(32),
  previousDeviceId: z.string().min(1).max(64).optional(),
});

/**
 * `POST /api/pair` `{code, previousDeviceId?}` (no token) → 201 `{token, deviceId, deviceNumber,
 * configId}`. 401 pairing_code_invalid for a code that is unknown, expired or already used (one
 * answer for the three); 409 conflict when all 999 device numbers are taken; 429 rate_limited
 * after `attemptsPerMinute` attempts (default {@link PAIRING_ATTEMPTS_PER_MINUTE}) a minute from one
 * address (the proxy's X-Forwarded-For with TRUST_PROXY=1). When
 * `previousDeviceId` is a revoked (or token-less) device of the code's config, that device is
 * paired again: new token, same number (its old orders carry it), revocation lifted. Registered in its own scope so the
 * rate limit applies to this route only.
 */
export async function pairRoutes(app: FastifyInstance, ctx: RouteContext, attemptsPerMinute: number): Promise<void> {
  const { db, now } = ctx;
  await app.register(rateLimit, {
    global: false,
    // What it returns is thrown: a PosError gets the API's error shape from the error handler.
    errorResponseBuilder: (_request, context) =>
      httpError('rate_limited', `Too many pairing attempts: try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  app.post(
    '/api/pair',
    { config: { rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const { code, previousDeviceId } = parseInput(PairBodySchema, request.body);
      const invalid = httpError('pairing_code_invalid', 'This pairing code is unknown, expired or already used: ask the manager for a new one.');
      const normalized = normalizePairingCode(code);
      if (!normalized) throw invalid;
      const codeHash = hashToken(normalized);
      const token = newToken(DEVICE_TOKEN_PREFIX);
      const at = now();
      const paired = db.transaction(() => {
        const row = findPairingCode(db, codeHash);
        if (!row || row.used_at || Date.parse(row.expires_at) <= at.getTime()) throw invalid;
        const previous = previousDeviceId ? getDevice(db, previousDeviceId) : undefined;
        let device;
        if (previous && previous.config_id === row.config_id && (previous.revoked_at || !previous.token_hash)) {
          // The same tablet again (unpaired, or from before tokens): keep its number, so the
          // orders it wrote before still match it. A working device is never taken over.
          repairDevice(db, previous.device_id, hashToken(token), at);
          device = { deviceId: previous.device_id, deviceNumber: previous.device_number, configId: previous.config_id };
        } else {
          device = registerDevice(db, row.config_id, hashToken(token), at);
          if (!device) throw httpError('conflict', `All ${MAX_DEVICE_NUMBER} device numbers of config ${row.config_id} are taken.`);
        }
        markPairingCodeUsed(db, codeHash, device.deviceId, at);
        return device;
      })();
      return reply.code(201).send({ token, ...paired });
    },
  );
}
