import { afterEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cspViolations, probeCsp } from './csp-kit.js';
import { TEST_ADMIN_TOKEN, type TestServer } from './harness.js';

/** The back office as a test opened it: the page, and the CSP violations it met so far. */
export interface AdminPage {
  page: Page;
  violations: () => Promise<string[]>;
}

/** How {@link useAdminPages}' opener opens the back office. */
export interface OpenAdminOptions {
  /** Path and fragment (default `/admin#token=<the test admin token>`: signed in). */
  path?: string;
  /** The browser's language (default `en-US`). */
  locale?: string;
  /** Runs on the page before it navigates (to watch its requests from the first). */
  beforeGoto?: (page: Page) => void;
}

/**
 * The manager's side of a browser test: the returned function opens the back office in a browser
 * context of its own (a manager's browser: no service worker, no tablet, 1280 × 800) that records
 * CSP violations; the context is closed after each test. `suite` gives the file's browser and the
 * test's server (from useTillSuite).
 */
export function useAdminPages(
  suite: () => { browser: Browser; server: TestServer },
): (options?: OpenAdminOptions) => Promise<AdminPage> {
  let context: BrowserContext | undefined;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  return async (options = {}) => {
    const { browser, server } = suite();
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
    });
    await probeCsp(context);
    const page = await context.newPage();
    const violations = cspViolations(page);
    options.beforeGoto?.(page);
    await page.goto(server.url + (options.path ?? `/admin#token=${TEST_ADMIN_TOKEN}`));
    return { page, violations };
  };
}

/**
 * Opens a section of the signed-in back office by its link in the Sections navigation, as a
 * manager would, and waits until the link is the current page.
 */
export async function openSection(page: Page, name: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
  await link.click({ timeout: 10_000 });
  await waitForCurrent(page, name);
}

/** Waits until the section link `name` is marked as the current page. */
export async function waitForCurrent(page: Page, name: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
  await link.and(page.locator('[aria-current="page"]')).waitFor({ timeout: 10_000 });
}
