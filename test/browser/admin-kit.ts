import { afterAll, afterEach, beforeEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cspViolations, probeCsp } from './csp-kit.js';
import { TEST_ADMIN_TOKEN, type TestServer, type TillSuite, useTillSuite } from './harness.js';

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

/** Options of {@link useAdminPages}. */
export interface AdminPagesOptions {
  /**
   * `'test'` (default): a new manager context for each test, closed after it. `'file'`: one
   * context per locale for every test the hooks cover (a file, or the describe they are registered
   * in), closed after the last; the tabs a test opened are closed after it. Only with one server
   * for those tests (useTillSuite's `share: 'file'`): the browser compiles the back office once.
   */
  share?: 'test' | 'file';
}

/**
 * The manager's side of a browser test: the returned function opens the back office in a browser
 * context of its own (a manager's browser: no service worker, no tablet, 1280 × 800) that records
 * CSP violations; the context is closed after each test (after the last one, `share: 'file'`).
 * `suite` gives the file's browser and the test's server (from useTillSuite).
 */
export function useAdminPages(
  suite: () => { browser: Browser; server: TestServer },
  options: AdminPagesOptions = {},
): (options?: OpenAdminOptions) => Promise<AdminPage> {
  const shared = options.share === 'file';
  // Every context opened and not closed yet; shared ones by locale (fixed when a context is made).
  const contexts: BrowserContext[] = [];
  const byLocale = new Map<string, BrowserContext>();
  const closeAll = async (): Promise<void> => {
    const open = contexts.splice(0);
    byLocale.clear();
    await Promise.all(open.map((context) => context.close()));
  };
  if (shared) {
    afterEach(async () => {
      await Promise.all(contexts.flatMap((context) => context.pages().map((page) => page.close())));
    });
    afterAll(closeAll);
  } else {
    afterEach(closeAll);
  }
  return async (open = {}) => {
    const { browser, server } = suite();
    const locale = open.locale ?? 'en-US';
    let context = shared ? byLocale.get(locale) : undefined;
    if (!context) {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
      contexts.push(context);
      if (shared) byLocale.set(locale, context);
      await probeCsp(context);
    }
    const page = await context.newPage();
    const violations = cspViolations(page);
    open.beforeGoto?.(page);
    await page.goto(server.url + (open.path ?? `/admin#token=${TEST_ADMIN_TOKEN}`));
    return { page, violations };
  };
}

/**
 * What {@link useAdminSuite} hands each test: the browser, the server, the back office's opener,
 * and a tablet's context (useTillSuite's) for a till beside the back office.
 */
export interface AdminSuite {
  browser: Browser;
  server: TestServer;
  openAdminPage: (options?: OpenAdminOptions) => Promise<AdminPage>;
  context: BrowserContext;
}

/**
 * The hooks of back-office tests, for the file or the describe they are registered in: useTillSuite's
 * browser and server (a fresh server for each test, or one for all of them with `share: 'file'`)
 * and {@link useAdminPages}' manager contexts, shared or not alike. `use` is called before each test.
 */
export function useAdminSuite(
  use: (suite: AdminSuite) => void,
  options: { share?: 'test' | 'file' } = {},
): void {
  let current: TillSuite | undefined;
  const suite = (): TillSuite => {
    if (!current) throw new Error('no till suite');
    return current;
  };
  // Registered first, so its hooks run after the manager contexts are closed.
  useTillSuite((till) => (current = till), options);
  const openAdminPage = useAdminPages(suite, options);
  beforeEach(() => {
    const { browser, server, context } = suite();
    use({ browser, server, openAdminPage, context });
  });
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
