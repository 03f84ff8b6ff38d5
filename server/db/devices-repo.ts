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

/**
 * Registers a new device of config `configId` with the lowest free number (1..999), in one
 * transaction. Returns null when all numbers are taken.
 */
export function registerDevice(db: Db, configId: number, now: Date): DeviceRegistration | null {
  return db.transaction(() => {
    const used = db.prepare('SELECT device_number AS n FROM devices WHERE config_id = ? ORDER BY device_number').all(configId) as { n: number }[];
    let next = 1;
    for (const { n } of used) {
      if (n !== next) break;
      next += 1;
    }
    if (next > MAX_DEVICE_NUMBER) return null;
    const deviceId = randomUUID();
    db.prepare('INSERT INTO devices (device_id, config_id, device_number, created_at) VALUES (?, ?, ?, ?)').run(
      deviceId,
      configId,
      next,
      now.toISOString(),
    );
    return { deviceId, deviceNumber: next, configId };
  })();
}

/** Records what device `report.deviceId` said about its outbox in a check of session `sessionId`. */
export function upsertDeviceReport(db: Db, sessionId: number, report: DeviceReport): void {
  db.prepare(
    `INSERT INTO device_reports (session_id, device_id, pending, held, last_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (session_id, device_id) DO UPDATE SET
       pending = excluded.pending, held = excluded.held, last_seen_at = excluded.last_seen_at`,
  ).run(sessionId, report.deviceId, report.pending, report.held, report.lastSeenAt);
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
