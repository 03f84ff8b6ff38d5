import { randomUUID } from 'node:crypto';
import type { DeviceReport } from '../../src/domain/pos-session.js';
import type { Db } from './open-database.js';

/** Highest device number: references carry it on 3 digits. */
export const MAX_DEVICE_NUMBER = 999;

/** A registered device. */
export interface DeviceRegistration {
  deviceId: string;
  deviceNumber: number;
  configId: number;
}

/** A `devices` row. Times are ISO 8601 UTC or null. */
export interface DeviceRow {
  device_id: string;
  config_id: number;
  device_number: number;
  created_at: string;
  token_hash: string | null;
  paired_at: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** The manager's name for the tablet; null when it has none. */
  name: string | null;
}

/** The device `deviceId`, or undefined. */
export function getDevice(db: Db, deviceId: string): DeviceRow | undefined {
  return db.prepare('SELECT * FROM devices WHERE device_id = ?').get(deviceId) as DeviceRow | undefined;
}

/** The device whose token hashes to `tokenHash` (revoked or not), or undefined. */
export function findDeviceByTokenHash(db: Db, tokenHash: string): DeviceRow | undefined {
  return db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(tokenHash) as DeviceRow | undefined;
}

/** Devices of config `configId` by number. */
export function listDevices(db: Db, configId: number): DeviceRow[] {
  return db.prepare('SELECT * FROM devices WHERE config_id = ? ORDER BY device_number').all(configId) as DeviceRow[];
}

/**
 * Registers a new device of config `configId` with the lowest free number (1..999) and the
 * token hash `tokenHash`. Call inside a transaction. Returns null when all numbers are taken
 * (revoked devices keep theirs: orders carry them).
 */
export function registerDevice(db: Db, configId: number, tokenHash: string, now: Date): DeviceRegistration | null {
  const used = db.prepare('SELECT device_number AS n FROM devices WHERE config_id = ? ORDER BY device_number').all(configId) as { n: number }[];
  let next = 1;
  for (const { n } of used) {
    if (n !== next) break;
    next += 1;
  }
  if (next > MAX_DEVICE_NUMBER) return null;
  const deviceId = randomUUID();
  const at = now.toISOString();
  db.prepare(
    'INSERT INTO devices (device_id, config_id, device_number, created_at, token_hash, paired_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(deviceId, configId, next, at, tokenHash, at);
  return { deviceId, deviceNumber: next, configId };
}

/** Gives device `deviceId` a new token hash and clears its revocation (a re-pairing). */
export function repairDevice(db: Db, deviceId: string, tokenHash: string, now: Date): void {
  db.prepare('UPDATE devices SET token_hash = ?, paired_at = ?, revoked_at = NULL WHERE device_id = ?').run(tokenHash, now.toISOString(), deviceId);
}

/** Revokes device `deviceId` (its token stops working; its number stays taken). No-op when already revoked. */
export function revokeDevice(db: Db, deviceId: string, now: Date): void {
  db.prepare('UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL').run(now.toISOString(), deviceId);
}

/** Names device `deviceId` (`null` clears the name); false when there is no such device. */
export function renameDevice(db: Db, deviceId: string, name: string | null): boolean {
  return db.prepare('UPDATE devices SET name = ? WHERE device_id = ?').run(name, deviceId).changes > 0;
}

/** Sets when device `deviceId` last made an authenticated request. */
export function touchDevice(db: Db, deviceId: string, now: Date): void {
  db.prepare('UPDATE devices SET last_seen_at = ? WHERE device_id = ?').run(now.toISOString(), deviceId);
}

/** A device's latest outbox report, with the session (id and name) it was made in. */
export interface LastReport {
  sessionId: number;
  sessionName: string;
  pending: number;
  held: number;
  lastSeenAt: string;
}

/** The latest session check report of device `deviceId`, or null when it never checked. */
export function lastReportOf(db: Db, deviceId: string): LastReport | null {
  const row = db
    .prepare(
      `SELECT r.session_id AS sessionId, s.name AS sessionName, r.pending, r.held, r.last_seen_at AS lastSeenAt
       FROM device_reports r JOIN sessions s ON s.id = r.session_id
       WHERE r.device_id = ? ORDER BY r.last_seen_at DESC LIMIT 1`,
    )
    .get(deviceId) as LastReport | undefined;
  return row ?? null;
}

/** Records what device `report.deviceId` said about its outbox in a check of session `sessionId`. */
export function upsertDeviceReport(db: Db, sessionId: number, report: DeviceReport): void {
  db.prepare(
    `INSERT INTO device_reports (session_id, device_id, pending, held, last_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (session_id, device_id) DO UPDATE SET
       pending = excluded.pending, held = excluded.held, last_seen_at = excluded.last_seen_at`,
  ).run(sessionId, report.deviceId, report.pending, report.held, report.lastSeenAt);
}

/**
 * Takes `count` orders rescued from device `deviceNumber` of config `configId` off that device's
 * last report for the closed session `sessionId`: off `held` first, then off `pending` (a report
 * made before the tablet learnt of the closure counts them as pending). The tablet stops checking
 * a closed session, so without this its last report would name orders long rescued. `last_seen_at`
 * stays the tablet's. Never below zero; a device without a report is left alone.
 */
export function dischargeRescued(db: Db, sessionId: number, configId: number, deviceNumber: number, count: number): void {
  db.prepare(
    `UPDATE device_reports SET
       pending = MAX(0, pending - MAX(0, ? - held)),
       held = MAX(0, held - ?)
     WHERE session_id = ? AND device_id IN (SELECT device_id FROM devices WHERE config_id = ? AND device_number = ?)`,
  ).run(count, count, sessionId, configId, deviceNumber);
}

/** Latest reports of the devices that checked session `sessionId`, most recent first. */
export function listDeviceReports(db: Db, sessionId: number): DeviceReport[] {
  return db
    .prepare(
      `SELECT device_id AS deviceId, pending, held, last_seen_at AS lastSeenAt FROM device_reports
       WHERE session_id = ? ORDER BY last_seen_at DESC, device_id`,
    )
    .all(sessionId) as DeviceReport[];
}
