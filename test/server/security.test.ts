import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../server/body-limits.js';
import { MIN_ADMIN_TOKEN_LENGTH, resolveAdminToken } from '../../server/auth/admin-token.js';
import { startServer } from '../../server/start-server.js';
import { isTokenText } from '../../src/domain/token-text.js';
import { hashToken } from '../../server/auth/tokens.js';
import { createTestDatabase } from '../kit/postgres.js';
import {
  call,
  makeTempDir,
  startTestServer,
  TEST_ADMIN_TOKEN,
  TEST_ENGINE,
  testDatabase,
  type TestServer,
} from './fixtures.js';

let server: TestServer;
let staticDir: string;
beforeAll(async () => {
  staticDir = makeTempDir('pos-static-');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>till</title>');
  server = await startTestServer({ staticDir });
});
afterAll(async () => {
  await server.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('security headers', () => {
  it.each([
    ['the till page', '/', { accept: 'text/html' }],
    ['an API answer', '/api/health', {}],
    ['an API error', '/api/configs', {}],
    ['a 404', '/api/nothing-here', {}],
    ['a malformed URL (answered before routing)', '/api/configs/%E0%A4%A', {}],
  ])(
    '%s carries a strict CSP (no inline script or style), nosniff, no-referrer and DENY framing',
    async (_name, path, headers) => {
      const response = await fetch(server.url + path, { headers });
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      // Plain HTTP: no HSTS (a proxy or TLS_CERT adds it).
      expect(response.headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('refuses a JSON body over 1 MiB with 413 before reading a token', async () => {
    const answer = await call(server.url, 'POST', '/api/pair', undefined, {
      text: `{"code":"${'x'.repeat(MAX_BODY_BYTES)}"}`,
      contentType: 'application/json',
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });
});

describe('the admin token', () => {
  it('is generated once into the data dir (0600) and read back on the next start', () => {
    const dir = makeTempDir();
    try {
      const first = resolveAdminToken(dir, undefined);
      expect(first).toMatchObject({ source: 'file', generated: true });
      expect(first.token.length).toBeGreaterThanOrEqual(MIN_ADMIN_TOKEN_LENGTH);
      expect(readFileSync(join(dir, 'admin-token'), 'utf8').trim()).toBe(first.token);
      expect(resolveAdminToken(dir, undefined)).toEqual({
        token: first.token,
        source: 'file',
        generated: false,
      });
      // POS_ADMIN_TOKEN wins over the file.
      expect(resolveAdminToken(dir, TEST_ADMIN_TOKEN)).toEqual({
        token: TEST_ADMIN_TOKEN,
        source: 'env',
        generated: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a POS_ADMIN_TOKEN shorter than 24 characters: the server does not start', async () => {
    const dir = makeTempDir();
    try {
      await expect(
        startServer({ dataDir: dir, staticDir: dir, port: 0, host: '127.0.0.1', adminToken: 'short' }),
      ).rejects.toThrow(/at least 24/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a POS_ADMIN_TOKEN with a character a token cannot have (a space, a tab, an accent): the server does not start', async () => {
    for (const [token, said] of [
      ['correct horse battery staple', 'a space at position 8'],
      ['tab\there-0123456789abcdefghij', 'a control character (U+0009) at position 4'],
      ['0123456789abcdefghij-café', 'a character outside ASCII (U+00E9) at position 25'],
    ] as const) {
      const dir = join(makeTempDir(), 'data');
      try {
        const refused = startServer({
          dataDir: dir,
          staticDir: dir,
          port: 0,
          host: '127.0.0.1',
          adminToken: token,
        });
        await expect(refused).rejects.toThrow(
          `POS_ADMIN_TOKEN has ${said}: a token is printable ASCII without spaces (! to ~).`,
        );
        // Refused before the data folder was touched.
        expect(existsSync(dir)).toBe(false);
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    }
  });

  it('applies the rule the back office applies on its sign-in form (isTokenText)', () => {
    expect(isTokenText(TEST_ADMIN_TOKEN)).toBe(true);
    expect(isTokenText('!~')).toBe(true);
    for (const bad of ['', ' ', 'a b', 'é', 'a\u0000', 'a\u007f', 'a\n', '\u00a0'])
      expect(isTokenText(bad), JSON.stringify(bad)).toBe(false);
  });

  it('is compared whole: a prefix or a longer token is refused', async () => {
    for (const token of [TEST_ADMIN_TOKEN.slice(0, -1), `${TEST_ADMIN_TOKEN}x`]) {
      expect((await call(server.url, 'GET', '/api/configs', undefined, undefined, { token })).status).toBe(
        401,
      );
    }
    expect(
      (await call(server.url, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN }))
        .status,
    ).toBe(200);
  });
});

// PostgreSQL only: instances on it share no data folder, so a generated token lives in the
// database (SQLite keeps its file, tested above and in restart.test.ts).
describe.skipIf(TEST_ENGINE !== 'postgres')('the admin token generated on PostgreSQL', () => {
  it('is made once by two instances starting together, kept only as a hash in the database, never in POS_DATA_DIR, and POS_ADMIN_TOKEN wins over it', async () => {
    const database = await createTestDatabase();
    const dir = makeTempDir();
    const dataDir = join(dir, 'data');
    const start = (adminToken?: string) =>
      startServer({
        dataDir,
        databaseUrl: database.url,
        staticDir: join(dir, 'no-dist'),
        port: 0,
        host: '127.0.0.1',
        log: () => undefined,
        ...(adminToken ? { adminToken } : {}),
      });
    const both = await Promise.all([start(), start()]);
    const later: Awaited<ReturnType<typeof start>>[] = [];
    const db = () => both[0].database.db;
    try {
      const generated = both.filter((s) => s.admin.generated);
      expect(generated).toHaveLength(1);
      const token = generated[0]?.admin.token;
      if (!token) throw new Error('the start that generated it gives the token once');
      expect(both.find((s) => !s.admin.generated)?.admin).toEqual({
        token: null,
        generated: false,
        source: 'database',
      });
      const rows = await db().selectFrom('admin_token').selectAll().execute();
      expect(rows).toEqual([expect.objectContaining({ id: 1, token_hash: hashToken(token) })]);
      for (const s of both)
        expect((await call(s.url, 'GET', '/api/configs', undefined, undefined, { token })).status).toBe(200);
      expect(existsSync(dataDir)).toBe(false);

      // A later start knows only the hash; the token printed at the first start still works.
      later.push(await start());
      expect(later[0]?.admin).toEqual({ token: null, generated: false, source: 'database' });
      expect(
        (await call(later[0]?.url ?? '', 'GET', '/api/configs', undefined, undefined, { token })).status,
      ).toBe(200);

      // POS_ADMIN_TOKEN wins: the generated token is refused by that instance, the stored hash is kept.
      later.push(await start(TEST_ADMIN_TOKEN));
      const own = later[1]?.url ?? '';
      expect(later[1]?.admin).toEqual({ token: TEST_ADMIN_TOKEN, generated: false, source: 'env' });
      expect(
        (await call(own, 'GET', '/api/configs', undefined, undefined, { token: TEST_ADMIN_TOKEN })).status,
      ).toBe(200);
      const refused = await call(own, 'GET', '/api/configs', undefined, undefined, { token });
      expect(refused.status).toBe(401);
      expect(await db().selectFrom('admin_token').select('token_hash').execute()).toEqual([
        { token_hash: hashToken(token) },
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      for (const s of [...both, ...later]) await s.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HTTPS with TLS_CERT / TLS_KEY', () => {
  it('serves the API over TLS with HSTS when given a certificate and key', async () => {
    const dir = makeTempDir();
    const certDir = join(dir, 'tls');
    mkdirSync(certDir);
    const key = join(certDir, 'key.pem');
    const cert = join(certDir, 'cert.pem');
    // A self-signed certificate for localhost, made by openssl (.ci/run installs it when missing).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const database = await testDatabase();
    const tls = await startServer({
      dataDir: dir,
      ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
      staticDir: join(dir, 'no-dist'),
      port: 0,
      host: '127.0.0.1',
      adminToken: TEST_ADMIN_TOKEN,
      https: { cert: readFileSync(cert), key: readFileSync(key) },
    });
    try {
      expect(tls.url).toMatch(/^https:\/\/localhost:\d+$/);
      const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>(
        (resolve, reject) => {
          const req = request(
            `${tls.url}/api/configs`,
            { ca: readFileSync(cert), headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } },
            (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  hsts: res.headers['strict-transport-security'],
                  body,
                }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual([expect.objectContaining({ id: 1 })]);
      expect(answer.hsts).toMatch(/max-age=\d+/);
    } finally {
      await tls.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
