/**
 * What text can be a bearer token (the admin token, a device token): printable ASCII without
 * spaces, `!` (0x21) to `~` (0x7E). A space ends the token in `Authorization: Bearer <token>`, and
 * an accent or a control character cannot travel in an HTTP header at all (browsers refuse to
 * send it). The server refuses such a `POS_ADMIN_TOKEN` at start; the back office checks its
 * sign-in form with the same rule. No imports: the back office loads it at run time.
 */

/** Shortest admin token the server accepts from `POS_ADMIN_TOKEN`: a short one could be guessed. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

const TOKEN_CHAR = /^[\x21-\x7E]$/;

/** True when `text` is not empty and every character is printable ASCII other than a space (0x21–0x7E). */
export function isTokenText(text: string): boolean {
  return text.length > 0 && firstNonTokenChar(text) === -1;
}

/** Index (UTF-16) of the first character of `text` a token cannot have, or -1 when there is none. */
export function firstNonTokenChar(text: string): number {
  for (let i = 0; i < text.length; i += 1) if (!TOKEN_CHAR.test(text.charAt(i))) return i;
  return -1;
}
