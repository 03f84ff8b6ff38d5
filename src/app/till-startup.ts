import { msg } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { PosError } from '../domain/pos-error.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import type { PosDb } from '../store/db.js';
import type { LockFn } from '../sync/with-lock.js';
import type { ApiClient } from './api-client.js';
import type { CatalogSwap } from './catalog-swap.js';
import type { PairAttempt, PairDeviceDeps } from './pair-device.js';
import { pairCodeOf } from './pair-param.js';
import { readLiveTill, readStoredTill, readUploadError, type StoredTill } from './read-stored-till.js';
import { tillMessages } from './till-messages.js';
import type { TillStateHolder } from './till-state-holder.js';

/** What the push stream needs to hear from start-up: the session to follow and the device token. */
export interface StreamTarget {
  follow(id: Id | null): void;
  authorize(token: string | null): void;
}

/** The code of pairing, loaded on demand: a paired till (every start but the first) never needs it. */
export interface PairingModule {
  pairWithCode: (deps: PairDeviceDeps & { online: boolean }, raw: string) => Promise<PairAttempt>;
  withLock: LockFn;
}

/** What start-up and pairing need; all injected so Node tests pass fakes. */
export interface TillStartupDeps {
  holder: TillStateHolder;
  /** The opened database, null before start or after stop. */
  db: () => PosDb | null;
  /** The page's API client over the authorized fetch (device token; a 401 marks the tablet unpaired). */
  api: ApiClient;
  /** The sync bridge, null before it started: told `check-now` after a refresh, `flush-now` after pairing. */
  bridge: () => PageBridge | null;
  /** The push stream, null before it started. */
  stream: () => StreamTarget | null;
  /** Shows a newer stored catalog when the cart is empty. */
  catalog: CatalogSwap;
  /** `navigator.onLine`. */
  online: () => boolean;
  /** Device clock, epoch ms. */
  now: () => number;
  /** `location.search` at start-up, read for a pairing link's `?pair=<code>`. */
  search: string;
  /** Takes the pairing code out of the address bar (it works once); a no-op in tests. */
  dropPairParam: () => void;
  /** Reads the stored till at start; defaults to readStoredTill. */
  readStoredTill?: (db: PosDb) => Promise<StoredTill>;
  /** Loads {@link PairingModule}; defaults to the dynamic imports. */
  loadPairing?: () => Promise<PairingModule>;
}

/**
 * Start-up and pairing: renders what IndexedDB holds before anything else (offline is normal),
 * uses a pairing link's code when the tablet has no working token, then refreshes config, catalog
 * and session from the server in the background (failures are a notice, never a blocker). Also
 * the re-read of what other runners change (worker, other tabs), which every other part calls.
 */
export class TillStartup {
  private refreshOk = false;
  private refreshing = false;

  constructor(private readonly deps: TillStartupDeps) {}

  /**
   * Reads the stored till and the live part into the state, then marks it `loaded`. Never
   * rejects: a failed read is a fatal error (`cannotRead`), and nothing is deleted.
   */
  async readAll(db: PosDb): Promise<void> {
    try {
      const stored = await (this.deps.readStoredTill ?? readStoredTill)(db);
      this.deps.holder.set(stored.till);
      this.deps.catalog.rendered(stored.catalogVersion);
      await this.rereadLive();
    } catch (error) {
      console.error('pos-shell: reading IndexedDB failed', error);
      this.deps.holder.fail(tillMessages.cannotRead);
    }
    this.deps.holder.set({ loaded: true });
  }

  /**
   * Re-reads the stored catalog (the sync runner stored a newer one: version `stored` when it said
   * which) and shows it at the next moment the cart is empty. Never rejects.
   */
  async rereadCatalog(stored?: number): Promise<void> {
    const db = this.deps.db();
    if (db) await this.deps.catalog.reread(db, { stored });
  }

  /**
   * Re-reads what other runners change: the current session, its record, the counts and the
   * pairing, and points the push stream at them; and the catalog when its stored version is not
   * the one last read (a `catalog-changed` message this page missed). When another tab paired
   * this tablet again, refreshes from the server. Never rejects.
   */
  async rereadLive(): Promise<void> {
    const db = this.deps.db();
    if (!db) return;
    const { holder } = this.deps;
    try {
      const { token, ...live } = await readLiveTill(db);
      const s = holder.state;
      const pairedElsewhere =
        s.loaded && s.pairing !== 'paired' && live.pairing === 'paired' && !s.pairingBusy;
      holder.set(live);
      this.deps.stream()?.authorize(live.pairing === 'paired' ? token : null);
      this.deps.stream()?.follow(live.currentSessionId);
      if (pairedElsewhere) {
        this.refreshOk = false;
        void this.refresh();
      }
    } catch (error) {
      console.warn('pos-shell: re-reading IndexedDB failed', error);
    }
    await this.deps.catalog.reread(db, { onlyIfNewer: true });
  }

  /** The last upload error the sync runner stored (visible while uploads fail). Never rejects. */
  async rereadUploadError(): Promise<void> {
    const db = this.deps.db();
    if (!db) return;
    this.deps.holder.set({ uploadError: (await readUploadError(db).catch(() => undefined)) ?? null });
  }

  /**
   * Start-up after IndexedDB was read: a pairing link's code is used when this tablet has no
   * working token and ignored otherwise, and leaves the address bar either way; then the refresh.
   * Never rejects; `state.refreshed` is true at the end.
   */
  async startUp(): Promise<void> {
    const code = pairCodeOf(this.deps.search);
    if (code === null) return this.refresh();
    if (this.deps.holder.state.pairing !== 'paired') await this.pair(code);
    this.deps.dropPairParam();
    if (this.deps.holder.state.pairing === 'paired' && !this.refreshOk) await this.refresh();
    else this.deps.holder.set({ refreshed: true });
  }

  /** The network is back: refreshes when the last refresh did not get through. */
  onOnline(): void {
    if (!this.refreshOk) void this.refresh();
  }

  /**
   * Pairs this tablet with a one-time code (typed on the pairing screen, or from a pairing link):
   * case and dash do not matter. Once paired: refreshes from the server, checks the session and
   * sends the outbox (orders kept while unpaired go now, under the same device number). Resolves
   * false, with the reason in `state.pairingError` and the code kept in `state.pairingCode`, when
   * the code is malformed, the device is offline, or the server refused. Never rejects.
   */
  async pair(raw: string): Promise<boolean> {
    const db = this.deps.db();
    const { holder } = this.deps;
    if (!db || holder.state.pairingBusy) return false;
    holder.set({ pairingBusy: true, pairingError: null, pairingCode: raw });
    let attempt: PairAttempt;
    try {
      const { pairWithCode, withLock } = await (this.deps.loadPairing ?? loadPairing)();
      attempt = await pairWithCode({ db, api: this.deps.api, withLock, online: this.deps.online() }, raw);
    } catch (error) {
      console.error('pos-shell: the pairing code could not be loaded', error);
      attempt = { ok: false, error: () => msg('The pairing screen could not be loaded: reload the till.') };
    }
    if (!attempt.ok) {
      holder.set({ pairingBusy: false, pairingError: attempt.error });
      return false;
    }
    holder.set({
      pairing: 'paired',
      pairingBusy: false,
      pairingCode: null,
      deviceNumber: attempt.outcome.deviceNumber ?? holder.state.deviceNumber,
    });
    await this.rereadLive(); // the token, for the push stream
    this.refreshOk = false;
    await this.refresh();
    void this.deps.bridge()?.send({ type: 'flush-now' });
    return true;
  }

  /**
   * The refresh from the server (a paired tablet, online, one at a time); failures become a
   * notice, never a blocker. A refused token shows the pairing screen instead (the authorized
   * fetch marked it). Then asks the sync runner to check the session.
   */
  private async refresh(): Promise<void> {
    const db = this.deps.db();
    const { holder } = this.deps;
    if (!db || this.refreshing || !this.deps.online() || holder.state.pairing !== 'paired') {
      holder.set({ refreshed: true });
      return;
    }
    this.refreshing = true;
    try {
      // Its own chunk, loaded once the till is on screen: the refresh runs in the background and a
      // paired till's first render never waits for it (a precached chunk, so offline too).
      const { refreshFromServer } = await import('./refresh-from-server.js');
      await refreshFromServer(
        db,
        this.deps.api,
        this.deps.now,
        (patch) => {
          holder.set(patch);
          if (patch.currentSessionId !== undefined) this.deps.stream()?.follow(patch.currentSessionId);
        },
        () => this.deps.catalog.reread(db),
      );
      this.refreshOk = true;
    } catch (error) {
      if (!isRefusedToken(error)) {
        console.warn('pos-shell: the refresh from the server failed', error);
        const code = error instanceof PosError ? error.code : 'network';
        holder.set({ notice: () => tillMessages.refreshFailed(code) });
      }
    } finally {
      this.refreshing = false;
      holder.set({ refreshed: true });
    }
    void this.deps.bridge()?.send({ type: 'check-now' });
  }
}

async function loadPairing(): Promise<PairingModule> {
  const [{ pairWithCode }, { withLock }] = await Promise.all([
    import('./pair-device.js'),
    import('../sync/with-lock.js'),
  ]);
  return { pairWithCode, withLock };
}

/** True for the API's 401 codes that mean this tablet's token no longer works. */
function isRefusedToken(error: unknown): boolean {
  return error instanceof PosError && (error.code === 'device_revoked' || error.code === 'unauthorized');
}
