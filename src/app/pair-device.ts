import { msg, str } from '@lit/localize';
import { PAIRING_LOCK } from '../domain/api/names.js';
import { normalizePairingCode } from '../domain/pairing.js';
import { PosError } from '../domain/pos-error.js';
import type { PosDb } from '../store/db.js';
import { pairingOf, readDevice, storePairing } from '../store/device-repo.js';
import { announceNewDeviceToken } from '../sync/authorized-fetch.js';
import type { LockFn } from '../sync/with-lock.js';
import type { ApiClient } from './api-client.js';
import { failureSentence, type TillText } from './till-messages.js';

/** What {@link pairDevice} needs; all injected so tests pass fakes. */
export interface PairDeviceDeps {
  db: PosDb;
  api: Pick<ApiClient, 'pair'>;
  withLock: LockFn;
}

/**
 * What a pairing did: `paired` (the server answered; token, id, number and config stored, the
 * unpaired marker cleared) or `already-paired` (the tablet held a token the server had not
 * refused, e.g. another tab paired it meanwhile: the code was not used).
 */
export interface PairOutcome {
  kind: 'paired' | 'already-paired';
  deviceNumber: number | undefined;
}

/**
 * Pairs this tablet with the one-time `code` (canonical `XXXX-XXXX`), under {@link PAIRING_LOCK}
 * and deciding again inside it: only a tablet without a token, or whose token the server refused,
 * spends the code. Sends the stored (refused) token as `previousToken`, the proof that this is the
 * same tablet, so a tablet paired again keeps its device number and the orders it holds can still be sent. Nothing in the outbox is touched.
 * Throws the API's PosError (`pairing_code_invalid`, `rate_limited`, `network`, `timeout`, …), or
 * IndexedDB's error; the stored pairing is then unchanged.
 */
export async function pairDevice(deps: PairDeviceDeps, code: string): Promise<PairOutcome> {
  const result = await deps.withLock(PAIRING_LOCK, async (): Promise<PairOutcome> => {
    const device = await readDevice(deps.db);
    if (pairingOf(device) === 'paired') return { kind: 'already-paired', deviceNumber: device.deviceNumber };
    const answer = await deps.api.pair(code, device.token);
    await storePairing(deps.db, answer);
    announceNewDeviceToken();
    return { kind: 'paired', deviceNumber: answer.deviceNumber };
  });
  if (!result.acquired) throw new Error('The pairing lock was not granted.'); // never: the request waits
  return result.value;
}

/** What {@link pairWithCode} gives the till: the outcome, or why it failed in the cashier's words. */
export type PairAttempt = { ok: true; outcome: PairOutcome } | { ok: false; error: TillText };

/**
 * The pairing screen's and the pairing link's attempt (loaded on demand: a paired till never
 * needs it): normalizes the typed `raw` code (any case, dash optional), refuses when it is not a
 * code or the device is `online: false`, then {@link pairDevice}. Never rejects: every failure is
 * an `error` sentence, read in the till's language when shown (see pairingErrorText).
 */
export async function pairWithCode(
  deps: PairDeviceDeps & { online: boolean },
  raw: string,
): Promise<PairAttempt> {
  const code = normalizePairingCode(raw);
  if (code === null)
    return { ok: false, error: () => msg('A pairing code has 8 letters or digits, like ABCD-2345.') };
  if (!deps.online) return { ok: false, error: () => pairingErrorText(new PosError('network', 'offline')) };
  try {
    return { ok: true, outcome: await pairDevice(deps, code) };
  } catch (error) {
    console.warn('pos-shell: pairing failed', error);
    return { ok: false, error: () => pairingErrorText(error) };
  }
}

/**
 * Why a pairing failed, for the cashier: an unusable code (unknown, expired and used get
 * one answer from the server, on purpose), too many attempts, no network; else what its code
 * means (failureSentence), never the error's own text.
 */
export function pairingErrorText(error: unknown): string {
  const code = error instanceof PosError ? error.code : null;
  switch (code) {
    case 'pairing_code_invalid':
      return msg('This code is unknown, expired or already used. Ask the manager for a new one.');
    case 'rate_limited':
      return msg('Too many pairing attempts from this network: wait a minute, then try again.');
    case 'network':
    case 'timeout':
      return msg('Connect to the network to pair this tablet.');
    default:
      return msg(
        str`Pairing failed: ${failureSentence(error instanceof PosError ? error.code : 'storage_failed')}.`,
      );
  }
}
