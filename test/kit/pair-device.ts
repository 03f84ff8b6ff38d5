import { SEED_CONFIG_ID, TEST_ADMIN_TOKEN } from './admin-token.js';

/** What `POST /api/configs/:id/pairing-codes` answers (the back office's "Pair a device"). */
export interface PairingCode {
  code: string;
  configId: number | string;
  expiresAt: string;
  /** `/?pair=<code>`: the link a tablet opens. */
  pairPath: string;
}

/** A device paired over HTTP, as `POST /api/pair` answers it. */
export interface PairedDevice {
  token: string;
  deviceId: string;
  deviceNumber: number;
  configId: number;
}

/** Who pairs, and how; everything has a default. */
export interface PairOptions {
  /** The POS config the device joins; default the seed's. */
  configId?: number | string;
  /** A revoked token of the device: pairs that device again (same number). */
  previousToken?: string;
  /**
   * The address the tablet says it comes from (X-Forwarded-For, which a server with TRUST_PROXY=1
   * believes): the pairing rate limit counts attempts per address.
   */
  forwardedFor?: string;
  /** The manager's token that makes the code; default {@link TEST_ADMIN_TOKEN}. */
  adminToken?: string;
  /** Where the code is made when not on `url` (another instance of the same database). */
  codeFrom?: string;
}

/** A one-time pairing code for `configId` on the server at `url`, made with the manager's token. Throws unless 201. */
export async function newPairingCode(
  url: string,
  configId: number | string = SEED_CONFIG_ID,
  adminToken = TEST_ADMIN_TOKEN,
): Promise<PairingCode> {
  const made = await fetch(`${url}/api/configs/${configId}/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  const text = await made.text();
  if (made.status !== 201) throw new Error(`no pairing code: ${made.status} ${text}`);
  return JSON.parse(text) as PairingCode;
}

/** Redeems `code` on the server at `url` (`POST /api/pair`, with no token). Throws unless 201. */
export async function redeemPairingCode(
  url: string,
  code: string,
  options: Pick<PairOptions, 'previousToken' | 'forwardedFor'> = {},
): Promise<PairedDevice> {
  const paired = await fetch(`${url}/api/pair`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    body: JSON.stringify(options.previousToken ? { code, previousToken: options.previousToken } : { code }),
  });
  const text = await paired.text();
  if (paired.status !== 201) throw new Error(`pairing failed: ${paired.status} ${text}`);
  return JSON.parse(text) as PairedDevice;
}

/**
 * Pairs a device with the server at `url` as a manager and a tablet would: a code made with the
 * admin token, redeemed by `POST /api/pair`. Throws with the answer when either is refused.
 */
export async function pairDevice(url: string, options: PairOptions = {}): Promise<PairedDevice> {
  const { code } = await newPairingCode(options.codeFrom ?? url, options.configId, options.adminToken);
  return redeemPairingCode(url, code, options);
}
