import { openPosDb, type PosDb } from '../store/db.js';
import { createLocalMutex } from './local-mutex.js';
import { releaseLease, tryAcquireLease } from './meta-lease.js';

/** What a lock request gives: the callback's value, or `acquired: false` when skipped (ifAvailable). */
export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` holding the exclusive lock `name`, shared by every page and the worker of the origin.
 * With `ifAvailable`, resolves `{acquired: false}` without running `fn` when the lock is held.
 * Rejects with `fn`'s error (the lock is released).
 */
export type LockFn = <T>(
  name: string,
  fn: () => Promise<T>,
  options?: { ifAvailable?: boolean },
) => Promise<LockResult<T>>;

/** How long a lease lasts without renewal: a realm that died holding one blocks others this long. */
export const LEASE_TTL_MS = 30_000;
/** A holder renews its lease this often (a third of the TTL: two renewals may fail before expiry). */
export const LEASE_RENEW_MS = 10_000;
/** A waiter polls a lease held by another realm this often. */
export const LEASE_POLL_MS = 100;

export interface WithLockOptions {
  /** The Web Locks API; defaults to `navigator.locks` when the realm has it. `null` forces the fallback. */
  locks?: LockManager | null;
  /** Database of the fallback's lease (so two realms without Web Locks exclude each other). */
  db?: () => PosDb | Promise<PosDb>;
  /** Device clock (epoch ms) of the lease. */
  now?: () => number;
  /** Lease owner id of this realm; a random UUID by default. */
  owner?: string;
}

/**
 * Makes the lock function of one realm: Web Locks when present, else an in-memory mutex per name
 * plus (when `db` is given) a lease record `lease:<name>` in `meta`. Create ONE per realm: two
 * functions of the same realm exclude each other only through the lease.
 */
export function createWithLock(options: WithLockOptions = {}): LockFn {
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  if (locks) {
    return async (name, fn, o) =>
      locks.request(name, { ifAvailable: o?.ifAvailable ?? false }, async (lock) =>
        lock ? { acquired: true as const, value: await fn() } : { acquired: false as const },
      );
  }
  const mutex = createLocalMutex();
  const { db } = options;
  if (!db) return (name, fn, o) => mutex.run(name, fn, o?.ifAvailable ?? false);
  const lease = { db, now: options.now ?? Date.now, owner: options.owner ?? crypto.randomUUID() };
  return (name, fn, o) => {
    const ifAvailable = o?.ifAvailable ?? false;
    return mutex.run(name, () => withLease(lease, name, fn, ifAvailable), ifAvailable).then(flatten);
  };
}

/**
 * The lock function of this realm: Web Locks when present; else an in-memory mutex plus a lease in
 * the default database, opened on first need. Use it where no database is at hand (the page
 * fallback); the worker makes its own with {@link createWithLock} over its connection.
 */
export const withLock: LockFn = createWithLock({ db: lazyDefaultDb() });

function lazyDefaultDb(): () => Promise<PosDb> {
  let opening: Promise<PosDb> | null = null;
  return () => {
    if (opening) return opening;
    const attempt = openPosDb({ versionchange: () => (opening = null) });
    attempt.catch(() => (opening = null));
    opening = attempt;
    return attempt;
  };
}

function defaultLocks(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

function flatten<T>(outer: LockResult<LockResult<T>>): LockResult<T> {
  return outer.acquired ? outer.value : outer;
}

interface LeaseContext {
  db: () => PosDb | Promise<PosDb>;
  now: () => number;
  owner: string;
}

/** Takes the lease (waiting unless `ifAvailable`), runs `fn` renewing it, then releases it. */
async function withLease<T>(
  lease: LeaseContext,
  name: string,
  fn: () => Promise<T>,
  ifAvailable: boolean,
): Promise<LockResult<T>> {
  // Without a database (IndexedDB broken) the realm's mutex still holds; the lease is best effort.
  const db = await Promise.resolve(lease.db()).catch(() => null);
  if (!db) return { acquired: true, value: await fn() };
  while (!(await tryAcquireLease(db, name, lease.owner, lease.now(), LEASE_TTL_MS))) {
    if (ifAvailable) return { acquired: false };
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
  const renew = setInterval(() => {
    tryAcquireLease(db, name, lease.owner, lease.now(), LEASE_TTL_MS).catch(() => undefined);
  }, LEASE_RENEW_MS);
  try {
    return { acquired: true, value: await fn() };
  } finally {
    clearInterval(renew);
    await releaseLease(db, name, lease.owner).catch(() => undefined);
  }
}
