import { z } from 'zod';
import { IdSchema } from '../domain/ids.js';
import { PosConfigSchema, type PosConfig } from '../domain/pos-config.js';
import { PosError, ERROR_CODES } from '../domain/pos-error.js';
import { PosSessionSchema, type PosSession } from '../domain/pos-session.js';
import { ProductSchema, type Product } from '../domain/product.js';
import type { Id } from '../domain/ids.js';

/** A bootstrap request that has not answered after this long is aborted (slow LAN, dead server). */
export const API_TIMEOUT_MS = 10_000;

/** What `POST /api/devices` answers. */
export const DeviceRegistrationSchema = z.object({
  deviceId: z.string().min(1),
  deviceNumber: z.number().int().min(1).max(999),
  configId: IdSchema,
});
export type DeviceRegistration = z.infer<typeof DeviceRegistrationSchema>;

/** A session and the server's clock (its `Date` header, epoch ms, null when absent). */
export interface SessionAnswer {
  session: PosSession;
  serverNow: number | null;
}

/**
 * The page's few calls to the API, used only by the till controller for the start-up refresh
 * (session checks and uploads belong to src/sync). Every function throws PosError: the server's
 * `{error: {code, message}}`, `network`, `timeout` or `bad_response`.
 */
export class ApiClient {
  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly base = '',
  ) {}

  /** `GET /api/configs`. */
  async getConfigs(): Promise<PosConfig[]> {
    const { body } = await this.request('GET', '/api/configs');
    return parse(z.array(PosConfigSchema), body, 'configs');
  }

  /** `GET /api/configs/:id/products`; products that fail validation are left out. */
  async getProducts(configId: Id): Promise<Product[]> {
    const { body } = await this.request('GET', `/api/configs/${encodeURIComponent(String(configId))}/products`);
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

  /** `POST /api/devices` `{configId}`: a device id and number for this tablet. */
  async registerDevice(configId: Id): Promise<DeviceRegistration> {
    const { body } = await this.request('POST', '/api/devices', { configId });
    return parse(DeviceRegistrationSchema, body, 'device registration');
  }

  private async request(method: string, path: string, json?: unknown): Promise<{ body: unknown; response: Response }> {
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method,
        headers: json === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: json === undefined ? null : JSON.stringify(json),
        cache: 'no-store',
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      });
    } catch (error) {
      const name = error instanceof Error || error instanceof DOMException ? error.name : '';
      if (name === 'TimeoutError') throw new PosError('timeout', `The server did not answer ${path} in time.`);
      throw new PosError('network', `The server could not be reached (${path}).`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFromBody(body, response.status, path);
    return { body, response };
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PosError('bad_response', `The server sent an unexpected ${what}.`);
  return parsed.data;
}

function errorFromBody(body: unknown, status: number, path: string): PosError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = ERROR_CODES.find((c) => c === error?.code) ?? (status >= 500 ? 'server_error' : 'bad_request');
  const message = typeof error?.message === 'string' ? error.message : `The server answered ${status} for ${path}.`;
  return new PosError(code, message, status);
}
