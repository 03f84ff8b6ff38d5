import type { ManagerPinHash } from '../domain/manager-pin.js';
import type { OutboxEntry, PosDb } from '../store/db.js';
import { listByStatus } from '../store/outbox-repo.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { heldOrdersCsv, heldOrdersJson } from './held-orders-export.js';
import { HttpClient } from './http.js';
import { pinMatches } from './held-orders-pin.js';
import { rescueHeld, type RescueSummary } from './held-orders-rescue.js';
import { refreshStoredConfig, storedPinHash } from './stored-config.js';

/** The config read when the area opens gives up after this long (the stored hash is used). */
export const CONFIG_TIMEOUT_MS = 5_000;

/** What the Held orders area needs; all injected so tests pass fakes. `now` is device epoch ms. */
export interface HeldOrdersDeskDeps {
  /** The till's open database, null while closed (the area then shows nothing). */
  db: () => PosDb | null;
  fetch: FetchFn;
  now: () => number;
  /** Called after a rescue changed entries (the till re-reads its counts). */
  changed?: () => void;
}

/**
 * The one object behind the Held orders area (`pos-held-orders`): reads the held and rejected
 * entries, checks the manager PIN offline against the config's hash, builds the exports, and runs
 * a rescue on a manager's demand. The PIN is kept in memory only while the area is unlocked.
 */
export class HeldOrdersDesk {
  private pin: string | null = null;

  constructor(private readonly deps: HeldOrdersDeskDeps) {}

  /** The config's PIN hash as last stored on this device; null when no PIN is set. */
  async pinHash(): Promise<ManagerPinHash | null> {
    const db = this.deps.db();
    return db ? storedPinHash(db) : null;
  }

  /**
   * Re-reads the config's PIN hash and retention from the server when it answers (a PIN set in
   * the back office after this till started); keeps what is stored when offline. Never rejects.
   */
  async refresh(): Promise<void> {
    const db = this.deps.db();
    if (db)
      await refreshStoredConfig(db, new HttpClient({ fetch: this.deps.fetch, timeoutMs: CONFIG_TIMEOUT_MS }));
  }

  /** Checks `pin` offline; unlocks the area when it matches. False when wrong or no PIN is set. */
  async unlock(pin: string): Promise<boolean> {
    const stored = await this.pinHash();
    if (!stored || !(await pinMatches(pin, stored))) return false;
    this.pin = pin;
    return true;
  }

  /** Forgets the PIN (the area closed). */
  lock(): void {
    this.pin = null;
  }

  get unlocked(): boolean {
    return this.pin !== null;
  }

  /**
   * Held entries, then rejected ones, then those still waiting to be sent, each oldest first:
   * everything on this tablet the server does not have, so a manager can export it even when the
   * tablet cannot send (unpaired, or about to be retired). Empty while locked.
   */
  async entries(): Promise<OutboxEntry[]> {
    const db = this.deps.db();
    if (!db || !this.unlocked) return [];
    const [held, rejected, pending] = await Promise.all([
      listByStatus(db, 'held'),
      listByStatus(db, 'rejected'),
      listByStatus(db, 'pending'),
    ]);
    return [...held, ...rejected, ...pending];
  }

  /** The JSON export of {@link entries}. */
  async exportJson(): Promise<string> {
    return heldOrdersJson(await this.entries(), new Date(this.deps.now()).toISOString());
  }

  /** The CSV export of {@link entries}. */
  async exportCsv(): Promise<string> {
    return heldOrdersCsv(await this.entries());
  }

  /** Rescues every held entry (see rescueHeld); nothing while locked. Rejects when IndexedDB fails. */
  async rescue(): Promise<RescueSummary[]> {
    const db = this.deps.db();
    if (!db || this.pin === null) return [];
    const summaries = await rescueHeld(
      { db, fetch: this.deps.fetch, now: this.deps.now, pin: this.pin },
      await this.entries(),
    );
    this.deps.changed?.();
    return summaries;
  }
}
