import { msg, str } from '@lit/localize';
import { PosError } from '../domain/pos-error.js';

/**
 * A message worded when it is shown, not when it was decided: a section keeps this, so a switch
 * of language words what is on screen again.
 */
export type Words = () => string;

/**
 * Why a request failed, in the back office's words and language, by the error's code: what comes
 * after "Sessions could not be read: ". The server's own message is never shown (it is English
 * and may be a schema's text); it stays in the error for logs.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof PosError)) return msg('something went wrong in this page: reload it.');
  switch (error.code) {
    case 'network':
      return msg('the server could not be reached: check the network.');
    case 'timeout':
      return msg('the server did not answer in time: try again.');
    case 'unauthorized':
      return msg('the admin token is not valid.');
    case 'forbidden':
      return msg('this token is not the admin token.');
    case 'not_found':
      return msg('the server does not know it (removed meanwhile, or a server without this feature).');
    case 'conflict':
      return msg('it clashes with what the server already has.');
    case 'transition_not_allowed':
      return msg('the session cannot make that change in its present state (it may have changed elsewhere).');
    case 'session_already_open':
      return msg('a session of this POS config is already open.');
    case 'session_closed':
      return msg('the session is closed.');
    case 'cash_count_required':
      return msg('the server needs the count of the drawer for this change.');
    case 'closing_note_required':
      return msg('the counted cash differs from the expected cash: a note is required.');
    case 'rate_limited':
      return msg('too many requests: wait a minute and try again.');
    case 'validation_failed':
    case 'bad_request':
    case 'payload_too_large':
      return msg('the server refused what was sent.');
    default:
      return error.status ? msg(str`the server failed (error ${error.status}).`) : msg('the server failed.');
  }
}

/** At the token field: the text cannot be a token (isTokenText), so it is not sent. */
export function badTokenText(): string {
  return msg(
    'Admin token: a token has no spaces, accents or line breaks (only the characters ! to ~). Paste it again exactly as the server printed it.',
  );
}

/** At the token field: the server does not know the token (401), or it is a tablet's (403). */
export function refusedTokenText(error: PosError): string {
  return error.code === 'forbidden'
    ? msg('Admin token: this is not the admin token (a tablet’s token?). Sign in with the admin token.')
    : msg('Admin token: this admin token is not valid. Check it and sign in again.');
}
