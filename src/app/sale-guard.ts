import { msg, str } from '@lit/localize';
import { canCreateOrder } from '../domain/session-rules.js';
import { verificationAgeMs, verificationExpiresAt, type SessionRecord } from '../domain/session-record.js';
import type { PairingStatus } from '../store/device-repo.js';
import { blockedSentence } from './session-wording.js';
import type { TillText } from './till-messages.js';

/** What the guard needs to know about the till. */
export interface SaleContext {
  /** Only a paired tablet makes orders (an unpaired one keeps the ones it has); null before IndexedDB was read. */
  pairing: PairingStatus | null;
  sessionRecord: SessionRecord | null;
  deviceNumber: number | null;
  currency: string | null;
}

/**
 * Why a new order may not be made now, or null when it may: a paired tablet, rule 1 (the last
 * known state must be `opened`), a registered device and a currency, and the session's
 * `maxUnverifiedSeconds` (refuse when the state has not been verified for longer). `now` is
 * device epoch ms. The text is read in the till's language when shown.
 */
export function saleBlockReason(ctx: SaleContext, now: number): TillText | null {
  const blocked = cartBlockReason(ctx);
  if (blocked) return blocked;
  const record = ctx.sessionRecord;
  const limitS = record?.session?.maxUnverifiedSeconds;
  if (record && limitS != null) {
    const ageMs = verificationAgeMs(record, now);
    if (ageMs == null || ageMs > limitS * 1000) {
      return () =>
        msg(
          str`Sales are paused: the session has not been verified for more than ${formatSeconds(limitS)}. Connect to the network; the cart is kept.`,
        );
    }
  }
  return null;
}

/**
 * Why nothing may be added to the cart now, or null: every reason of {@link saleBlockReason} but
 * the age of the last verification. While only that pauses sales, the cashier may still ring up
 * the customer's goods (no order exists before Pay, and Pay stays refused), so that selling goes on
 * the moment the state is verified again.
 */
export function cartBlockReason(ctx: SaleContext): TillText | null {
  if (ctx.pairing !== 'paired') return () => msg('This tablet is not paired: no new sale can be made.');
  const record = ctx.sessionRecord;
  if (!record) return () => msg('No session is open on this till: connect to the network and reload.');
  if (!canCreateOrder(record.state)) {
    const { state } = record;
    const name = sessionName(record);
    return () => `${blockedSentence(state, name)} ${msg('No new sale can be made.')}`;
  }
  if (ctx.deviceNumber == null || ctx.currency == null) {
    return () => msg('This device is not registered yet: connect to the network and reload.');
  }
  return null;
}

/**
 * Device time (ms) at which {@link saleBlockReason} will start refusing because the last
 * verification grew too old, or null when that cannot happen by time alone (no limit, or already
 * refused): the till re-evaluates the guard then, so the pause appears, and later goes, by itself.
 */
export function salePauseAt(ctx: SaleContext): number | null {
  const record = ctx.sessionRecord;
  const limitS = record?.session?.maxUnverifiedSeconds;
  if (!record || limitS == null || cartBlockReason(ctx)) return null;
  return verificationExpiresAt(record, limitS * 1000);
}

/** The session's name, or its id when the server never sent one. */
export function sessionName(record: Pick<SessionRecord, 'id' | 'session'>): string {
  return record.session?.name || String(record.id);
}

/** "45 s", "3 min", "2 h": a duration in seconds, rounded down, for messages. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}
