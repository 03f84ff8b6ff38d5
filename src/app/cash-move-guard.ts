import { msg } from '@lit/localize';
import { canCreateOrder } from '../domain/session-rules.js';
import { cartBlockReason, saleBlockReason, sessionName, type SaleContext } from './sale-guard.js';
import { blockedSentence } from './session-wording.js';
import type { TillText } from './till-messages.js';

/**
 * Whether the till offers cash in and out: the config has cash control, as the session's last
 * answer says (the session check carries the config's `cashControl`, so a change in the back
 * office reaches the till at its next check, and the stored answer keeps it offline).
 */
export function cashMovesOffered(state: Pick<SaleContext, 'sessionRecord'>): boolean {
  return state.sessionRecord?.session?.cashControl === true;
}

/**
 * Why no cash move may be made now, or null: the rule of a new order (rule 1: the session last
 * known `opened`, a paired and registered tablet, a recent enough verification), said of cash.
 * `now` is device epoch ms.
 */
export function cashMoveBlockReason(ctx: SaleContext, now: number): TillText | null {
  const record = ctx.sessionRecord;
  if (ctx.pairing === 'paired' && record && !canCreateOrder(record.state)) {
    const { state } = record;
    const name = sessionName(record);
    return () => `${blockedSentence(state, name)} ${msg('No cash move can be made.')}`;
  }
  const blocked = cartBlockReason(ctx);
  if (blocked) return blocked;
  if (saleBlockReason(ctx, now))
    return () =>
      msg('Cash moves are paused: the session has not been verified recently. Connect to the network.');
  return null;
}
