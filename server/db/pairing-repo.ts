import type { Executor, PairingCodeRow } from './database.js';

export type { PairingCodeRow };

/** Stores a new pairing code (by hash) for config `configId`, valid until `expiresAt`. */
export async function insertPairingCode(
  db: Executor,
  codeHash: string,
  configId: number,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('pairing_codes')
    .values({
      code_hash: codeHash,
      config_id: configId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
}

/**
 * Claims the pairing code hashing to `codeHash` if it is unused and not expired at `now`, in one
 * conditional UPDATE: of two redemptions at once (on any instances), one gets the code and the
 * other waits for its row lock, then finds it used (PostgreSQL re-checks the WHERE on the row the
 * first left) and gets undefined, as for an unknown or expired code. Returns the config it pairs
 * to. Set the device with {@link setPairingCodeDevice} in the same transaction.
 */
export async function claimPairingCode(
  trx: Executor,
  codeHash: string,
  now: Date,
): Promise<{ configId: number } | undefined> {
  const at = now.toISOString();
  return trx
    .updateTable('pairing_codes')
    .set({ used_at: at })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('config_id as configId')
    .executeTakeFirst();
}

/** Records which device the claimed code `codeHash` paired. */
export async function setPairingCodeDevice(trx: Executor, codeHash: string, deviceId: string): Promise<void> {
  await trx
    .updateTable('pairing_codes')
    .set({ device_id: deviceId })
    .where('code_hash', '=', codeHash)
    .execute();
}
