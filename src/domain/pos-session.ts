import { z } from './zod.js';
import { IdSchema, UuidSchema } from './ids.js';
import { CheckFrequencySchema } from './pos-config.js';
import { SessionStateSchema } from './session-state.js';

/**
 * What one device last reported about its outbox in a session check, so the back office sees what it still
 * holds.
 */
export const DeviceReportSchema = z.object({
  deviceId: UuidSchema,
  pending: z.int().check(z.nonnegative()),
  held: z.int().check(z.nonnegative()),
  lastSeenAt: z.string(),
});
export type DeviceReport = z.infer<typeof DeviceReportSchema>;

/**
 * The register's session that is not closed, when it is another one than the session it is sent
 * with: `state` is a plain string so that a state this build does not know still parses.
 */
export const NextSessionSchema = z.object({ id: IdSchema, name: z.string(), state: z.string() });
export type NextSession = z.infer<typeof NextSessionSchema>;

/**
 * The session resource, the answer of the session check `GET /api/sessions/:id`. Times are ISO
 * 8601 strings in server time. `checkSessionStateFrequency` (s) is the config's, sent along so a
 * change on the server takes effect at the next check. `nextSession` is the register's session
 * that is not closed when it is another one (absent from older servers): a till blocked on this
 * session learns from it that Reload continues in a new one. `catalogVersion` is the config's
 * catalog version, raised by every change to one of its products (absent from older servers): a
 * till that sees a new one fetches the catalog again. Under cash control (`cashControl`, the
 * config's), `expectedOpeningCash` is the float the drawer should hold (the last counted drawer of
 * the register, minor units) and `openingCash` the float counted (null until counted); all three
 * are absent from older servers. `lastSyncedKnown` answers a device's check that named the last
 * entry the server confirmed to it (`lastSynced`): false when the server no longer has it, its data
 * restored from a copy made before; absent otherwise and from older servers.
 */
export const PosSessionSchema = z.object({
  id: IdSchema,
  name: z.string(),
  configId: IdSchema,
  state: SessionStateSchema,
  openedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  checkSessionStateFrequency: z.optional(CheckFrequencySchema),
  maxUnverifiedSeconds: z.optional(z.nullable(z.int().check(z.positive()))),
  catalogVersion: z.optional(z.int().check(z.positive())),
  rescue: z.optional(z.boolean()),
  devices: z.optional(z.array(DeviceReportSchema)),
  nextSession: z.optional(z.nullable(NextSessionSchema)),
  cashControl: z.optional(z.boolean()),
  expectedOpeningCash: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  openingCash: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  lastSyncedKnown: z.optional(z.boolean()),
});
export type PosSession = z.infer<typeof PosSessionSchema>;

/**
 * The session check answer read loosely: everything of {@link PosSessionSchema} but `state`, which
 * is any string, so that a state this build does not know is told apart from garbage.
 */
export const LooseSessionSchema = z.extend(PosSessionSchema, { state: z.string() });
