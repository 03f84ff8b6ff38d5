import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstNonTokenChar, MIN_ADMIN_TOKEN_LENGTH } from '../../src/domain/token-text.js';
import { readAdminTokenHash, storeAdminTokenHash } from '../db/admin-token-repo.js';
import type { Executor } from '../db/database.js';
import { ADMIN_TOKEN_PREFIX, hashToken, newToken } from './tokens.js';

export { MIN_ADMIN_TOKEN_LENGTH };

/** File in `POS_DATA_DIR` holding a generated admin token (mode 0600). */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** Where the admin token came from; `generated` is true only on the start that created it. */
export interface AdminToken {
  token: string;
  source: 'env' | 'file';
  generated: boolean;
}

/**
 * The manager's token: `envToken` (from `POS_ADMIN_TOKEN`) when set, else the one kept in
 * `dataDir/admin-token`, else a new one written there with mode 0600 (`generated: true`, so the
 * caller prints it once). Throws when `envToken` is shorter than {@link MIN_ADMIN_TOKEN_LENGTH}
 * or has a character a token cannot have (token-text.ts: a space, an accent, a control
 * character), and when the file holds no such token.
 */
export function resolveAdminToken(dataDir: string, envToken: string | undefined): AdminToken {
  if (envToken !== undefined && envToken !== '') {
    if (envToken.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new Error(`POS_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long.`);
    }
    const bad = badCharacter(envToken);
    if (bad)
      throw new Error(`POS_ADMIN_TOKEN has ${bad}: a token is printable ASCII without spaces (! to ~).`);
    return { token: envToken, source: 'env', generated: false };
  }
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < MIN_ADMIN_TOKEN_LENGTH || badCharacter(token))
      throw new Error(`${path} holds no admin token: delete it to make a new one.`);
    return { token, source: 'file', generated: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = newToken(ADMIN_TOKEN_PREFIX);
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { token, source: 'file', generated: true };
}

/**
 * The manager's token as a server on PostgreSQL knows it when `POS_ADMIN_TOKEN` is unset: instances
 * share no data folder, so a generated token is kept in the database, HASHED (SHA-256, like device
 * tokens: 256 random bits need no salt). `token` is the token itself only on the start that
 * generated it (print it once); afterwards only `hash` is known.
 */
export interface StoredAdminToken {
  token: string | null;
  hash: string;
  source: 'database';
  generated: boolean;
}

/**
 * The admin token kept in the database (`admin_token`), made on the first start: a new token
 * whose hash is stored unless another instance stored one first (then that one's hash is used and
 * `generated` is false). Nothing is written to a data folder.
 */
export async function resolveAdminTokenInDatabase(db: Executor, now: Date): Promise<StoredAdminToken> {
  const stored = await readAdminTokenHash(db);
  if (stored) return { token: null, hash: stored, source: 'database', generated: false };
  const token = newToken(ADMIN_TOKEN_PREFIX);
  const hash = hashToken(token);
  if (await storeAdminTokenHash(db, hash, now)) return { token, hash, source: 'database', generated: true };
  const winner = await readAdminTokenHash(db);
  if (!winner) throw new Error('The admin token stored by another instance went missing: start again.');
  return { token: null, hash: winner, source: 'database', generated: false };
}

/**
 * The first character of `token` a token cannot have, described without showing it (it is part
 * of a secret): `a space at position 5`, `a control character (U+0009) at position 1`,
 * `a character outside ASCII (U+00E9) at position 12`. Null when there is none.
 */
function badCharacter(token: string): string | null {
  const index = firstNonTokenChar(token);
  if (index === -1) return null;
  const code = token.codePointAt(index) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const what =
    code === 0x20
      ? 'a space'
      : code < 0x20 || code === 0x7f
        ? `a control character (${hex})`
        : `a character outside ASCII (${hex})`;
  return `${what} at position ${index + 1}`;
}
