import { IdSchema, UuidSchema } from '../ids.js';
import { z } from '../zod.js';
import { BODY_ERRORS, errorAnswers } from './error-schema.js';
import { WHO, type RouteContract } from './route-contract.js';

/** `POST /api/pair` body: the code the back office showed, and the tablet's last token if it had one. */
export const PairBodySchema = z.strictObject({
  code: z.string().check(z.minLength(1), z.maxLength(32)),
  previousToken: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type PairBody = z.input<typeof PairBodySchema>;

/** `POST /api/pair` answer: the device token (shown once, kept by the tablet) and who the tablet is now. */
export const PairedDeviceSchema = z.object({
  token: z.string(),
  deviceId: UuidSchema,
  deviceNumber: z.int().check(z.minimum(1)),
  configId: IdSchema,
});
export type PairedDevice = z.infer<typeof PairedDeviceSchema>;

export const pairDevice = {
  method: 'POST',
  url: '/api/pair',
  schema: {
    summary: 'Pair a tablet with a one-time code',
    description:
      'No token. 401 pairing_code_invalid for a code unknown, expired or used; 409 conflict when ' +
      "all device numbers of the code's config are taken; 429 rate_limited after too many attempts " +
      'from one address. With the previousToken of a device of the same config, that device is paired ' +
      'again and keeps its number.',
    tags: ['devices'],
    security: WHO.anyone,
    body: PairBodySchema,
    response: {
      201: PairedDeviceSchema,
      ...errorAnswers(
        'validation_failed',
        ...BODY_ERRORS,
        'pairing_code_invalid',
        'conflict',
        'rate_limited',
      ),
    },
  },
} as const satisfies RouteContract;
