import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { cspViolations, probeCsp } from './csp-kit.js';
import { startTestServer, type TestServer } from './harness.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium('shell')]);
});
afterAll(async () => {
  await Promise.all([server.close(), browser.close()]);
});

/**
 * The API page (Swagger UI, served by the server itself) runs under the same strict
 * Content-Security-Policy as the till: a page that needs inline script, eval or another site's
 * files would be refused, or would force the policy open for every page.
 */
describe('the API page at /api/docs', () => {
  it('opens under the served policy without a violation and shows the routes', async () => {
    const context = await browser.newContext();
    try {
      await probeCsp(context);
      const page = await context.newPage();
      const violations = cspViolations(page);
      const navigation = await page.goto(`${server.url}/api/docs`);
      const policy = navigation?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      await page.getByRole('heading', { name: /pos-shell API/ }).waitFor();
      const rescue = page.getByRole('button', { name: /\/api\/sessions\/\{id\}\/rescue/ });
      await rescue.first().waitFor();
      expect(await page.getByRole('button', { name: /\/api\/orders/ }).count()).toBeGreaterThan(0);
      expect(await violations()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
