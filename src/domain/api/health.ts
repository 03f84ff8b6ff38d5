import { z } from '../zod.js';
import { errorAnswers } from './error-schema.js';
import { WHO, type RouteContract } from './route-contract.js';

/** `GET /api/health` answer: this instance can serve; `version` is the build's. */
export const HealthSchema = z.object({ ok: z.literal(true), version: z.string() });
export type Health = z.infer<typeof HealthSchema>;

export const getHealth = {
  method: 'GET',
  url: '/api/health',
  schema: {
    summary: 'Can this instance serve (its database answers, its change feed listens)?',
    description: 'No token: it tells nothing but the version. 503 database_unavailable otherwise.',
    tags: ['health'],
    security: WHO.anyone,
    response: { 200: HealthSchema, ...errorAnswers() },
  },
} as const satisfies RouteContract;
