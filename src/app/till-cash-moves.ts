import { msg } from '@lit/localize';
import type { PageBridge } from '../bridge/page-bridge.js';
import type { CashMove } from '../domain/cash.js';
import { MAX_CASH_AMOUNT, MAX_CASH_REASON_LENGTH } from '../domain/cash-count.js';
import { PosError } from '../domain/pos-error.js';
import { addCashMove } from '../store/cash-move-repo.js';
import type { PosDb } from '../store/db.js';
import { askToSend } from './ask-to-send.js';
import { cashMoveBlockReason } from './cash-move-guard.js';
import type { SaleContext } from './sale-guard.js';
import type { TillText } from './till-messages.js';
import type { TillStateHolder } from './till-state-holder.js';

// The guard of cash moves is read by the shell at every render, so it loads with the till; the rest
// of this module loads at the first cash move.
export { cashMoveBlockReason, cashMovesOffered } from './cash-move-guard.js';

/** Cash put into the drawer (`in`, a positive amount) or taken out of it (`out`, a negative one). */
export type CashDirection = 'in' | 'out';

/** What the cashier typed: the direction, the amount (integer minor units, > 0) and the reason. */
export interface CashMoveRequest {
  direction: CashDirection;
  amount: number;
  reason: string;
}

/** A move saved on the device (to be sent), or why it was not, in the cashier's words. */
export type CashMoveOutcome = { ok: true; move: CashMove; currency: string } | { ok: false; error: TillText };

/** What the cash moves need; all injected so Node tests pass fakes. */
export interface TillCashMovesDeps {
  holder: TillStateHolder;
  /** The opened database, null before start or after stop. */
  db: () => PosDb | null;
  /** Device clock, epoch ms (the move's `createdAt`, its `queuedAt`). */
  now: () => number;
  /** The sync bridge, null before start: told `flush-now` after each move. */
  bridge: () => PageBridge | null;
  online: () => boolean;
  /** Re-reads the counts after a move (the outbox grew). */
  reread: () => Promise<void>;
  /** A new move uuid; defaults to `crypto.randomUUID`. */
  uuid?: () => string;
}

/**
 * Why a typed move cannot be taken, or null: see cashAmountProblem and cashReasonProblem.
 */
export function cashMoveProblem(request: CashMoveRequest): TillText | null {
  return cashAmountProblem(request.amount) ?? cashReasonProblem(request.reason);
}

/** Why `amount` (integer minor units, unsigned) cannot be moved: it must be > 0 and ≤ MAX_CASH_AMOUNT. */
export function cashAmountProblem(amount: number): TillText | null {
  if (!Number.isSafeInteger(amount) || amount <= 0) return () => msg('Type an amount greater than 0.');
  if (amount > MAX_CASH_AMOUNT) return () => msg('This amount is too large for a cash move.');
  return null;
}

/** Why `reason` cannot be a move's reason: it must be 1 to MAX_CASH_REASON_LENGTH characters once trimmed. */
export function cashReasonProblem(reason: string): TillText | null {
  const trimmed = reason.trim();
  if (trimmed === '') return () => msg('Give a reason for the cash move.');
  if (trimmed.length > MAX_CASH_REASON_LENGTH)
    return () => msg('The reason is too long: at most 200 characters.');
  return null;
}

/**
 * Cash in and cash out on the till: a move is written to the outbox (IndexedDB) before anything
 * else, in one transaction that refuses a session not `opened` (addCashMove), then the sync runner
 * is asked to send it, as after a sale. Works offline: the move waits in the outbox.
 */
export class TillCashMoves {
  private inFlight = false;

  constructor(private readonly deps: TillCashMovesDeps) {}

  /** Why no move may be made now (see cashMoveBlockReason), or null. */
  blockReason(): TillText | null {
    return cashMoveBlockReason(this.deps.holder.state, this.deps.now());
  }

  /**
   * Saves a move: checks the guard and the typed values, writes it (resolving only after the
   * commit), re-reads the counts and asks for a flush. Resolves with the saved move, or with why
   * nothing was saved (nothing is written then). Never rejects.
   */
  async record(request: CashMoveRequest): Promise<CashMoveOutcome> {
    const { holder, now } = this.deps;
    const s = holder.state;
    const blocked = this.blockReason() ?? cashMoveProblem(request);
    if (blocked) return { ok: false, error: blocked };
    const db = this.deps.db();
    if (!db || !s.sessionRecord || s.deviceNumber == null || s.currency == null)
      return { ok: false, error: () => msg('The till is not ready to record cash moves.') };
    if (this.inFlight) return { ok: false, error: () => msg('A cash move is being saved: wait a moment.') };
    const move: CashMove = {
      uuid: this.deps.uuid?.() ?? crypto.randomUUID(),
      sessionId: s.sessionRecord.id,
      deviceNumber: s.deviceNumber,
      amount: request.direction === 'in' ? request.amount : -request.amount,
      reason: request.reason.trim(),
      createdAt: new Date(now()).toISOString(),
    };
    this.inFlight = true;
    try {
      await addCashMove(db, move, s.currency, now());
    } catch (error) {
      console.error('pos-shell: the cash move was not saved', error);
      return { ok: false, error: cashMoveErrorText(error, this.deps.holder.state, now()) };
    } finally {
      this.inFlight = false;
    }
    void this.deps.reread();
    askToSend(this.deps.bridge(), this.deps.online);
    return { ok: true, move, currency: s.currency };
  }
}

/** A failed move for the cashier, by its code; nothing was recorded. */
function cashMoveErrorText(error: unknown, ctx: SaleContext, now: number): TillText {
  const code = error instanceof PosError ? error.code : 'storage_failed';
  if (code === 'session_not_open')
    // The worker stored a closure this page had not heard of yet: say it as the guard would.
    return (
      cashMoveBlockReason(ctx, now) ??
      (() => msg('The session is not open on this device: the cash move was not saved.'))
    );
  if (code === 'storage_full') return () => msg('The device storage is full: the cash move was not saved.');
  if (code === 'validation_failed')
    return () => msg('The cash move is not valid: check the amount and the reason.');
  return () => msg('The cash move could not be saved on this device: try again.');
}
