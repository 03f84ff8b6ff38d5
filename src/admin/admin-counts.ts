/**
 * Counts with their noun, in the back office's language: the singular or the plural by the
 * language's own rule (`Intl.PluralRules`: French says "0 commande"). One function per phrase:
 * the translation tool needs each sentence whole.
 */
import { msg, str } from '@lit/localize';
import { formatNumber, isOne } from './admin-format.js';

/** "1 order", "3 orders". */
export function ordersText(count: number): string {
  const n = formatNumber(count);
  return isOne(count) ? msg(str`${n} order`) : msg(str`${n} orders`);
}

/** "1 order not yet sent", "2 orders not yet sent". */
export function notSentText(count: number): string {
  const n = formatNumber(count);
  return isOne(count) ? msg(str`${n} order not yet sent`) : msg(str`${n} orders not yet sent`);
}

/** "1 held order", "2 held orders". */
export function heldText(count: number): string {
  const n = formatNumber(count);
  return isOne(count) ? msg(str`${n} held order`) : msg(str`${n} held orders`);
}

/** "2 orders not yet sent and 1 held order", leaving out a zero; "" when both are zero. */
export function waitingText(pending: number, held: number): string {
  if (pending > 0 && held > 0) return msg(str`${notSentText(pending)} and ${heldText(held)}`);
  if (pending > 0) return notSentText(pending);
  return held > 0 ? heldText(held) : '';
}
