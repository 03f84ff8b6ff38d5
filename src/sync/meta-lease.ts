import { META_STORE, type PosDb } from '../store/db.js';

/** A lease as stored in `meta` under `lease:<name>`: who holds it and until when (device epoch ms). */
export interface Lease {
  owner: string;
  expiresAt: number;
}

/** The `meta` key of the lease on `name`. */
export function leaseKey(name: string): `lease:${string}` {
  return `lease:${name}`;
}

function isLease(value: unknown): value is Lease {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Lease).owner === 'string' &&
    typeof (value as Lease).expiresAt === 'number'
  );
}

/**
 * Takes (or renews) the lease on `name` for `owner` until `now + ttlMs`, in one read-write
 * transaction, unless another owner holds an unexpired one. Resolves true when taken.
 * Rejects with the IndexedDB error when the database fails.
 */
export async function tryAcquireLease(
  db: PosDb,
  name: string,
  owner: string,
  now: number,
  ttlMs: number,
): Promise<boolean> {
  const tx = db.transaction(META_STORE, 'readwrite');
  const current = await tx.store.get(leaseKey(name));
  const free = !isLease(current) || current.owner === owner || current.expiresAt <= now;
  if (free)
    tx.store.put({ owner, expiresAt: now + ttlMs } satisfies Lease, leaseKey(name)).catch(() => undefined);
  await tx.done;
  return free;
}

/** Drops the lease on `name` if `owner` still holds it. */
export async function releaseLease(db: PosDb, name: string, owner: string): Promise<void> {
  const tx = db.transaction(META_STORE, 'readwrite');
  const current = await tx.store.get(leaseKey(name));
  if (isLease(current) && current.owner === owner) tx.store.delete(leaseKey(name)).catch(() => undefined);
  await tx.done;
}
