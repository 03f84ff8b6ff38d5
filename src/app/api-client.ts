import { z } from '../domain/zod.js';
import { IdSchema } from '../domain/ids.js';
import { PosConfigSchema, type PosConfig } from '../domain/pos-config.js';
import { PosError } from '../domain/pos-error.js';
import { PosSessionSchema, type PosSession } from '../domain/pos-session.js';
import { ProductSchema, type Product } from '../domain/product.js';
import type { Id } from '../domain/ids.js';
import type { PairAnswer } from '../store/device-repo.js';
import type { FetchFn } from '../sync/sync-deps.js';
import { HttpClient, TILL_TIMEOUT_MS } from './http.js';

/** What `POST /api/pair` answers (docs/ACCESS.md): this tablet's token, id and number, and its config. */
export const PairAnswerSchema = z.object({
  token: z.string().min(1),
  deviceId: z.string().min(1),
  deviceNumber: z.number().int().min(1).max(999),
  configId: IdSchema,
});

/** A session and the server's clock (its `Date` header, epoch ms, null when absent). */
export interface SessionAnswer {
  session: PosSession;
  serverNow: number | null;
}

/**
 * The page's few calls to the API, used only by the till controller for pairing and the start-up
 * refresh (session checks and uploads belong to src/sync), over the one HttpClient with the
 * till's timeout. `fetchFn` is the authorized fetch (it adds the device token). Every function
 * throws PosError as HttpClient does: the server's `{error: {code, message}}` (e.g.
 * `pairing_code_invalid`, `rate_limited`, `device_revoked`), `network`, `timeout`, `server_error`
 * or `bad_response`.
 */
export class ApiClient {
  private readonly http: HttpClient;

  constructor(fetchFn: FetchFn, base = '') {
    this.http = new HttpClient({ fetch: fetchFn, base, timeoutMs: TILL_TIMEOUT_MS });
  }

  /**
   * `POST /api/pair` `{code, previousToken?}`: a device token for this tablet. With the token this
   * tablet had before (revoked, kept in IndexedDB), the server pairs the same device again and it
   * keeps its device number (docs/ACCESS.md).
   */
  async pair(code: string, previousToken: string | undefined): Promise<PairAnswer> {
    const json = previousToken ? { code, previousToken } : { code };
    return (await this.http.json({ method: 'POST', path: '/api/pair', json }, PairAnswerSchema)).body;
  }

  /** `GET /api/configs/:id`: the till's own config. */
  async getConfig(id: Id): Promise<PosConfig> {
    return (await this.http.json({ path: `/api/configs/${path(id)}` }, PosConfigSchema)).body;
  }

  /** `GET /api/configs/:id/products`; products that fail validation are left out. */
  async getProducts(configId: Id): Promise<Product[]> {
    const { body } = await this.http.json({ path: `/api/configs/${path(configId)}/products` });
    if (!Array.isArray(body)) throw new PosError('bad_response', 'The catalog is not a list.');
    return body.flatMap((item) => {
      const parsed = ProductSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** `GET /api/sessions/:id` with the server's clock. */
  async getSession(id: Id): Promise<SessionAnswer> {
    const { body, headers } = await this.http.json({ path: `/api/sessions/${path(id)}` }, PosSessionSchema);
    const date = Date.parse(headers.get('date') ?? '');
    return { session: body, serverNow: Number.isNaN(date) ? null : date };
  }
}

function path(id: Id): string {
  return encodeURIComponent(String(id));
}
