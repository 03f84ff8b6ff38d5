import { msg, str } from '@lit/localize';
import { MAX_ORDER_LINES } from '../domain/order-rules.js';
import type { PosError } from '../domain/pos-error.js';

/**
 * A text the till shows, read anew at every render: the cashier may switch the language while it
 * is on screen, so state keeps the function, never the string of the moment.
 */
export type TillText = () => string;

/**
 * What the till controller tells the cashier, in the till's language of the moment. Never an
 * exception's or a server's own words: what happened, what it means for the sales, what to do.
 * The technical cause goes to the console.
 */
export const tillMessages = {
  newerVersion: () => msg('A newer version was opened in another tab: reload.'),
  upgradeBlocked: () =>
    msg('An older version of the till is open in another tab: close it so this one can start.'),
  storageClosed: () =>
    msg(
      'The browser closed the storage of this till: reload before the next sale. The sales already made are kept.',
    ),
  cannotStore: () =>
    msg(
      'This device cannot store sales: the browser refused its storage (a private window does). Reload the till; no sale can be made until it can store them.',
    ),
  notReady: () => msg('The till is not ready to take payments.'),
  cartFull: () =>
    msg(
      str`The cart holds ${MAX_ORDER_LINES} lines, the most for one sale: pay for these, then sell the rest as a new sale.`,
    ),
  clockBehind: () =>
    msg("This tablet's clock is more than a day behind the session's opening: set the date and time."),
  clockAhead: () =>
    msg("This tablet's clock is more than a day ahead of the server's: set the date and time."),
  notSaved: () => msg('The sale could not be saved on this device: the cart is kept, try again.'),
  cannotRead: () => msg('The sales on this device could not be read: reload the till. Nothing was deleted.'),
  refreshFailed: (code: string) =>
    msg(
      str`Could not refresh from the server (${failureSentence(code)}): selling goes on with the data on this device.`,
    ),
} satisfies Record<string, (...args: never[]) => string>;

/**
 * A failed sale for the cashier, by its code: the cart is kept and nothing was recorded. The
 * error's own message (a browser's, in English) stays out of the till.
 */
export function saleErrorText(error: PosError): TillText {
  switch (error.code) {
    case 'storage_full':
      return () =>
        msg(
          'The device storage is full: the sale was not saved. The cart is kept; the sales already made are safe.',
        );
    case 'validation_failed':
      return () => msg('The payments do not cover the total, or the cart is empty: the sale was not saved.');
    default:
      return tillMessages.notSaved;
  }
}

/**
 * What a failure code means, as a clause the till puts into its sentences ("Last check failed:
 * …", "the rescue failed: …"), in the till's language. Codes come from the API
 * (`{error: {code}}`), from the sync runner (`network`, `timeout`, `bad_response`,
 * `unknown_state`) and from storage; an unknown code gets a general clause, never the failure's own text.
 */
export function failureSentence(code: string): string {
  switch (code) {
    case 'network':
      return msg('the server cannot be reached');
    case 'timeout':
      return msg('the server did not answer in time');
    case 'unauthorized':
    case 'device_revoked':
      return msg('this tablet is no longer paired');
    case 'forbidden':
      return msg('this tablet is not allowed to do that');
    case 'rate_limited':
      return msg('too many attempts: wait a minute');
    case 'database_unavailable':
      return msg('the server cannot reach its database: try again in a moment');
    case 'server_stopping':
      return msg('the server is restarting: try again in a moment');
    case 'session_closed':
      return msg('the session is closed');
    case 'not_found':
      return msg('the server does not know it');
    case 'validation_failed':
    case 'bad_request':
      return msg('the server refused it as invalid');
    case 'conflict':
      return msg('the order reference is already used');
    case 'over_refund':
      return msg(
        'the refund gives back more than the order sold, counting its other refunds (another till may have refunded it): give nothing back for it, ask a manager',
      );
    case 'unknown_original':
      return msg(
        'the server has no order of this register to refund (it may have been refused, or sold on another register): ask a manager',
      );
    case 'payload_too_large':
      return msg('too much to send at once');
    case 'storage_full':
      return msg('the device storage is full');
    case 'storage_failed':
      return msg('the device storage failed');
    case 'bad_response':
      return msg('the server sent an answer this till does not understand');
    case 'unknown_state':
      return msg('the session is in a state this version of the till does not know');
    default:
      return msg('the server had a problem');
  }
}
