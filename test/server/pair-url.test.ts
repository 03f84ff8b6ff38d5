import { existsSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePublicUrl } from '../../server/public-url.js';
import { startServer } from '../../server/start-server.js';
import {
  makeTempDir,
  SEED_CONFIG_ID,
  startTestServer,
  TEST_ADMIN_TOKEN,
  type TestServer,
} from './fixtures.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/**
 * A pairing code made with raw headers (node:http: fetch does not let a caller set Host), as a
 * browser behind a proxy, or on another name, would send it.
 */
function newCode(
  server: TestServer,
  headers: Record<string, string> = {},
): Promise<{ code: string; pairPath: string; pairUrl: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/api/configs/${SEED_CONFIG_ID}/pairing-codes`,
      { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 201 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the pairing link', () => {
  it('is on the address the request was made to when POS_PUBLIC_URL is unset, and keeps pairPath', async () => {
    const server = await serve();
    const made = await newCode(server);
    expect(made.pairPath).toBe(`/?pair=${made.code}`);
    expect(made.pairUrl).toBe(`${server.url}/?pair=${made.code}`);
    // A manager who opened the back office as http://till.local:8080 gets a link tablets can open the same way.
    expect((await newCode(server, { host: 'till.local:8080' })).pairUrl).toMatch(
      /^http:\/\/till\.local:8080\/\?pair=/,
    );
  });

  it('is on POS_PUBLIC_URL when it is set, whatever address the request used', async () => {
    const server = await serve({ publicUrl: 'https://till.shop.lan/' });
    const made = await newCode(server, { host: 'localhost:8080' });
    expect(made.pairUrl).toBe(`https://till.shop.lan/?pair=${made.code}`);
  });

  it('follows X-Forwarded-Proto and X-Forwarded-Host behind a proxy (TRUST_PROXY=1), and ignores them otherwise', async () => {
    const forwarded = {
      host: '127.0.0.1:8080',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'till.shop.lan',
    };
    const behindProxy = await serve({ trustProxy: true });
    expect((await newCode(behindProxy, forwarded)).pairUrl).toMatch(/^https:\/\/till\.shop\.lan\/\?pair=/);
    const direct = await serve();
    expect((await newCode(direct, forwarded)).pairUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/\?pair=/);
  });

  it('refuses a Host that is not a host name, rather than hand out a broken link', async () => {
    const server = await serve();
    await expect(newCode(server, { host: 'till.shop.lan/evil?x=' })).rejects.toThrow(/^400 .*POS_PUBLIC_URL/);
  });
});

describe('POS_PUBLIC_URL', () => {
  it('takes an http or https origin, with or without a port or a trailing slash', () => {
    expect(parsePublicUrl('https://till.shop.lan')).toBe('https://till.shop.lan');
    expect(parsePublicUrl('https://Till.Shop.LAN/')).toBe('https://till.shop.lan');
    expect(parsePublicUrl('http://192.168.1.20:8080/')).toBe('http://192.168.1.20:8080');
    expect(parsePublicUrl('https://till.shop.lan:443')).toBe('https://till.shop.lan');
  });

  it.each([
    ['till.shop.lan', /is not a URL/],
    ['ftp://till.shop.lan', /must start with http:\/\/ or https:\/\//],
    ['https://till.shop.lan/pos', /must not have a path \(\/pos\)/],
    ['https://till.shop.lan/?a=1', /must not have a query/],
    ['https://till.shop.lan/#x', /must not have a query \(\?\) or a fragment/],
    ['https://user:secret@till.shop.lan', /must not carry a user name or password/],
  ])('refuses %s with a message saying what to set', (raw, said) => {
    expect(() => parsePublicUrl(raw)).toThrow(said);
  });

  it('a bad value stops the server before it touches its data folder', async () => {
    const dir = makeTempDir();
    await expect(
      startServer({
        dataDir: `${dir}/data`,
        staticDir: dir,
        port: 0,
        host: '127.0.0.1',
        adminToken: TEST_ADMIN_TOKEN,
        publicUrl: 'https://till.shop.lan/pos',
      }),
    ).rejects.toThrow(/must not have a path/);
    expect(existsSync(`${dir}/data`)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
