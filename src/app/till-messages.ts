import { msg, str } from '@lit/localize';
import { PosError } from '../domain/pos-error.js';

/**
 * What the till controller tells the cashier, in the till's language of the moment (functions, not
 * constants: the language can change while the page runs). `detail` is a technical cause, kept as
 * the browser or server wrote it.
 */
export const tillMessages = {
  newerVersion: () => msg('A newer version was opened in another tab: reload.'),
  upgradeBlocked: () => msg('An older version of the till is open in another tab: close it so this one can start.'),
  storageClosed: () => msg('The browser closed the storage of this till: reload before the next sale.'),
  cannotStore: (detail: string) => msg(str`This device cannot store sales: ${detail}`),
  notReady: () => msg('The till is not ready to take payments.'),
  notSaved: (detail: string) => msg(str`The sale was not saved: ${detail}`),
  cannotRead: (detail: string) => msg(str`The data on this device could not be read: ${detail}`),
  refreshFailed: (detail: string) => msg(str`Could not refresh from the server (${detail}): working from the data on this device.`),
};

/**
 * A failed sale's PosError for the cashier: the codes a payment can meet get a sentence in the
 * till's language (the error keeps its English message for logs); others keep their message.
 */
export function saleErrorText(error: PosError): string {
  switch (error.code) {
    case 'storage_full':
      return msg('The device storage is full: the sale was not saved.');
    case 'storage_failed':
      return msg(str`The sale could not be saved on this device (${error.message}).`);
    case 'validation_failed':
      return msg('The payments do not cover the total, or the cart is empty: the sale was not saved.');
    default:
      return error.message;
  }
}
