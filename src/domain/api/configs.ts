import { ManagerPinSchema } from '../manager-pin.js';
import {
  CheckFrequencySchema,
  CurrencySchema,
  PosConfigSchema,
  SyncedRetentionDaysSchema,
  TimeZoneSchema,
} from '../pos-config.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { idParams, MAX_ID } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/** A config's name: 1–80 characters once trimmed, on one line (no control character). */
function configName() {
  return z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(80),
      z.regex(/^[^\p{Cc}]*$/u),
      z.meta({ rule: 'type 1 to 80 characters on one line' }),
    );
}

/**
 * `PATCH /api/configs/:id` body: name 1–80 characters (unique); frequency 5..86400 s; max
 * unverified age a positive number of seconds or null; retention of synced orders 1..365 days;
 * manager PIN 4–8 digits (null removes it); cash control on or off (sessions opened after the
 * change follow it, and so does the close of the session open now); the shop's IANA time zone.
 * Units name the numbers in validation messages (server/input-rules.ts).
 */
export const ConfigPatchSchema = z.strictObject({
  name: z.optional(configName()),
  checkSessionStateFrequency: z.optional(CheckFrequencySchema.check(z.meta({ unit: 'seconds' }))),
  maxUnverifiedSeconds: z.optional(z.nullable(z.int().check(z.positive(), z.meta({ unit: 'seconds' })))),
  syncedRetentionDays: z.optional(SyncedRetentionDaysSchema.check(z.meta({ unit: 'days' }))),
  managerPin: z.optional(z.nullable(ManagerPinSchema)),
  cashControl: z.optional(z.boolean()),
  timeZone: z.optional(TimeZoneSchema),
});
export type ConfigPatch = z.input<typeof ConfigPatchSchema>;

/**
 * `POST /api/configs` body: a new POS config (no session yet); frequency in seconds. It starts
 * with no catalog, or with a copy of the products of config `copyCatalogFrom` (active and
 * archived, new ids), which must sell in the same currency (prices are minor units of it).
 * `cashControl` is off and `timeZone` is `UTC` unless given.
 */
export const ConfigCreateSchema = z.strictObject({
  name: configName(),
  currency: CurrencySchema.check(
    z.meta({ rule: 'a currency code of 3 capital letters (ISO 4217), e.g. EUR' }),
  ),
  checkSessionStateFrequency: z.optional(CheckFrequencySchema.check(z.meta({ unit: 'seconds' }))),
  cashControl: z.optional(z.boolean()),
  timeZone: z.optional(TimeZoneSchema),
  copyCatalogFrom: z.optional(
    z.int().check(
      z.nonnegative(),
      z.maximum(MAX_ID),
      z.meta({
        rule: 'the id of a POS config',
        description: 'The config whose products the new one starts with',
      }),
    ),
  ),
});
export type ConfigCreate = z.input<typeof ConfigCreateSchema>;

const ConfigParams = idParams('config');

export const listConfigs = {
  method: 'GET',
  url: '/api/configs',
  schema: {
    summary: 'Every POS config',
    tags: ['configs'],
    security: WHO.admin,
    response: { 200: z.array(PosConfigSchema), ...errorAnswers(...AUTH_ERRORS) },
  },
} as const satisfies RouteContract;

export const createConfig = {
  method: 'POST',
  url: '/api/configs',
  schema: {
    summary: 'Make a POS config, with a copy of the catalog of config copyCatalogFrom if given',
    tags: ['configs'],
    security: WHO.admin,
    body: ConfigCreateSchema,
    response: {
      201: PosConfigSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict'),
    },
  },
} as const satisfies RouteContract;

export const getConfig = {
  method: 'GET',
  url: '/api/configs/:id',
  schema: {
    summary: 'One POS config (currentSessionId: its session that is not closed)',
    tags: ['configs'],
    security: WHO.configDeviceOrAdmin,
    params: ConfigParams,
    response: {
      200: PosConfigSchema,
      ...errorAnswers(...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const patchConfig = {
  method: 'PATCH',
  url: '/api/configs/:id',
  schema: {
    summary: 'Change a POS config; a new managerPin is kept as its hash only',
    tags: ['configs'],
    security: WHO.admin,
    params: ConfigParams,
    body: ConfigPatchSchema,
    response: {
      200: PosConfigSchema,
      ...errorAnswers('validation_failed', ...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict'),
    },
  },
} as const satisfies RouteContract;
