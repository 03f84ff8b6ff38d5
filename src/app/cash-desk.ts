import { MANAGER_PIN_HEADER } from '../domain/api/names.js';
import type { Id } from '../domain/ids.js';
import type { ManagerPinHash } from '../domain/manager-pin.js';
import { PosSessionSchema, type PosSession } from '../domain/pos-session.js';
import { SessionReportSchema, type SessionReport } from '../domain/report.js';
import type { PosDb } from '../store/db.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { pinMatches } from './held-orders-pin.js';
import { HttpClient, TILL_TIMEOUT_MS } from './http.js';
import { refreshStoredConfig, storedPinHash } from './stored-config.js';
import type { TillText } from './till-messages.js';

/** What the cash screens need; all injected so Node tests pass fakes. */
export interface CashDeskDeps {
  /** The till's open database, null while closed. */
  db: () => PosDb | null;
  /** The till's authorized fetch (it adds the device token). */
  fetch: FetchFn;
  /**
   * Asks the sync runner to check the session now: after the till changed its state, the check
   * (or the push that follows) is what lets it sell, or blocks it, like any change made elsewhere.
   */
  checkNow: () => void;
  /** Shows a non-blocking notice on the till (the float counted at opening); optional. */
  notify?: (text: TillText) => void;
}

/** How a manager PIN typed on the till compares with the config's. */
export type PinCheck = 'ok' | 'wrong' | 'no-pin';

/**
 * The one object behind the till's cash screens: opening the register with the counted float,
 * the manager's PIN, the X and Z reports, and closing with the counted cash. Every request goes
 * through the till's authorized fetch and throws PosError as HttpClient does (the server's
 * `{error: {code, message}}`: `cash_count_required`, `closing_note_required`,
 * `transition_not_allowed`, `validation_failed`, `forbidden`, `rate_limited`; or `network`,
 * `timeout`, `bad_response`). Nothing is kept on the device: a count the server refused stays
 * in its field for the cashier to correct.
 */
export class CashDesk {
  private readonly http: HttpClient;

  constructor(private readonly deps: CashDeskDeps) {
    this.http = new HttpClient({ fetch: deps.fetch, timeoutMs: TILL_TIMEOUT_MS });
  }

  /**
   * `PATCH /api/sessions/:id {state: 'opened', openingCash}` (the device token is enough for this
   * move): the counted opening float, integer minor units. Resolves with the session view; then
   * asks for a check so this till (and its other tabs) sells.
   */
  async openRegister(sessionId: Id, openingCash: number): Promise<PosSession> {
    const json = { state: 'opened', openingCash };
    const { body } = await this.http.json(
      { method: 'PATCH', path: sessionPath(sessionId), json },
      PosSessionSchema,
    );
    this.deps.checkNow();
    return body;
  }

  /**
   * Checks `pin` offline against the config's PIN hash, read again from the server when it
   * answers (a PIN set in the back office since the till started), else as stored.
   */
  async checkPin(pin: string): Promise<PinCheck> {
    const stored = await this.pinHash();
    if (!stored) return 'no-pin';
    return (await pinMatches(pin, stored)) ? 'ok' : 'wrong';
  }

  /** `GET /api/sessions/:id/report`: the X report while the session runs, its Z report once closed. */
  async report(sessionId: Id): Promise<SessionReport> {
    const path = `${sessionPath(sessionId)}/report`;
    return (await this.http.json({ path }, SessionReportSchema)).body;
  }

  /**
   * `PATCH /api/sessions/:id {state: 'closed', closingCash, closingNote}` with the manager PIN in
   * `x-pos-manager-pin`: the counted cash (integer minor units) and the note (sent only when not
   * blank). Resolves with the session view; then asks for a check, which blocks every till.
   */
  async closeRegister(
    sessionId: Id,
    count: { pin: string; closingCash: number; closingNote: string },
  ): Promise<PosSession> {
    const note = count.closingNote.trim();
    const json = { state: 'closed', closingCash: count.closingCash, ...(note ? { closingNote: note } : {}) };
    const headers = { [MANAGER_PIN_HEADER]: count.pin };
    const { body } = await this.http.json(
      { method: 'PATCH', path: sessionPath(sessionId), json, headers },
      PosSessionSchema,
    );
    this.deps.checkNow();
    return body;
  }

  private async pinHash(): Promise<ManagerPinHash | null> {
    const db = this.deps.db();
    if (!db) return null;
    await refreshStoredConfig(db, this.http);
    return storedPinHash(db);
  }
}

function sessionPath(id: Id): string {
  return `/api/sessions/${encodeURIComponent(String(id))}`;
}
