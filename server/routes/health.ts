import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getHealth } from '../../src/domain/api/health.js';
import { pingDatabase } from '../db/ping.js';
import type { Executor } from '../db/database.js';
import type { ChangeFeed } from '../events/change-feed.js';
import { httpError } from '../http-error.js';

/**
 * `GET /api/health` → 200 `{ok: true, version}` when this instance can serve: its database
 * answers a `SELECT 1` (through the request pool, within its bounds) and, on PostgreSQL, its change
 * feed is listening. Otherwise 503 `{error: {code: "database_unavailable", message}}` (the message
 * says which), so a load balancer sends tills elsewhere; 200 again by itself once both are back.
 * No token: it tells nothing but the version.
 */
export function healthRoutes(
  app: FastifyInstance,
  deps: { version: string; db: Executor; changes: ChangeFeed },
): void {
  const { version, db, changes } = deps;
  app.withTypeProvider<ZodTypeProvider>().get(getHealth.url, { schema: getHealth.schema }, async () => {
    await pingDatabase(db);
    const feed = changes.state?.();
    if (feed !== undefined && feed !== 'listening') {
      throw httpError(
        'database_unavailable',
        `Changes made on other instances do not reach this one yet (its change feed is ${feed}): try again in a moment.`,
      );
    }
    return { ok: true as const, version };
  });
}
