import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openSection, useAdminPages } from './admin-kit.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import { seriousViolations } from './axe-kit.js';
import { api, type TestServer, useTillSuite, waitFor } from './harness.js';

let browser: Browser;
let server: TestServer;
useTillSuite((suite) => ({ browser, server } = suite));
const openAdminPage = useAdminPages(() => ({ browser, server }));

/** The back office, signed in, on its Sessions section. */
async function openAdmin(): Promise<Page> {
  const { page } = await openAdminPage();
  await openSection(page, 'Sessions');
  return page;
}

const sessionState = async () => (await api<PosSession>(server, 'GET', '/api/sessions/1')).state;

describe('closing control', () => {
  it('Start closing control asks first, saying what it does; Cancel leaves the session opened', async () => {
    const page = await openAdmin();
    const patches: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && new URL(request.url()).pathname.startsWith('/api/sessions/'))
        patches.push(request.url());
    });
    await page.getByRole('button', { name: 'Start closing control' }).click({ timeout: 10_000 });
    const confirm = page.getByRole('dialog', {
      name: 'Start closing control of session Main counter/00001?',
    });
    await confirm.waitFor();
    // The explanation is slotted into the dialog: in the page, next to it.
    await page.getByText('Tills stop new sales at once.').waitFor();
    await page.getByText(/^\s*Orders already made are still sent to the server/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(patches).toEqual([]);

    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(patches).toEqual([]);
    await expect(sessionState()).resolves.toBe('opened');

    // Confirmed, it moves the session.
    await page.getByRole('button', { name: 'Start closing control' }).click();
    await confirm.getByRole('button', { name: 'Start closing control' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await waitFor('closing_control on the server', async () => (await sessionState()) === 'closing_control');
    await page.getByText('Closing control', { exact: true }).first().waitFor();
  });

  it('Escape cancels too', async () => {
    const page = await openAdmin();
    await page.getByRole('button', { name: 'Start closing control' }).click({ timeout: 10_000 });
    const confirm = page.getByRole('dialog', { name: /^Start closing control of session/ });
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    await expect(sessionState()).resolves.toBe('opened');
  });
});
