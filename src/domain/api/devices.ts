import { MAX_DEVICE_NAME_LENGTH } from '../config-limits.js';
import { IdSchema, UuidSchema } from '../ids.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { idParams, uuidParams } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/**
 * `PATCH /api/devices/:id` body: `name` trimmed, 1 to MAX_DEVICE_NAME_LENGTH characters on one
 * line; null, or a name empty once trimmed, clears it.
 */
export const DevicePatchSchema = z.strictObject({
  name: z.nullable(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(MAX_DEVICE_NAME_LENGTH),
        z.regex(/^[^\p{Cc}]*$/u, 'a name on one line, without control characters'),
        z.meta({ rule: `type 1 to ${MAX_DEVICE_NAME_LENGTH} characters (an empty name clears it)` }),
      ),
  ),
});
export type DevicePatch = z.input<typeof DevicePatchSchema>;

/** A device's latest session check report, with the session (id and name) it was made in. */
export const LastReportSchema = z.object({
  sessionId: IdSchema,
  /** e.g. `Main counter/00002`. */
  sessionName: z.string(),
  pending: z.int().check(z.nonnegative()),
  held: z.int().check(z.nonnegative()),
  lastSeenAt: z.string(),
});
export type LastReport = z.infer<typeof LastReportSchema>;

/**
 * A paired device as the manager sees it (never its token or hash). Times are ISO 8601;
 * `revokedAt` null while paired; `name` null when the manager gave none; `lastReport` null when it
 * never checked a session.
 */
export const DeviceInfoSchema = z.object({
  deviceId: UuidSchema,
  deviceNumber: z.int().check(z.minimum(1)),
  configId: IdSchema,
  name: z.nullable(z.string()),
  pairedAt: z.nullable(z.string()),
  lastSeenAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
  lastReport: z.nullable(LastReportSchema),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

/**
 * `POST /api/configs/:id/pairing-codes` answer: a one-time code valid until `expiresAt`.
 * `createdAt` is server time (a device paired at or after it used this code or a later one);
 * `pairPath` is `/?pair=<code>`, `pairUrl` the whole link a tablet opens (POS_PUBLIC_URL when set,
 * else the origin the request was made to).
 */
export const PairingCodeSchema = z.object({
  code: z.string(),
  configId: IdSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  pairPath: z.string(),
  pairUrl: z.string(),
});
export type PairingCode = z.infer<typeof PairingCodeSchema>;

const DeviceParams = uuidParams('device');

export const createPairingCode = {
  method: 'POST',
  url: '/api/configs/:id/pairing-codes',
  schema: {
    summary: 'A one-time pairing code for a tablet of the config (valid 10 minutes)',
    tags: ['devices'],
    security: WHO.admin,
    params: idParams('config'),
    response: { 201: PairingCodeSchema, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const listDevices = {
  method: 'GET',
  url: '/api/configs/:id/devices',
  schema: {
    summary: "The config's devices, revoked ones included",
    tags: ['devices'],
    security: WHO.admin,
    params: idParams('config'),
    response: { 200: z.array(DeviceInfoSchema), ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const revokeDevice = {
  method: 'POST',
  url: '/api/devices/:id/revoke',
  schema: {
    summary: 'Unpair a device: its token stops working; what it holds stays on it',
    tags: ['devices'],
    security: WHO.admin,
    params: DeviceParams,
    response: { 200: DeviceInfoSchema, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const patchDevice = {
  method: 'PATCH',
  url: '/api/devices/:id',
  schema: {
    summary: "Name a device (null or '' clears the name)",
    tags: ['devices'],
    security: WHO.admin,
    params: DeviceParams,
    body: DevicePatchSchema,
    response: {
      200: DeviceInfoSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const getOwnDevice = {
  method: 'GET',
  url: '/api/device',
  schema: {
    summary: 'The device the token belongs to',
    tags: ['devices'],
    security: WHO.device,
    response: { 200: DeviceInfoSchema, ...errorAnswers(...AUTH_ERRORS) },
  },
} as const satisfies RouteContract;
