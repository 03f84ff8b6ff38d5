import type { Id } from '../domain/ids.js';
import { BACK_OFFICE_TIMEOUT_MS, HttpClient, type HttpRequest } from '../app/http.js';
import { PosError } from '../domain/pos-error.js';
import type { FetchFn } from '../sync/sync-deps.js';
import type { SessionState } from '../domain/session-state.js';
import type {
  BackupStatus,
  ConfigPatch,
  DeviceInfo,
  DevicePatch,
  ImportCounts,
  ImportProblem,
  NewConfig,
  PairingCode,
  PosConfig,
  PosOrder,
  PosSession,
  Product,
  ProductInput,
  ProductPatch,
  SessionListItem,
  SessionPatch,
  SessionSummary,
} from './admin-types.js';
import type { DayReport, SessionReport } from '../domain/report.js';

/**
 * The back office's calls to the admin API (docs/ACCESS.md), each with `Authorization: Bearer
 * <admin token>`, over the one HttpClient with the back office's timeout (BACK_OFFICE_TIMEOUT_MS).
 * Every method throws PosError as HttpClient does: the server's `{error: {code, message, field?}}`
 * (with its HTTP status, and `field` the dot path of the first bad field of a 400
 * `validation_failed`; the message is the server's, for logs: the page words its own,
 * admin-errors.ts), `network`, `timeout`, `server_error` or `bad_response`. A 401, or a 403 (a
 * token the server knows that is not the admin token: a tablet's; every route the back office
 * calls is the manager's), also calls `onUnauthorized` (the page goes back to the sign-in form)
 * before throwing.
 */
export class AdminApi {
  private readonly http: HttpClient;

  constructor(token: string, onUnauthorized: (error: PosError) => void, fetchFn?: FetchFn) {
    this.http = new HttpClient({
      token,
      onUnauthorized,
      timeoutMs: BACK_OFFICE_TIMEOUT_MS,
      ...(fetchFn ? { fetch: fetchFn } : {}),
    });
  }

  /** `GET /api/configs`: every POS config. */
  listConfigs(): Promise<PosConfig[]> {
    return this.request('GET', '/api/configs');
  }

  /**
   * `POST /api/configs`: the new config (201). 400 validation_failed names the bad field, 409
   * conflict a name another config has, 404 not_found a `copyCatalogFrom` config that is gone.
   */
  createConfig(config: NewConfig): Promise<PosConfig> {
    return this.request('POST', '/api/configs', config);
  }

  /** `PATCH /api/configs/:id`: the config as saved (400 validation_failed names the bad field). */
  patchConfig(configId: Id, patch: ConfigPatch): Promise<PosConfig> {
    return this.request('PATCH', `/api/configs/${path(configId)}`, patch);
  }

  /** `GET /api/backups/last`: the server's scheduled backups, the last one made and the last failure. */
  lastBackup(): Promise<BackupStatus> {
    return this.request('GET', '/api/backups/last');
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

  /**
   * `PATCH /api/sessions/:id` with the counts of cash control (`openingCash` to open,
   * `closingCash` and `closingNote` to close; integer minor units): the session as saved. 409
   * cash_count_required (a count is missing), closing_note_required (the count differs from the
   * expected cash and there is no note), transition_not_allowed; 400 validation_failed names the
   * bad count.
   */
  patchSession(sessionId: Id, patch: SessionPatch): Promise<PosSession> {
    return this.request('PATCH', `/api/sessions/${path(sessionId)}`, patch);
  }

  /**
   * `GET /api/sessions/:id/report`: the X report of a session that runs (computed now), the Z
   * report of a closed one (fixed when it closed).
   */
  sessionReport(sessionId: Id): Promise<SessionReport> {
    return this.request('GET', `/api/sessions/${path(sessionId)}/report`);
  }

  /**
   * `GET /api/configs/:id/report?date=YYYY-MM-DD`: every session of the register opened that day
   * in its time zone, summed (400 validation_failed for a date that is not one).
   */
  dayReport(configId: Id, date: string): Promise<DayReport> {
    return this.request('GET', `/api/configs/${path(configId)}/report?date=${encodeURIComponent(date)}`);
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
    return this.csvDownload(
      `/api/sessions/${path(sessionId)}/orders.csv`,
      `session-${String(sessionId)}-orders.csv`,
    );
  }

  /** `GET /api/sessions/:id/report.csv`: the session's report as CSV, one section per part, for a download. */
  exportReport(sessionId: Id): Promise<{ blob: Blob; filename: string }> {
    return this.csvDownload(
      `/api/sessions/${path(sessionId)}/report.csv`,
      `session-${String(sessionId)}-report.csv`,
    );
  }

  /** `GET /api/sessions/:id/lines.csv`: one row per order line of the session, for a download. */
  exportLines(sessionId: Id): Promise<{ blob: Blob; filename: string }> {
    return this.csvDownload(
      `/api/sessions/${path(sessionId)}/lines.csv`,
      `session-${String(sessionId)}-lines.csv`,
    );
  }

  /**
   * `GET /api/configs/:id/products`, with the archived ones (each `archived: true`) when
   * `includeArchived`.
   */
  listProducts(configId: Id, includeArchived: boolean): Promise<Product[]> {
    const query = includeArchived ? '?includeArchived=1' : '';
    return this.request('GET', `/api/configs/${path(configId)}/products${query}`);
  }

  /**
   * `POST /api/configs/:id/products`: the product made (201). 400 validation_failed names the
   * field; 409 conflict a name or barcode in use (see conflictField); 404 an unknown config.
   */
  createProduct(configId: Id, product: ProductInput): Promise<Product> {
    return this.request('POST', `/api/configs/${path(configId)}/products`, product);
  }

  /** `PATCH /api/products/:id`: the product as saved (with `archived`); same refusals as createProduct. */
  patchProduct(productId: Id, patch: ProductPatch): Promise<Product> {
    return this.request('PATCH', `/api/products/${path(productId)}`, patch);
  }

  /** `GET /api/configs/:id/products.csv`: the catalog as CSV, with the server's file name, for a download. */
  async exportProducts(configId: Id): Promise<{ blob: Blob; filename: string }> {
    return this.csvDownload(
      `/api/configs/${path(configId)}/products.csv`,
      `config-${String(configId)}-products.csv`,
    );
  }

  /**
   * `POST /api/configs/:id/products/import[?dryRun=1]` with `csv` as a `text/csv` body, its bytes
   * as they are (a file's Blob is never decoded here: the server refuses one that is not UTF-8):
   * the counts (`ok`), or every bad line of a 422 invalid_csv (`problems`, from `error.details`;
   * nothing was written). Other refusals throw PosError as every method does (413
   * payload_too_large for a file over 5 MB or 20,000 rows).
   */
  async importProducts(
    configId: Id,
    csv: Blob | string,
    dryRun: boolean,
  ): Promise<{ ok: ImportCounts } | { problems: ImportProblem[] }> {
    const url = `/api/configs/${path(configId)}/products/import${dryRun ? '?dryRun=1' : ''}`;
    try {
      const { body } = await this.http.json<ImportCounts>({
        method: 'POST',
        path: url,
        raw: { body: csv, contentType: 'text/csv' },
      });
      return { ok: body };
    } catch (error) {
      if (error instanceof PosError && error.code === 'invalid_csv' && error.details !== undefined)
        return { problems: [...error.details] };
      throw error;
    }
  }

  /**
   * The CSV at `url` as sent (byte order mark included) in a Blob, named as the server's
   * `Content-Disposition` says, else `fallbackName`.
   */
  private async csvDownload(url: string, fallbackName: string): Promise<{ blob: Blob; filename: string }> {
    const { body, headers } = await this.http.text({ path: url }, 'text/csv');
    const filename = /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    return { blob: new Blob([body], { type: 'text/csv;charset=utf-8' }), filename };
  }

  /** The JSON answer of `method url`, typed by the back office's own declarations (unchecked). */
  private async request<T>(method: HttpRequest['method'], url: string, json?: unknown): Promise<T> {
    return (await this.http.json<T>({ method, path: url, json })).body;
  }
}

function path(id: Id): string {
  return encodeURIComponent(String(id));
}
