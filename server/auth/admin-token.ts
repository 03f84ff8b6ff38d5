import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_PREFIX, newToken } from './tokens.js';

/** File in `POS_DATA_DIR` holding a generated admin token (mode 0600). */
export const ADMIN_TOKEN_FILE = 'admin-token';
/** Shortest admin token accepted from `POS_ADMIN_TOKEN`: a short one could be guessed. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

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
 * or the file is empty.
 */
export function resolveAdminToken(dataDir: string, envToken: string | undefined): AdminToken {
  if (envToken !== undefined && envToken !== '') {
    if (envToken.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new Error(`POS_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long.`);
    }
    return { token: envToken, source: 'env', generated: false };
  }
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < MIN_ADMIN_TOKEN_LENGTH) throw new Error(`${path} holds no admin token: delete it to make a new one.`);
    return { token, source: 'file', generated: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = newToken(ADMIN_TOKEN_PREFIX);
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { token, source: 'file', generated: true };
}
