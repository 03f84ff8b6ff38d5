import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openSection, useAdminPages, type AdminPage } from './admin-kit.js';
import { pinMatches } from '../../src/app/held-orders-pin.js';
import type { PosConfig } from '../../src/domain/pos-config.js';
import { seriousViolations } from './axe-kit.js';
import { api, SEED_CONFIG_ID, TEST_ADMIN_TOKEN, type TestServer, useTillSuite, waitFor } from './harness.js';

/**
 * The back office's forms refuse what they cannot take, at the field, in the manager's words, and
 * send nothing then: the settings of a POS config and the sign-in token (manager trial).
 */
// Each test of the settings form works on a register of its own, or on the seeded one's settings
// no other test reads; the sign-in tests read no settings: one server and one manager browser for all.
let browser: Browser;
let server: TestServer;
useTillSuite((suite) => ({ browser, server } = suite), { share: 'file' });
const openAdminPage = useAdminPages(() => ({ browser, server }), { share: 'file' });

/** The back office at `path`, in the manager's own browser. */
function openAdmin(path: string): Promise<AdminPage> {
  return openAdminPage({ path });
}

/** The back office, signed in, on its Settings section. */
async function openSettings(): Promise<AdminPage> {
  const admin = await openAdmin(`/admin#token=${TEST_ADMIN_TOKEN}`);
  await openSection(admin.page, 'Settings');
  return admin;
}

/** Counts the page's requests to the API that match `method` and `path` from now on. */
function countApiRequests(page: Page, method: string | null, path: RegExp): () => number {
  let count = 0;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (
      url.pathname.startsWith('/api/') &&
      path.test(url.pathname) &&
      (method === null || request.method() === method)
    )
      count += 1;
  });
  return () => count;
}

/** The id of the element that has focus, through shadow roots. */
async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.id ?? '';
  });
}

/** The text of the element(s) an input's `aria-describedby` names, found through nested shadow roots. */
async function description(page: Page, inputId: string): Promise<string> {
  return page.evaluate((id) => {
    const roots: (Document | ShadowRoot)[] = [document];
    while (roots.length > 0) {
      const root = roots.shift() as Document | ShadowRoot;
      const input = root.getElementById(id);
      if (input && root !== document) {
        return (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((ref) => root.getElementById(ref)?.textContent?.trim() ?? '')
          .join(' | ');
      }
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return '';
  }, inputId);
}

async function seedConfig(): Promise<PosConfig> {
  return configOf(SEED_CONFIG_ID);
}

async function configOf(id: PosConfig['id']): Promise<PosConfig> {
  return api<PosConfig>(server, 'GET', `/api/configs/${id}`);
}

/**
 * A register of the test's own, made through the API as the New register form makes one: its
 * settings are a new register's (a check every 60 s, no limit on unverified time, synced orders
 * kept 7 days).
 */
async function registerOfItsOwn(name: string): Promise<PosConfig> {
  return api<PosConfig>(server, 'POST', '/api/configs', { name, currency: 'EUR' });
}

/** The back office, signed in, on the Settings section of the register named `name`. */
async function openSettingsOf(name: string): Promise<AdminPage> {
  const admin = await openAdmin(`/admin#token=${TEST_ADMIN_TOKEN}`);
  await admin.page
    .getByRole('navigation', { name: 'POS configs' })
    .getByRole('button', { name, exact: true })
    .click({ timeout: 10_000 });
  await openSection(admin.page, 'Settings');
  const field = admin.page.getByLabel('Name', { exact: true });
  await waitFor(`the settings of ${name}`, async () => (await field.inputValue()) === name, 10_000);
  return admin;
}

describe('the settings form', () => {
  it('an empty name shows "Name: type a name" at the field, takes focus there and saves nothing; what was typed stays', async () => {
    const register = await registerOfItsOwn('Corner shop');
    const { page, violations } = await openSettingsOf(register.name);
    const name = page.getByLabel('Name', { exact: true });
    await name.waitFor({ timeout: 10_000 });
    const frequency = page.getByLabel('Check session state every (s)');
    await frequency.fill('30');
    await name.fill('');
    const patches = countApiRequests(page, 'PATCH', /^\/api\/configs\//);
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('Name: type a name', { exact: true }).waitFor({ timeout: 5_000 });
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(description(page, 'name')).resolves.toBe('Name: type a name');
    expect(await focusedId(page)).toBe('name');
    await expect(frequency.inputValue()).resolves.toBe('30');
    expect(await page.getByText(/Too small|expected string/).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Nothing was sent: the config on the server is as it was.
    expect(patches()).toBe(0);
    const config = await configOf(register.id);
    expect([config.name, config.checkSessionStateFrequency]).toEqual(['Corner shop', 60]);

    // Corrected, it saves both fields.
    await name.fill('Front counter');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('false');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    const saved = await configOf(register.id);
    expect([saved.name, saved.checkSessionStateFrequency]).toEqual(['Front counter', 30]);
    expect(await violations()).toEqual([]);
  });

  it('Settings says plainly that backups are off when the server makes none (a manager never assumes a copy exists)', async () => {
    const { page } = await openSettings();
    await page.getByText('Backups are off', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await page.getByText('Last backup:', { exact: false }).count()).toBe(0);
  });

  it('a 9-digit PIN is refused at its field, never cut to 8; the old PIN still works', async () => {
    await api(server, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: '2468' });
    const before = (await seedConfig()).managerPinHash;
    const { page } = await openSettings();
    const pin = page.getByLabel('New manager PIN (4–8 digits)');
    await pin.waitFor({ timeout: 10_000 });
    await expect(pin.getAttribute('maxlength')).resolves.toBeNull();
    await pin.fill('123456789');
    await expect(pin.inputValue()).resolves.toBe('123456789');
    const patches = countApiRequests(page, 'PATCH', /^\/api\/configs\//);
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page
      .getByText('Manager PIN: 4 to 8 digits (this one has 9)', { exact: true })
      .waitFor({ timeout: 5_000 });
    await expect(pin.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await focusedId(page)).toBe('pin');
    await expect(pin.inputValue()).resolves.toBe('123456789');
    expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(0);

    expect(patches()).toBe(0);
    const after = (await seedConfig()).managerPinHash;
    expect(after).toEqual(before);
    if (!after) throw new Error('the PIN was removed');
    await expect(pinMatches('2468', after)).resolves.toBe(true);
    await expect(pinMatches('12345678', after)).resolves.toBe(false);
  });

  it('every bad field is marked at once, focus on the first, and nothing is sent', async () => {
    const register = await registerOfItsOwn('Market stall');
    const { page } = await openSettingsOf(register.name);
    await page.getByLabel('Name', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Check session state every (s)').fill('7.5');
    await page.getByLabel('Max unverified time (s)').fill('ten');
    await page.getByLabel('Keep synced orders on tablets (days)').fill('400');
    const patches = countApiRequests(page, 'PATCH', /^\/api\/configs\//);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByText('Check session state every: a whole number of seconds from 5 to 86,400')
      .waitFor({ timeout: 5_000 });
    await page
      .getByText(
        'Max unverified time: a whole number of seconds from 1 to 31,536,000 (a year), or empty for no limit',
      )
      .waitFor();
    await page.getByText('Keep synced orders on tablets: a whole number of days from 1 to 365').waitFor();
    expect(await focusedId(page)).toBe('frequency');
    expect(patches()).toBe(0);
    const config = await configOf(register.id);
    expect([
      config.checkSessionStateFrequency,
      config.maxUnverifiedSeconds,
      config.syncedRetentionDays,
    ]).toEqual([60, null, 7]);
  });

  it('a name another POS config has is refused at the name field, and the config keeps its name', async () => {
    await api(server, 'POST', '/api/configs', { name: 'Terrace', currency: 'EUR' });
    const { page } = await openSettings();
    const name = page.getByLabel('Name', { exact: true });
    await name.waitFor({ timeout: 10_000 });
    await name.fill('Terrace');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByText('Name: another POS config already has this name', { exact: true })
      .waitFor({ timeout: 5_000 });
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(name.inputValue()).resolves.toBe('Terrace');
    expect((await seedConfig()).name).toBe('Main counter');
  });

  it('a refusal of the server never shows its schema text', async () => {
    const register = await registerOfItsOwn('Food truck');
    const { page } = await openSettingsOf(register.name);
    await page.getByLabel('Name', { exact: true }).waitFor({ timeout: 10_000 });
    // What the form would never send (it checks first), sent anyway: the real server refuses it.
    await page.route('**/api/configs/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.continue({ postData: JSON.stringify({ checkSessionStateFrequency: 2 }) })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // With error.field the form words it at the field; without, a general sentence. Never the schema's.
    const frequencyRule = page.getByText(
      'Check session state every: a whole number of seconds from 5 to 86,400',
    );
    const general = page.getByText(
      'Not saved: the server refused these settings. Check each field and save again.',
    );
    await frequencyRule.or(general).waitFor({ timeout: 5_000 });
    expect(await page.getByText(/Too small|expected|>=/).count()).toBe(0);
    expect((await configOf(register.id)).checkSessionStateFrequency).toBe(60);
  });
});

describe('sign-in', () => {
  it('a wrong token says the token is not valid, at the field, and the tab keeps nothing', async () => {
    const { page, violations } = await openAdmin('/admin');
    const token = page.getByLabel('Admin token');
    await token.fill('pos_admin_not-the-right-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent({ timeout: 10_000 })).resolves.toBe(
      'Admin token: this admin token is not valid. Check it and sign in again.',
    );
    await expect(token.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await focusedId(page)).toBe('token');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it('a tablet’s token is not taken for the admin token: back to the form, not an empty page', async () => {
    const { code } = await api<{ code: string }>(
      server,
      'POST',
      `/api/configs/${SEED_CONFIG_ID}/pairing-codes`,
    );
    const tablet = await api<{ token: string }>(server, 'POST', '/api/pair', { code }, { token: null });
    const { page } = await openAdmin('/admin');
    await page.getByLabel('Admin token').fill(tablet.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent({ timeout: 10_000 })).resolves.toMatch(
      /^Admin token: this is not the admin token/,
    );
  });

  it.each([
    ['a space inside', 'pos_admin_abc def'],
    ['an accent', 'pos_admin_abcdé'],
  ])('a token with %s is refused on the form without a request', async (_kind, typed) => {
    const { page } = await openAdmin('/admin');
    const token = page.getByLabel('Admin token');
    await token.waitFor();
    const requests = countApiRequests(page, null, /./);
    await token.fill(typed);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByText(/^Admin token: a token has no spaces, accents or line breaks/)
      .waitFor({ timeout: 5_000 });
    await expect(token.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await focusedId(page)).toBe('token');
    await expect(token.inputValue()).resolves.toBe(typed);
    expect(requests()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByRole('heading', { name: 'Sessions' }).count()).toBe(0);
  });

  it('a link whose token has a space opens the form with the reason, without a request', async () => {
    let requests = () => 0;
    const { page } = await openAdminPage({
      path: '/admin#token=pos_admin%20abc',
      beforeGoto: (p) => (requests = countApiRequests(p, null, /./)),
    });
    await page
      .getByText(/^Admin token: a token has no spaces, accents or line breaks/)
      .waitFor({ timeout: 10_000 });
    expect(requests()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
