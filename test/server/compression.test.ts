import { readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress-dir.js';
import { COMPRESS_THRESHOLD_BYTES } from '../../server/compression.js';
import {
  call,
  makeTempDir,
  SEED_CONFIG_ID,
  startTestServer,
  TEST_ADMIN_TOKEN,
  type TestServer,
} from './fixtures.js';

/** An answer as it came over the wire: headers and the body's bytes, still encoded. */
interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * GET with exactly these headers: fetch adds its own Accept-Encoding and decodes the body, and these
 * tests are about what is sent.
 */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

function decoded(answer: RawAnswer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return gunzipSync(answer.body);
  return answer.body;
}

/** About 6 KB of script that compresses the way a real chunk does (repeated names, varied numbers). */
const ENTRY_JS = Array.from(
  { length: 120 },
  (_, i) => `export const line${i} = () => render(${i * 7919});`,
).join('\n');
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let staticDir: string;
let server: TestServer;
beforeAll(async () => {
  staticDir = makeTempDir('pos-dist-');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>pos-shell</title>');
  writeFileSync(join(staticDir, 'sw.js'), `self.__manifest = ${JSON.stringify(ENTRY_JS)};`);
  writeFileSync(
    join(staticDir, 'assets', 'index-3f9a1c.js'),
    ENTRY_JS + '\n//# sourceMappingURL=index-3f9a1c.js.map',
  );
  writeFileSync(
    join(staticDir, 'assets', 'index-3f9a1c.js.map'),
    JSON.stringify({ version: 3, mappings: ENTRY_JS }),
  );
  writeFileSync(join(staticDir, 'assets', 'small-77aa.js'), 'export const small = 1;');
  await precompressDir(staticDir);
  server = await startTestServer({ staticDir });
});
afterAll(async () => {
  await server.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('precompressed build', () => {
  it('writes .br and .gz beside each text file of 1 KB or more, and none beside small files or source maps', () => {
    const asset = join(staticDir, 'assets', 'index-3f9a1c.js');
    const original = readFileSync(asset);
    expect(brotliDecompressSync(readFileSync(`${asset}.br`))).toEqual(original);
    expect(gunzipSync(readFileSync(`${asset}.gz`))).toEqual(original);
    expect(existsSync(join(staticDir, 'sw.js.br'))).toBe(true);
    expect(existsSync(join(staticDir, 'assets', 'small-77aa.js.br'))).toBe(false);
    expect(existsSync(join(staticDir, 'index.html.gz'))).toBe(false);
    expect(existsSync(join(staticDir, 'assets', 'index-3f9a1c.js.map.br'))).toBe(false);
  });

  it('sends an asset as its brotli copy to a browser that accepts br, decoding to the file, with Vary and the year-long cache', async () => {
    const file = readFileSync(join(staticDir, 'assets', 'index-3f9a1c.js'));
    const answer = await rawGet(`${server.url}/assets/index-3f9a1c.js`, {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.body.length).toBeLessThan(file.length / 2);
    expect(decoded(answer)).toEqual(file);
  });

  it('sends the gzip copy when gzip is all the browser accepts, and the file itself when it accepts neither', async () => {
    const url = `${server.url}/assets/index-3f9a1c.js`;
    const file = readFileSync(join(staticDir, 'assets', 'index-3f9a1c.js'));
    const gzip = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toEqual(file);
    for (const headers of [{ 'accept-encoding': 'identity' }, {}] as Record<string, string>[]) {
      const plain = await rawGet(url, headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.body).toEqual(file);
    }
    // Each encoding is a file of its own: a cache never takes one for another by its ETag.
    expect(gzip.headers.etag).not.toBe((await rawGet(url)).headers.etag);
  });

  it('sends sw.js compressed and still no-cache; a small file goes as it is', async () => {
    const sw = await rawGet(`${server.url}/sw.js`, { 'accept-encoding': 'br' });
    expect(sw.headers['content-encoding']).toBe('br');
    expect(sw.headers['cache-control']).toBe('no-cache');
    const small = await rawGet(`${server.url}/assets/small-77aa.js`, { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('export const small = 1;');
  });

  it('answers the JSON 404 for a source map and for an encoded copy asked by name, even to a page navigation', async () => {
    for (const path of ['/assets/index-3f9a1c.js.map', '/assets/index-3f9a1c.js.br', '/sw.js.gz']) {
      for (const accept of ['*/*', 'text/html']) {
        const answer = await rawGet(`${server.url}${path}`, { accept, 'accept-encoding': 'br' });
        expect(answer.status, `${path} (${accept})`).toBe(404);
        expect(answer.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(answer.body.toString())).toMatchObject({ error: { code: 'not_found' } });
      }
    }
  });
});

describe('compressed API answers', () => {
  it('compresses a JSON answer of 1 KB or more and leaves a smaller one as it is', async () => {
    const products = await rawGet(`${server.url}/api/configs/${SEED_CONFIG_ID}/products`, {
      ...ADMIN,
      'accept-encoding': 'br, gzip',
    });
    expect(products.status).toBe(200);
    expect(products.headers['content-encoding']).toBe('br');
    expect(products.headers.vary).toMatch(/accept-encoding/i);
    const json = decoded(products);
    expect(json.length).toBeGreaterThanOrEqual(COMPRESS_THRESHOLD_BYTES);
    expect(JSON.parse(json.toString())).toEqual(
      (await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}/products`)).body,
    );

    const config = await rawGet(`${server.url}/api/configs/${SEED_CONFIG_ID}`, {
      ...ADMIN,
      'accept-encoding': 'br, gzip',
    });
    expect(config.status).toBe(200);
    expect(config.body.length).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
    expect(config.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(config.body.toString())).toMatchObject({ id: SEED_CONFIG_ID });
  });

  it('compresses a CSV export with gzip for a client that accepts only gzip, and sends it plain to one that accepts nothing', async () => {
    const url = `${server.url}/api/configs/${SEED_CONFIG_ID}/products.csv`;
    const gzip = await rawGet(url, { ...ADMIN, 'accept-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-type']).toMatch(/^text\/csv/);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await rawGet(url, ADMIN);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(decoded(gzip)).toEqual(plain.body);
  });

  it('keeps the error shape of a refused request whatever it accepts', async () => {
    const answer = await rawGet(`${server.url}/api/configs/${SEED_CONFIG_ID}/products`, {
      'accept-encoding': 'br',
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(decoded(answer).toString())).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('compresses the OpenAPI document', async () => {
    const answer = await rawGet(`${server.url}/api/openapi.json`, { 'accept-encoding': 'br' });
    expect(answer.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(answer).toString())).toMatchObject({ openapi: '3.1.0' });
  });

  it('never encodes the session event stream: an event pushed while it stays open arrives at once', async () => {
    const config = await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
    const url = `${server.url}/api/sessions/${config.body.currentSessionId}/events?access_token=${server.device.token}`;
    let text = '';
    let waiting: (() => void) | undefined;
    const arrived = (what: string, withinMs: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${what} within ${withinMs} ms: ${text}`)),
          withinMs,
        );
        waiting = () => {
          if (!text.includes(what)) return;
          clearTimeout(timer);
          resolve();
        };
        waiting();
      });
    const sent = httpRequest(url, { headers: { 'accept-encoding': 'br, gzip, deflate' } });
    try {
      const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        sent.on('response', (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
            waiting?.();
          });
          resolve(response.headers);
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      expect(headers['content-encoding']).toBeUndefined();
      await arrived('event: session', 1_000);
      await call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { checkSessionStateFrequency: 23 });
      await arrived('"checkSessionStateFrequency":23', 1_000);
    } finally {
      sent.destroy();
    }
  });
});
