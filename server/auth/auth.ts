import type { FastifyRequest } from 'fastify';
import { countAttempt, readAttempts, type CountedAttempt } from '../db/attempts-repo.js';
import type { Executor } from '../db/database.js';
import { findDeviceByTokenHash, getDevice, touchDevice } from '../db/devices-repo.js';
import { httpError, retryLaterUntil, type RetryLaterError } from '../http-error.js';
import { hashToken, sameHash } from './tokens.js';

/** Who sent a request: the manager (admin token) or one paired device. */
export type Principal = { kind: 'admin' } | DevicePrincipal;

/** A paired device, as its token says. */
export interface DevicePrincipal {
  kind: 'device';
  deviceId: string;
  deviceNumber: number;
  configId: number;
}

/** Query parameter that carries a token where headers cannot (EventSource). */
export const ACCESS_TOKEN_PARAM = 'access_token';

/**
 * Unknown tokens one address may send within {@link TOKEN_FAILURE_WINDOW_MS} (counted in the
 * database, so across instances); the next request with a token that is not a device's answers
 * 429 until the window ends, the right admin token included (else the answer to a right guess
 * would still differ from a wrong one's). A manager's token set by hand (POS_ADMIN_TOKEN) may be as
 * short as 24 characters: this keeps guessing it to 10 tries a minute per address.
 */
export const MAX_TOKEN_FAILURES = 10;
/** The window unknown tokens are counted in (ms): it opens at an address's first one. */
export const TOKEN_FAILURE_WINDOW_MS = 60_000;

/** A device's `last_seen_at` is written at most this often (ms), not on every request. */
const TOUCH_INTERVAL_MS = 10_000;

/**
 * The access rules of docs/ACCESS.md, one method per kind of route. Every method throws PosError:
 * 401 `unauthorized` (no token, unknown token), 401 `device_revoked` (a revoked device's token),
 * 403 `forbidden` (the wrong kind of token, or another config's device), 429 `rate_limited`
 * (RetryLaterError, with Retry-After) once the address sent {@link MAX_TOKEN_FAILURES} unknown
 * tokens within {@link TOKEN_FAILURE_WINDOW_MS}: then for an unknown token and the admin token alike.
 */
export class Auth {
  private readonly adminHash: string;

  /**
   * `adminToken` (or only its hash, hashToken, when the token is stored hashed) is compared by
   * hash in constant time; `now` is the server clock; `maxFailures` unknown tokens a minute per
   * address are answered 401, more 429 (default {@link MAX_TOKEN_FAILURES}).
   */
  constructor(
    private readonly db: Executor,
    adminToken: string | { hash: string },
    private readonly now: () => Date,
    private readonly maxFailures = MAX_TOKEN_FAILURES,
  ) {
    this.adminHash = typeof adminToken === 'string' ? hashToken(adminToken) : adminToken.hash;
  }

  /**
   * Who sent `request`: the `Authorization: Bearer` token, or (when `allowQueryToken`) a device
   * token in the `access_token` query parameter. Records the device's last request time. An
   * unknown token is counted against the client's address (request.ip: the proxy's
   * X-Forwarded-For with TRUST_PROXY=1); a device's token never is, and passes while the address
   * is locked out (a shop's tablets share its address: one stranger on the shop's network must not
   * stop its tills).
   */
  async authenticate(
    request: FastifyRequest,
    options: { allowQueryToken?: boolean } = {},
  ): Promise<Principal> {
    const header = bearerToken(request);
    const token = header ?? (options.allowQueryToken ? queryToken(request) : null);
    if (!token) throw httpError('unauthorized', 'This request needs a token: Authorization: Bearer <token>.');
    const hash = hashToken(token);
    // The admin token never rides in a URL (proxies log URLs): in the header only.
    if (sameHash(hash, this.adminHash)) {
      // Read only, never counted: the manager's own requests must not lock the manager out.
      const failures = await readAttempts(this.db, failureKey(request), this.now());
      if (failures && failures.attempts >= this.maxFailures) throw this.tooManyFailures(failures);
      if (header === null)
        throw httpError('unauthorized', 'Send the admin token in the Authorization header, not in the URL.');
      return { kind: 'admin' };
    }
    const device = await findDeviceByTokenHash(this.db, hash);
    if (!device) {
      // Counted in one statement before answering: guesses sent at once to several instances
      // are all counted, and each sees the count with its own in it.
      const failures = await countAttempt(this.db, failureKey(request), this.now(), TOKEN_FAILURE_WINDOW_MS);
      if (failures.attempts > this.maxFailures) throw this.tooManyFailures(failures);
      throw httpError(
        'unauthorized',
        'This token is not known: a tablet must be paired again; the back office needs the admin token.',
      );
    }
    if (device.revoked_at)
      throw httpError('device_revoked', 'This device was unpaired by the manager: pair it again to sell.');
    const now = this.now();
    if (!device.last_seen_at || now.getTime() - Date.parse(device.last_seen_at) >= TOUCH_INTERVAL_MS) {
      await touchDevice(this.db, device.device_id, now);
    }
    return {
      kind: 'device',
      deviceId: device.device_id,
      deviceNumber: device.device_number,
      configId: device.config_id,
    };
  }

  /** The 429 of an address locked out until the window `failures` ends. */
  private tooManyFailures(failures: CountedAttempt): RetryLaterError {
    return retryLaterUntil(
      failures.expiresAt,
      this.now(),
      (seconds) => `Too many unknown tokens from this address: try again in ${seconds} s.`,
    );
  }

  /** Manager routes: the admin token only. */
  async requireAdmin(request: FastifyRequest): Promise<void> {
    if ((await this.authenticate(request)).kind !== 'admin')
      throw httpError('forbidden', 'This is a manager action: it needs the admin token.');
  }

  /** Device routes: a device token only (orders come from a till). */
  async requireDevice(request: FastifyRequest): Promise<DevicePrincipal> {
    const principal = await this.authenticate(request);
    if (principal.kind !== 'device') throw httpError('forbidden', 'Only a paired device sends orders.');
    return principal;
  }

  /**
   * Who may read config `configId`'s till data: the admin, or a device of that config. Call it
   * before looking the resource up when the config is known, so a stranger learns nothing.
   */
  async requireConfigAccess(
    request: FastifyRequest,
    configId: number,
    options: { allowQueryToken?: boolean } = {},
  ): Promise<Principal> {
    const principal = await this.authenticate(request, options);
    this.allowConfig(principal, configId);
    return principal;
  }

  /** True while device `deviceId` is paired (not revoked): an open event stream asks before each event. */
  async isPaired(deviceId: string): Promise<boolean> {
    const device = await getDevice(this.db, deviceId);
    return device?.revoked_at === null;
  }

  /** Throws 403 `forbidden` when `principal` is a device of another config than `configId`. */
  allowConfig(principal: Principal, configId: number): void {
    if (principal.kind === 'device' && principal.configId !== configId) {
      throw httpError('forbidden', `This device belongs to another POS config than config ${configId}.`);
    }
  }
}

/**
 * The session as `principal` may see it: the manager sees every device's report; a device only
 * its own (device ids of other tablets are not for it to collect).
 */
export function sessionFor<T extends { devices?: { deviceId: string }[] | undefined }>(
  principal: Principal,
  session: T,
): T {
  if (principal.kind === 'admin' || !session.devices) return session;
  return { ...session, devices: session.devices.filter((d) => d.deviceId === principal.deviceId) };
}

/** The attempt_counters key of unknown tokens sent from `request`'s address. */
function failureKey(request: FastifyRequest): string {
  return `token:${request.ip}`;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function queryToken(request: FastifyRequest): string | null {
  const value = (request.query as Record<string, unknown> | undefined)?.[ACCESS_TOKEN_PARAM];
  return typeof value === 'string' && value !== '' ? value : null;
}
