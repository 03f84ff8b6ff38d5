import { loadTillSchemas } from '../domain/load-till-schemas.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { ServerOriginal } from '../domain/refund-draft.js';
import { PosError } from '../domain/pos-error.js';
import type { PosSession } from '../domain/pos-session.js';
import type { Product } from '../domain/product.js';
import type { Id } from '../domain/ids.js';
import type { PairAnswer } from '../store/device-repo.js';
import type { FetchFn } from '../sync/sync-deps.js';
import type { PosDb } from '../store/db.js';
import type { HttpClient } from './http.js';
import { refreshStoredConfig } from './stored-config.js';

/** A session and the server's clock (its `Date` header, epoch ms, null when absent). */
export interface SessionAnswer {
  session: PosSession;
  serverNow: number | null;
}

/**
 * The page's few calls to the API, used only by the till controller for pairing, the start-up
 * refresh and the lookup of an order to refund (session checks and uploads belong to src/sync), over the one HttpClient with the
 * till's timeout. `fetchFn` is the authorized fetch (it adds the device token). Every function
 * throws PosError as HttpClient does: the server's `{error: {code, message}}` (e.g.
 * `pairing_code_invalid`, `rate_limited`, `device_revoked`), `network`, `timeout`, `server_error`
 * or `bad_response`. Every answer is checked against its schema (till-schemas.ts, loaded on the
 * first request unless the page already started loading it) before it is used.
 */
export class ApiClient {
  private client: Promise<HttpClient> | null = null;

  constructor(
    private readonly fetchFn: FetchFn,
    private readonly base = '',
  ) {}

  /**
   * The HttpClient, loaded with the first request (after the shell is interactive: pairing or
   * the start-up refresh) so that the till's first load does not carry it.
   */
  private get http(): Promise<HttpClient> {
    this.client ??= import('./http.js').then(
      ({ HttpClient, TILL_TIMEOUT_MS }) =>
        new HttpClient({ fetch: this.fetchFn, base: this.base, timeoutMs: TILL_TIMEOUT_MS }),
    );
    return this.client;
  }

  /**
   * `POST /api/pair` `{code, previousToken?}`: a device token for this tablet. With the token this
   * tablet had before (revoked, kept in IndexedDB), the server pairs the same device again and it
   * keeps its device number (docs/ACCESS.md).
   */
  async pair(code: string, previousToken: string | undefined): Promise<PairAnswer> {
    const json = previousToken ? { code, previousToken } : { code };
    const { PairAnswerSchema } = await loadTillSchemas();
    return (await (await this.http).json({ method: 'POST', path: '/api/pair', json }, PairAnswerSchema)).body;
  }

  /** `GET /api/configs/:id`: the till's own config. */
  async getConfig(id: Id): Promise<PosConfig> {
    const { PosConfigSchema } = await loadTillSchemas();
    return (await (await this.http).json({ path: `/api/configs/${path(id)}` }, PosConfigSchema)).body;
  }

  /**
   * `GET /api/configs/:id/products`; entries that fail validation or are archived are left out
   * (readCatalogAnswer), with a warning in the console.
   */
  async getProducts(configId: Id): Promise<Product[]> {
    const { readCatalogAnswer } = await loadTillSchemas();
    const { body } = await (await this.http).json({ path: `/api/configs/${path(configId)}/products` });
    const answer = readCatalogAnswer(body);
    if (!answer) throw new PosError('bad_response', 'The catalog is not a list.');
    if (answer.unreadable > 0)
      console.warn(`pos-shell: ${answer.unreadable} catalog entries could not be read and were left out`);
    return answer.products;
  }

  /**
   * Re-reads this device's POS config into `db` when the server answers (refreshStoredConfig: a
   * manager PIN changed in the back office since the till started). Never rejects.
   */
  async refreshStoredConfig(db: PosDb): Promise<void> {
    await refreshStoredConfig(db, await this.http);
  }

  /**
   * `GET /api/orders/by-reference/:reference`: an order of this tablet's config it does not hold,
   * with what the server's stored refunds of it took back (units by line key) and their uuids
   * (lowercased). Throws PosError as the class says; `not_found` when the server has no such order
   * of this config.
   */
  async orderByReference(reference: string): Promise<ServerOriginal> {
    const [{ LookupAnswerSchema }, { refundedOnServer }] = await Promise.all([
      loadTillSchemas(),
      import('../domain/refund-draft.js'), // with the refunds, not with the till
    ]);
    const { body } = await (
      await this.http
    ).json({ path: `/api/orders/by-reference/${encodeURIComponent(reference)}` }, LookupAnswerSchema);
    return {
      order: body.order,
      refunded: refundedOnServer(body.refunded),
      counted: new Set(body.refunds.map((uuid) => uuid.toLowerCase())),
    };
  }

  /** `GET /api/sessions/:id` with the server's clock. */
  async getSession(id: Id): Promise<SessionAnswer> {
    const { PosSessionSchema } = await loadTillSchemas();
    const { body, headers } = await (
      await this.http
    ).json({ path: `/api/sessions/${path(id)}` }, PosSessionSchema);
    const date = Date.parse(headers.get('date') ?? '');
    return { session: body, serverNow: Number.isNaN(date) ? null : date };
  }
}

function path(id: Id): string {
  return encodeURIComponent(String(id));
}
