import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LastReport } from '../../src/domain/api/devices.js';
import type { DeviceReport } from '../../src/domain/pos-session.js';
import type { DeviceRow, Executor } from './database.js';

export type { DeviceRow };

/** Highest device number: references carry it on 3 digits. */
export const MAX_DEVICE_NUMBER = 999;

/** A registered device. */
export interface DeviceRegistration {
  deviceId: string;
  deviceNumber: number;
  configId: number;
}

/** The device `deviceId`, or undefined. */
export async function getDevice(db: Executor, deviceId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
}

/** The devices `deviceIds` that exist, by id. */
export async function getDevices(
  db: Executor,
  deviceIds: readonly string[],
): Promise<Map<string, DeviceRow>> {
  const rows = await db
    .selectFrom('devices')
    .selectAll()
    .where('device_id', 'in', [...deviceIds])
    .execute();
  return new Map(rows.map((r) => [r.device_id, r]));
}

/** The device whose token hashes to `tokenHash` (revoked or not), or undefined. */
export async function findDeviceByTokenHash(db: Executor, tokenHash: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Devices of config `configId` by number. */
export async function listDevices(db: Executor, configId: number): Promise<DeviceRow[]> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('config_id', '=', configId)
    .orderBy('device_number')
    .execute();
}

/**
 * Registers a new device of config `configId` with the lowest free number (1..999) and the
 * token hash `tokenHash`. Call it inside a transaction that locked the config first (lockConfig),
 * so that two pairings at once do not pick the same number. Returns null when all numbers are
 * taken (revoked devices keep theirs: orders carry them).
 */
export async function registerDevice(
  trx: Executor,
  configId: number,
  tokenHash: string,
  now: Date,
): Promise<DeviceRegistration | null> {
  const used = await trx
    .selectFrom('devices')
    .select('device_number')
    .where('config_id', '=', configId)
    .orderBy('device_number')
    .execute();
  let next = 1;
  for (const { device_number: n } of used) {
    if (n !== next) break;
    next += 1;
  }
  if (next > MAX_DEVICE_NUMBER) return null;
  const deviceId = randomUUID();
  const at = now.toISOString();
  await trx
    .insertInto('devices')
    .values({
      device_id: deviceId,
      config_id: configId,
      device_number: next,
      created_at: at,
      token_hash: tokenHash,
      paired_at: at,
    })
    .execute();
  return { deviceId, deviceNumber: next, configId };
}

/** Gives device `deviceId` a new token hash and clears its revocation (a re-pairing). */
export async function repairDevice(
  db: Executor,
  deviceId: string,
  tokenHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({ token_hash: tokenHash, paired_at: now.toISOString(), revoked_at: null })
    .where('device_id', '=', deviceId)
    .execute();
}

/** Revokes device `deviceId` (its token stops working; its number stays taken). No-op when already revoked. */
export async function revokeDevice(db: Executor, deviceId: string, now: Date): Promise<void> {
  await db
    .updateTable('devices')
    .set({ revoked_at: now.toISOString() })
    .where('device_id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Names device `deviceId` (`null` clears the name); false when there is no such device. */
export async function renameDevice(db: Executor, deviceId: string, name: string | null): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ name })
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sets when device `deviceId` last made an authenticated request. */
export async function touchDevice(db: Executor, deviceId: string, now: Date): Promise<void> {
  await db
    .updateTable('devices')
    .set({ last_seen_at: now.toISOString() })
    .where('device_id', '=', deviceId)
    .execute();
}

/** The latest session check report of device `deviceId`, or null when it never checked. */
export async function lastReportOf(db: Executor, deviceId: string): Promise<LastReport | null> {
  const row = await db
    .selectFrom('device_reports as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select([
      'r.session_id as sessionId',
      's.name as sessionName',
      'r.pending',
      'r.held',
      'r.last_seen_at as lastSeenAt',
    ])
    .where('r.device_id', '=', deviceId)
    .orderBy('r.last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** Records what device `report.deviceId` said about its outbox in a check of session `sessionId`. */
export async function upsertDeviceReport(
  db: Executor,
  sessionId: number,
  report: DeviceReport,
): Promise<void> {
  await db
    .insertInto('device_reports')
    .values({
      session_id: sessionId,
      device_id: report.deviceId,
      pending: report.pending,
      held: report.held,
      last_seen_at: report.lastSeenAt,
    })
    .onConflict((oc) =>
      oc.columns(['session_id', 'device_id']).doUpdateSet((eb) => ({
        pending: eb.ref('excluded.pending'),
        held: eb.ref('excluded.held'),
        last_seen_at: eb.ref('excluded.last_seen_at'),
      })),
    )
    .execute();
}

/**
 * Takes `count` orders rescued from device `deviceNumber` of config `configId` off that device's
 * last report for the closed session `sessionId`: off `held` first, then off `pending` (a report
 * made before the tablet learnt of the closure counts them as pending). The tablet stops checking
 * a closed session, so without this its last report would name orders long rescued. `last_seen_at`
 * stays the tablet's. Never below zero; a device without a report is left alone.
 */
export async function dischargeRescued(
  trx: Executor,
  sessionId: number,
  configId: number,
  deviceNumber: number,
  count: number,
): Promise<void> {
  // What is left to take off `pending` once `held` is used up: max(0, count - held).
  const beyondHeld = sql<number>`case when ${count} > held then ${count} - held else 0 end`;
  await trx
    .updateTable('device_reports')
    .set({
      pending: sql<number>`case when pending > ${beyondHeld} then pending - ${beyondHeld} else 0 end`,
      held: sql<number>`case when held > ${count} then held - ${count} else 0 end`,
    })
    .where('session_id', '=', sessionId)
    .where('device_id', 'in', (eb) =>
      eb
        .selectFrom('devices')
        .select('device_id')
        .where('config_id', '=', configId)
        .where('device_number', '=', deviceNumber),
    )
    .execute();
}

/** Latest reports of the devices that checked session `sessionId`, most recent first. */
export async function listDeviceReports(db: Executor, sessionId: number): Promise<DeviceReport[]> {
  return (await deviceReportsOf(db, [sessionId])).get(sessionId) ?? [];
}

/**
 * The device reports of each of the sessions `sessionIds` (most recent first), by session id;
 * only device `onlyDeviceId`'s when given (a tablet's check sees its own report: reading the
 * whole shop's, 500 rows at every check, cost more than the rest of the check).
 */
export async function deviceReportsOf(
  db: Executor,
  sessionIds: readonly number[],
  onlyDeviceId?: string,
): Promise<Map<number, DeviceReport[]>> {
  let query = db
    .selectFrom('device_reports')
    .select(['session_id', 'device_id as deviceId', 'pending', 'held', 'last_seen_at as lastSeenAt'])
    .where('session_id', 'in', [...sessionIds]);
  if (onlyDeviceId !== undefined) query = query.where('device_id', '=', onlyDeviceId);
  const rows = await query.orderBy('last_seen_at', 'desc').orderBy('device_id').execute();
  const bySession = new Map<number, DeviceReport[]>();
  for (const { session_id, ...report } of rows) {
    const reports = bySession.get(session_id) ?? [];
    reports.push(report);
    bySession.set(session_id, reports);
  }
  return bySession;
}
