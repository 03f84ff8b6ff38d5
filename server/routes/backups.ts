import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getLastBackup, type BackupStatus } from '../../src/domain/api/backups.js';
import type { RouteContext } from '../app-deps.js';
import { BACKUPS_OFF } from '../backup/schedule.js';

/**
 * `GET /api/backups/last` (admin) → 200 the scheduled backups' status (BackupStatus): whether they
 * run, the last one made and the last failure, for the back office's Settings. `status` is the
 * schedule's (start-server.ts); absent, backups are off.
 */
export function backupRoutes(app: FastifyInstance, ctx: RouteContext, status?: () => BackupStatus): void {
  const { auth } = ctx;
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(getLastBackup.url, { schema: getLastBackup.schema }, async (request) => {
      await auth.requireAdmin(request);
      return status ? status() : BACKUPS_OFF;
    });
}
