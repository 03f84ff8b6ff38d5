import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startTestServer, type TestServer } from './fixtures.js';

const HTML = { accept: 'text/html,application/xhtml+xml' };

let staticDir: string;
let server: TestServer;
beforeAll(async () => {
  staticDir = makeTempDir('pos-dist-');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>pos-shell</title>');
  writeFileSync(join(staticDir, 'admin.html'), '<!doctype html><title>pos-shell back office</title>');
  writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(staticDir, 'manifest.webmanifest'), '{"name":"pos-shell"}');
  writeFileSync(join(staticDir, 'assets', 'index-3f9a1c.js'), 'console.log(1);');
  writeFileSync(join(staticDir, 'assets', 'pos-pairing-7c1d2e.js'), 'console.log(2);');
  mkdirSync(join(staticDir, '.vite'));
  writeFileSync(
    join(staticDir, '.vite', 'manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index-3f9a1c.js', isEntry: true },
      'src/ui/pos-pairing.ts': { file: 'assets/pos-pairing-7c1d2e.js', imports: ['index.html'] },
    }),
  );
  server = await startTestServer({ staticDir });
});
afterAll(async () => {
  await server.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('serving the built till', () => {
  it('serves index.html at / without long caching', async () => {
    const response = await fetch(`${server.url}/`, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>pos-shell</title>');
  });

  it("names the pairing screen's chunk (Vite's manifest) for preload in the answer to a pairing link, and only there", async () => {
    const link = await fetch(`${server.url}/?pair=ABCD-2345`, { headers: HTML });
    expect(link.status).toBe(200);
    expect(link.headers.get('link')).toBe('</assets/pos-pairing-7c1d2e.js>; rel=modulepreload');
    expect((await fetch(`${server.url}/assets/pos-pairing-7c1d2e.js`)).status).toBe(200);
    for (const path of ['/', '/?pair=', '/?pair=%20', '/till?pair=ABCD-2345', '/admin?pair=ABCD-2345']) {
      const other = await fetch(server.url + path, { headers: HTML });
      expect(other.status, path).toBe(200);
      expect(other.headers.get('link'), path).toBeNull();
    }
    // The manifest itself is not served.
    expect((await fetch(`${server.url}/.vite/manifest.json`)).status).toBe(404);
  });

  it('serves sw.js with no-cache', async () => {
    const response = await fetch(`${server.url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  it('caches hashed assets for a long time', async () => {
    const response = await fetch(`${server.url}/assets/index-3f9a1c.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the web manifest as application/manifest+json', async () => {
    const response = await fetch(`${server.url}/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
  });

  it('answers index.html to a page navigation of an unknown path (SPA fallback)', async () => {
    const response = await fetch(`${server.url}/till/checkout?x=1`, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('pos-shell');
  });

  it('serves the back office at /admin and /admin/ with no-cache, whatever the request accepts', async () => {
    for (const path of ['/admin', '/admin/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text(), path).toContain('<title>pos-shell back office</title>');
    }
  });

  it('answers admin.html to a page navigation under /admin/, and a JSON 404 to other requests there', async () => {
    const page = await fetch(`${server.url}/admin/sessions/3?x=1`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('back office');
    const script = await fetch(`${server.url}/admin/missing.js`);
    expect(script.status).toBe(404);
    expect((await script.json()).error.code).toBe('not_found');
  });

  it('keeps the till for paths that only start like admin', async () => {
    const response = await fetch(`${server.url}/administrator`, { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>pos-shell</title>');
  });

  it('answers 404 JSON to a missing asset and to an unknown /api path, even for HTML', async () => {
    const asset = await fetch(`${server.url}/assets/missing.js`);
    expect(asset.status).toBe(404);
    const api = await fetch(`${server.url}/api/unknown`, { headers: HTML });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });
});

describe('without a build', () => {
  it('answers 503 at / telling to run npm run build, and the API still works', async () => {
    const bare = await startTestServer();
    try {
      const root = await fetch(`${bare.url}/`, { headers: HTML });
      expect(root.status).toBe(503);
      expect((await root.json()).error.message).toMatch(/npm run build/);
      const deep = await fetch(`${bare.url}/some/page`, { headers: HTML });
      expect(deep.status).toBe(503);
      const admin = await fetch(`${bare.url}/admin`, { headers: HTML });
      expect(admin.status).toBe(503);
      expect((await fetch(`${bare.url}/api/health`)).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });

  it('answers 503 at /admin when the build has a till but no back office', async () => {
    const tillOnly = makeTempDir('pos-dist-');
    writeFileSync(join(tillOnly, 'index.html'), '<!doctype html><title>pos-shell</title>');
    const partial = await startTestServer({ staticDir: tillOnly });
    try {
      const admin = await fetch(`${partial.url}/admin`, { headers: HTML });
      expect(admin.status).toBe(503);
      expect((await admin.json()).error.message).toMatch(/admin\.html/);
      expect((await fetch(`${partial.url}/`, { headers: HTML })).status).toBe(200);
    } finally {
      await partial.stop();
      rmSync(tillOnly, { recursive: true, force: true });
    }
  });
});
