import { z } from '../domain/zod.js';
import { IdSchema } from '../domain/ids.js';
import { PosConfigSchema, type PosConfig } from '../domain/pos-config.js';
import { errorFromApi } from '../domain/api/error-body.js';
import { PosError } from '../domain/pos-error.js';
import { PosSessionSchema, type PosSession } from '../domain/pos-session.js';
import { ProductSchema, type Product } from '../domain/product.js';
import type { Id } from '../domain/ids.js';
import type { PairAnswer } from '../store/device-repo.js';
import type { FetchFn } from '../sync/sync-deps.js';

/** A bootstrap request that has not answered after this long is aborted (slow LAN, dead server). */
export const API_TIMEOUT_MS = 10_000;

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
 * refresh (session checks and uploads belong to src/sync). `fetchFn` is the authorized fetch (it
 * adds the device token). Every function throws PosError: the server's `{error: {code, message}}`
 * (e.g. `pairing_code_invalid`, `rate_limited`, `device_revoked`), `network`, `timeout` or
 * `bad_response`.
 */
export class ApiClient {
  constructor(
    private readonly fetchFn: FetchFn,
    private readonly base = '',
  ) {}

  /**
   * `POST /api/pair` `{code, previousToken?}`: a device token for this tablet. With the token this
   * tablet had before (revoked, kept in IndexedDB), the server pairs the same device again and it
   * keeps its device number (docs/ACCESS.md).
   */
  async pair(code: string, previousToken: string | undefined): Promise<PairAnswer> {
    const { body } = await this.request(
      'POST',
      '/api/pair',
      previousToken ? { code, previousToken } : { code },
    );
    return parse(PairAnswerSchema, body, 'pairing answer');
  }

  /** `GET /api/configs/:id`: the till's own config. */
  async getConfig(id: Id): Promise<PosConfig> {
    const { body } = await this.request('GET', `/api/configs/${encodeURIComponent(String(id))}`);
    return parse(PosConfigSchema, body, 'config');
  }

  /** `GET /api/configs/:id/products`; products that fail validation are left out. */
  async getProducts(configId: Id): Promise<Product[]> {
    const { body } = await this.request(
      'GET',
      `/api/configs/${encodeURIComponent(String(configId))}/products`,
    );
    if (!Array.isArray(body)) throw new PosError('bad_response', 'The catalog is not a list.');
    return body.flatMap((item) => {
      const parsed = ProductSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** `GET /api/sessions/:id` with the server's clock. */
  async getSession(id: Id): Promise<SessionAnswer> {
    const { body, response } = await this.request('GET', `/api/sessions/${encodeURIComponent(String(id))}`);
    const date = Date.parse(response.headers.get('date') ?? '');
    return { session: parse(PosSessionSchema, body, 'session'), serverNow: Number.isNaN(date) ? null : date };
  }

  private async request(
    method: string,
    path: string,
    json?: unknown,
  ): Promise<{ body: unknown; response: Response }> {
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method,
        headers:
          json === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: json === undefined ? null : JSON.stringify(json),
        cache: 'no-store',
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      });
    } catch (error) {
      const name = error instanceof Error || error instanceof DOMException ? error.name : '';
      if (name === 'TimeoutError')
        throw new PosError('timeout', `The server did not answer ${path} in time.`);
      throw new PosError('network', `The server could not be reached (${path}).`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFromApi(response.status, body);
    return { body, response };
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PosError('bad_response', `The server sent an unexpected ${what}.`);
  return parsed.data;
}
