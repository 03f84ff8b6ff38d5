import type { Db } from './open-database.js';

/** A `pairing_codes` row: the code's SHA-256, never the code. Times ISO 8601 UTC. */
export interface PairingCodeRow {
  code_hash: string;
  config_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

/** Stores a new pairing code (by hash) for config `configId`, valid until `expiresAt`. */
export function insertPairingCode(db: Db, codeHash: string, configId: number, now: Date, expiresAt: Date): void {
  db.prepare('INSERT INTO pairing_codes (code_hash, config_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    codeHash,
    configId,
    now.toISOString(),
    expiresAt.toISOString(),
  );
}

/** The pairing code hashing to `codeHash`, or undefined. */
export function findPairingCode(db: Db, codeHash: string): PairingCodeRow | undefined {
  return db.prepare('SELECT * FROM pairing_codes WHERE code_hash = ?').get(codeHash) as PairingCodeRow | undefined;
}

/** Marks the code used by device `deviceId`. Call in the pairing transaction. */
export function markPairingCodeUsed(db: Db, codeHash: string, deviceId: string, now: Date): void {
  db.prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(now.toISOString(), deviceId, codeHash);
}
