import { z } from '../zod.js';
import { AUTH_ERRORS, errorAnswers } from './error-schema.js';
import { WHO, type RouteContract } from './route-contract.js';

/**
 * The server's scheduled backups (SQLite only; docs/OPERATIONS.md): `scheduled` false when off
 * (POS_BACKUP_EVERY_H unset, or PostgreSQL, backed up by pg_dump outside the server), with the
 * other fields null. `last` is the newest backup made (time ISO 8601, file path, size in bytes;
 * not what it holds: counting a copy would hold up the server's requests), null before the first; `lastFailure` the latest attempt's
 * failure, null once a later backup succeeded.
 */
export const BackupStatusSchema = z.object({
  scheduled: z.boolean(),
  everyHours: z.nullable(z.number()),
  keep: z.nullable(z.int()),
  last: z.nullable(
    z.object({
      at: z.string(),
      file: z.string(),
      bytes: z.int().check(z.nonnegative()),
    }),
  ),
  lastFailure: z.nullable(z.object({ at: z.string(), message: z.string() })),
});
export type BackupStatus = z.infer<typeof BackupStatusSchema>;

export const getLastBackup = {
  method: 'GET',
  url: '/api/backups/last',
  schema: {
    summary: 'The scheduled backups: on or off, the last one made, the last failure',
    description:
      'SQLite only (POS_BACKUP_EVERY_H); on PostgreSQL `scheduled` is false: back it up with pg_dump (npm run backup).',
    tags: ['backups'],
    security: WHO.admin,
    response: { 200: BackupStatusSchema, ...errorAnswers(...AUTH_ERRORS) },
  },
} as const satisfies RouteContract;
