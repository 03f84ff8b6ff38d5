import type { Id } from '../domain/ids.js';
import { errorFromApi } from '../domain/api/error-body.js';
import { PosError } from '../domain/pos-error.js';
import type { SessionState } from '../domain/session-state.js';
import type {
  ConfigPatch,
  DeviceInfo,
  DevicePatch,
  PairingCode,
  PosConfig,
  PosOrder,
  SessionListItem,
  SessionSummary,
} from './admin-types.js';

/** A back-office request that has not answered after this long is aborted. */
export const ADMIN_API_TIMEOUT_MS = 15_000;

/**
 * The back office's calls to the admin API (docs/ACCESS.md), each with `Authorization: Bearer
 * <admin token>`. Every method throws PosError: the server's `{error: {code, message, field?}}`
 * (with its HTTP status, and `field` the dot path of the first bad field of a 400
 * `validation_failed`; the message is the server's, for logs: the page words its own,
 * admin-errors.ts), `network`, `timeout` or `bad_response`. A
 * 401, or a 403 (a token the server knows that is not the admin token: a tablet's), also calls
 * `onUnauthorized` (the page goes back to the sign-in form) before throwing.
 */
export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: (error: PosError) => void,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** `GET /api/configs`: every POS config. */
  listConfigs(): Promise<PosConfig[]> {
    return this.request('GET', '/api/configs');
  }

  /** `PATCH /api/configs/:id`: the config as saved (400 validation_failed names the bad field). */
  patchConfig(configId: Id, patch: ConfigPatch): Promise<PosConfig> {
    return this.request('PATCH', `/api/configs/${path(configId)}`, patch);
  }

  /** `GET /api/configs/:id/sessions`: newest first, with order count and total. */
  listSessions(configId: Id): Promise<SessionListItem[]> {
    return this.request('GET', `/api/configs/${path(configId)}/sessions`);
  }

  /** `POST /api/configs/:id/sessions`: opens a session (409 session_already_open). */
  openSession(configId: Id): Promise<unknown> {
    return this.request('POST', `/api/configs/${path(configId)}/sessions`);
  }

  /** `PATCH /api/sessions/:id` `{state}` (409 transition_not_allowed). */
  setSessionState(sessionId: Id, state: SessionState): Promise<unknown> {
    return this.request('PATCH', `/api/sessions/${path(sessionId)}`, { state });
  }

  /** `GET /api/sessions/:id/summary`: totals, payment methods and what devices last reported. */
  sessionSummary(sessionId: Id): Promise<SessionSummary> {
    return this.request('GET', `/api/sessions/${path(sessionId)}/summary`);
  }

  /**
   * `GET /api/sessions/:id/orders?limit=`: the `limit` orders the session received last (1..1000),
   * oldest first.
   */
  sessionOrders(sessionId: Id, limit: number): Promise<PosOrder[]> {
    return this.request('GET', `/api/sessions/${path(sessionId)}/orders?limit=${limit}`);
  }

  /** `POST /api/configs/:id/pairing-codes`: a one-time pairing code for a tablet. */
  createPairingCode(configId: Id): Promise<PairingCode> {
    return this.request('POST', `/api/configs/${path(configId)}/pairing-codes`);
  }

  /** `GET /api/configs/:id/devices`: the config's devices, revoked ones included. */
  listDevices(configId: Id): Promise<DeviceInfo[]> {
    return this.request('GET', `/api/configs/${path(configId)}/devices`);
  }

  /** `POST /api/devices/:deviceId/revoke`: the device with `revokedAt` set; its token stops working. */
  revokeDevice(deviceId: string): Promise<DeviceInfo> {
    return this.request('POST', `/api/devices/${path(deviceId)}/revoke`);
  }

  /**
   * `PATCH /api/devices/:deviceId` `{name}`: the device with its new name (trimmed, 1–40
   * characters; null clears it). 400 validation_failed names the field.
   */
  renameDevice(deviceId: string, patch: DevicePatch): Promise<DeviceInfo> {
    return this.request('PATCH', `/api/devices/${path(deviceId)}`, patch);
  }

  /**
   * `GET /api/sessions/:id/orders.csv`: every order of the session as CSV, with the file name the
   * server gives (`Content-Disposition`), for a download.
   */
  async exportOrders(sessionId: Id): Promise<{ blob: Blob; filename: string }> {
    const response = await this.send(
      'GET',
      `/api/sessions/${path(sessionId)}/orders.csv`,
      undefined,
      'text/csv',
    );
    if (!response.ok) throw await this.failure(response);
    const filename =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `session-${String(sessionId)}-orders.csv`;
    return { blob: await response.blob(), filename };
  }

  private async request<T>(method: string, url: string, json?: unknown): Promise<T> {
    const response = await this.send(method, url, json, 'application/json');
    if (!response.ok) throw await this.failure(response);
    return (await response.json().catch(() => undefined)) as T;
  }

  /** The error of a non-2xx answer; a 401 or 403 also signs the page out first. */
  private async failure(response: Response): Promise<PosError> {
    const body: unknown = await response.json().catch(() => undefined);
    const error = errorFromApi(response.status, body);
    // Every route the back office calls is the manager's: a 403 means the token is not the admin's.
    if (response.status === 401 || response.status === 403) this.onUnauthorized(error);
    return error;
  }

  private async send(method: string, url: string, json: unknown, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept, authorization: `Bearer ${this.token}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers,
        body: json === undefined ? null : JSON.stringify(json),
        cache: 'no-store',
        signal: AbortSignal.timeout(ADMIN_API_TIMEOUT_MS),
      });
    } catch (error) {
      const name = error instanceof Error || error instanceof DOMException ? error.name : '';
      if (name === 'TimeoutError') throw new PosError('timeout', `The server did not answer ${url} in time.`);
      throw new PosError('network', `The server could not be reached (${url}).`);
    }
    return response;
  }
}

function path(id: Id): string {
  return encodeURIComponent(String(id));
}
