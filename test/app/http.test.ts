import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi } from '../../src/admin/admin-api.js';
import { HttpClient, type HttpClientOptions } from '../../src/app/http.js';
import { PosError } from '../../src/domain/pos-error.js';
import { z } from '../../src/domain/zod.js';

/** What the server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body's bytes as they came. */
  bytes: Buffer;
}

type Route = (res: ServerResponse) => void;

/** Each path answers as its route says; every request is recorded. */
const routes: Record<string, Route> = {
  '/ok': (res) => json(res, 200, { id: 7, name: 'Main counter' }),
  '/empty': (res) => res.writeHead(204).end(),
  '/html-200': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>'),
  '/bare-500': (res) => res.writeHead(500).end(),
  '/proxy-502': (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
  '/revoked': (res) => json(res, 401, { error: { code: 'device_revoked', message: 'revoked' } }),
  '/forbidden': (res) => json(res, 403, { error: { code: 'forbidden', message: 'not the admin' } }),
  '/missing': (res) => json(res, 404, { error: { code: 'not_found', message: 'no such session' } }),
  '/newer': (res) => json(res, 409, { error: { code: 'from_a_newer_server', message: 'x' } }),
  '/invalid': (res) =>
    json(res, 400, { error: { code: 'validation_failed', message: 'name: too long', field: 'name' } }),
  '/silent': () => undefined, // never answers
  '/stalls-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id":');
  },
  '/api/sessions/3/orders.csv': (res) =>
    res
      .writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="main-counter-00003.csv"',
      })
      .end('\uFEFFreference,total\r\nCafé-0001,250\r\n'),
  '/api/configs/1/products/import': (res) =>
    json(res, 422, {
      error: {
        code: 'invalid_csv',
        message: '1 bad line',
        details: [{ line: 3, column: 'price', reason: 'price', message: 'not a price' }],
      },
    }),
  '/api/configs/2/products/import': (res) =>
    json(res, 200, { created: 1, updated: 0, unchanged: 0, dryRun: true }),
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const seen: Seen[] = [];
const open = new Set<ServerResponse>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, bytes });
      open.add(res);
      res.on('close', () => open.delete(res));
      const route = routes[(req.url ?? '').split('?')[0] ?? ''] ?? ((r: ServerResponse) => json(r, 418, {}));
      route(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ base, timeoutMs: 5_000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<PosError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PosError)) throw new Error(`expected a PosError, got ${String(error)}`);
  return error;
}

const ConfigSchema = z.object({ id: z.number(), name: z.string() });

describe('HttpClient', () => {
  it('sends method, JSON body, content type and the bearer token, and parses the answer with the schema', async () => {
    const answer = await client({ token: 'pos_admin_x' }).json(
      { method: 'PATCH', path: '/ok', json: { name: 'Bar' } },
      ConfigSchema,
    );
    expect(answer.body).toEqual({ id: 7, name: 'Main counter' });
    expect(answer.status).toBe(200);
    const request = seen.at(-1);
    expect(request?.method).toBe('PATCH');
    expect(request?.body).toBe('{"name":"Bar"}');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer pos_admin_x');
  });

  it('an answer of the wrong shape is a bad_response, not a value typed as what it is not', async () => {
    const error = await failure(client().json({ path: '/ok' }, z.object({ token: z.string() })));
    expect(error.code).toBe('bad_response');
  });

  it('a 2xx that is not JSON (a captive portal’s page) is a bad_response; an empty one is undefined', async () => {
    expect((await failure(client().json({ path: '/html-200' }))).code).toBe('bad_response');
    expect((await client().json({ path: '/empty' })).body).toBeUndefined();
  });

  it('a 5xx without a body is a server_error with its status, a proxy’s HTML page too, never its text', async () => {
    const bare = await failure(client().json({ path: '/bare-500' }));
    expect({ code: bare.code, status: bare.status }).toEqual({ code: 'server_error', status: 500 });
    const proxy = await failure(client().json({ path: '/proxy-502' }));
    expect({ code: proxy.code, status: proxy.status }).toEqual({ code: 'server_error', status: 502 });
    expect(proxy.message).not.toContain('Bad gateway');
  });

  it('keeps the API’s code, status and field; a code this client does not know is no code of ours', async () => {
    const invalid = await failure(client().json({ path: '/invalid' }));
    expect({ code: invalid.code, status: invalid.status, field: invalid.field }).toEqual({
      code: 'validation_failed',
      status: 400,
      field: 'name',
    });
    expect((await failure(client().json({ path: '/newer' }))).code).toBe('bad_response');
  });

  it('calls onUnauthorized on a 401 and a 403 before throwing, and not on other refusals', async () => {
    const calls: string[] = [];
    const api = client({ onUnauthorized: (e) => calls.push(e.code) });
    expect((await failure(api.json({ path: '/revoked' }))).code).toBe('device_revoked');
    expect((await failure(api.json({ path: '/forbidden' }))).code).toBe('forbidden');
    expect((await failure(api.json({ path: '/missing' }))).code).toBe('not_found');
    expect((await failure(api.json({ path: '/bare-500' }))).code).toBe('server_error');
    expect(calls).toEqual(['device_revoked', 'forbidden']);
  });

  it('a server that never answers is a timeout after the client’s time, not a request hanging forever', async () => {
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).json({ path: '/silent' }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a body that stalls after the headers is a timeout too: the rule covers the whole exchange', async () => {
    const error = await failure(client().json({ path: '/stalls-body', timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
  });

  it('no server at all is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(
      new HttpClient({ base: `http://127.0.0.1:${port}`, timeoutMs: 2_000 }).json({ path: '/ok' }),
    );
    expect(error.code).toBe('network');
  });

  it('gives a CSV export’s text as sent, byte order mark included (spreadsheets read accents by it)', async () => {
    const answer = await client().text({ path: '/api/sessions/3/orders.csv' }, 'text/csv');
    expect(answer.body).toBe('\uFEFFreference,total\r\nCafé-0001,250\r\n');
    expect(seen.at(-1)?.headers.accept).toBe('text/csv');
  });
});

describe('AdminApi over the HttpClient', () => {
  const api = (): AdminApi =>
    new AdminApi(
      'pos_admin_x',
      () => undefined,
      (input, init) => fetch(base + input, init),
    );

  it('sends a CSV import as the file’s text under text/csv, never re-encoded as JSON', async () => {
    const csv = 'name;price\r\n"Pain; complet";2,50\r\n';
    expect(await api().importProducts(2, csv, true)).toEqual({
      ok: { created: 1, updated: 0, unchanged: 0, dryRun: true },
    });
    const request = seen.at(-1);
    expect(request?.url).toBe('/api/configs/2/products/import?dryRun=1');
    expect(request?.headers['content-type']).toBe('text/csv');
    expect(request?.body).toBe(csv);
  });

  it('sends a picked file’s bytes as they are: a Windows-1252 “Crème” reaches the server undecoded', async () => {
    // 0xE8 is “è” in Windows-1252 and no UTF-8 at all: the server is the one to refuse it.
    const file = new Blob([Uint8Array.from([...Buffer.from('name\r\nCr'), 0xe8, ...Buffer.from('me\r\n')])]);
    await api().importProducts(2, file, true);
    const request = seen.at(-1);
    expect(request?.headers['content-type']).toBe('text/csv');
    expect(request?.bytes).toEqual(Buffer.from(await file.arrayBuffer()));
  });

  it('a refused import gives every bad line of the answer, not only its message', async () => {
    expect(await api().importProducts(1, 'name\r\n', false)).toEqual({
      problems: [{ line: 3, column: 'price', reason: 'price', message: 'not a price' }],
    });
  });

  it('downloads the CSV export with its file name and its byte order mark', async () => {
    const api = new AdminApi(
      'pos_admin_x',
      () => undefined,
      (input, init) => fetch(base + input, init),
    );
    const { blob, filename } = await api.exportOrders(3);
    expect(filename).toBe('main-counter-00003.csv');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('Café-0001,250');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer pos_admin_x');
  });
});
