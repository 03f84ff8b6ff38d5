import { msg, str } from '@lit/localize';
import { canCreateOrder } from '../domain/session-state.js';
import { verificationAgeMs, type SessionRecord } from '../domain/session-record.js';
import type { PairingStatus } from '../store/device-repo.js';
import { blockedSentence } from './session-wording.js';

/** What the guard needs to know about the till. */
export interface SaleContext {
  /** Issue 6: only a paired tablet makes orders (an unpaired one keeps the ones it has). */
  pairing: PairingStatus;
  sessionRecord: SessionRecord | null;
  deviceNumber: number | null;
  currency: string | null;
}

/**
 * Why a new order may not be made now, or null when it may. A paired tablet (issue 6), rule 1
 * (the last known state must be `opened`), a registered device and a currency, and the session's `maxUnverifiedSeconds` (issue
 * 3: refuse when the state has not been verified for longer). `now` is device epoch ms.
 */
export function saleBlockReason(ctx: SaleContext, now: number): string | null {
  if (ctx.pairing !== 'paired') return msg('This tablet is not paired: no new sale can be made.');
  const record = ctx.sessionRecord;
  if (!record) return msg('No session is open on this till: connect to the network and reload.');
  if (!canCreateOrder(record.state)) {
    return `${blockedSentence(record.state, sessionName(record))} ${msg('No new sale can be made.')}`;
  }
  if (ctx.deviceNumber == null || ctx.currency == null) {
    return msg('This device is not registered yet: connect to the network and reload.');
  }
  const limitS = record.session?.maxUnverifiedSeconds;
  if (limitS != null) {
    const ageMs = verificationAgeMs(record, now);
    if (ageMs == null || ageMs > limitS * 1000) {
      return msg(str`The session state has not been verified for more than ${formatSeconds(limitS)}: connect to the network to go on selling.`);
    }
  }
  return null;
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
