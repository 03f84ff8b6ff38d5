import { describe, expect, it } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import type { PosSession } from '../../src/domain/pos-session.js';
import {
  api,
  openTill,
  readOutbox,
  sellCash,
  setFrequency,
  statusText,
  type TestServer,
  useChromium,
  useTillSuite,
  waitFor,
} from './harness.js';
import { dialogText, readSessionRecord } from './session-check-kit.js';

let server: TestServer;
let context: BrowserContext;
const chromium = useChromium();

/** True for the session check `GET /api/sessions/:id` (not /events, not /orders). */
const isSessionCheck = (url: URL): boolean => /^\/api\/sessions\/[^/]+$/.test(url.pathname);

/** From now on, the worker's session checks get `answer` instead of the server's. */
async function answerChecksWith(answer: (route: Route) => Promise<void>): Promise<void> {
  await context.route(isSessionCheck, answer);
}

/** Opens the till with a 5 s frequency and waits for its first check. */
async function openChecked() {
  await setFrequency(server, 1, 5);
  const page = await openTill(context, server.url);
  await waitFor('a first check', async () => (await readSessionRecord(page))?.deviceCheckedAt);
  return page;
}

describe('a failed session check keeps the last state and says why', () => {
  // The failures the till recovers from: each test opens its own tab of one shared tablet.
  describe('while the session stays open', () => {
    useTillSuite((suite) => ({ server, context } = suite), { share: 'file', chromium });

    it('a garbage answer (200, not JSON) keeps the session open (the till still sells) and shows the error in the status bar', async () => {
      const page = await openChecked();
      await answerChecksWith((route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: 'not json' }),
      );
      const text = await waitFor(
        'the error in the status bar',
        async () => {
          const status = await statusText(page);
          return /check failed: the server sent an answer this till does not understand/i.test(status)
            ? status
            : null;
        },
        12_000,
        200,
      );
      expect(text).toMatch(/last verified \d+ s ago/);
      expect(text).toMatch(/open/);
      expect(await dialogText(page)).toBeNull();
      const sold = (await readOutbox(page)).length; // earlier tests of the shared tablet sold too
      await sellCash(page, ['Baguette tradition']);
      expect(await readOutbox(page)).toHaveLength(sold + 1);
      expect((await readSessionRecord(page))?.state).toBe('opened');
    });

    it('a 503 shows that the last check failed because the server had a problem, and how long ago the session was last verified', async () => {
      const page = await openChecked();
      await answerChecksWith((route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'unavailable', message: 'down' } }),
        }),
      );
      const text = await waitFor(
        'the 503 in the status bar',
        async () => {
          const status = await statusText(page);
          return /check failed: the server had a problem/i.test(status) ? status : null;
        },
        12_000,
        200,
      );
      expect(text).toMatch(/last verified \d+ s ago/);
      expect(await dialogText(page)).toBeNull();
    });

    it('a check that does not answer is aborted after a few seconds and shown as such', async () => {
      const page = await openChecked();
      await answerChecksWith(() => new Promise<void>(() => undefined));
      await waitFor(
        'the timeout in the status bar',
        async () => /check failed: the server did not answer in time/i.test(await statusText(page)),
        15_000,
        200,
      );
      expect(await dialogText(page)).toBeNull();
    });
  });

  // Fresh: a blocked session stays blocked on the tablet.
  describe('when the answer blocks the till', () => {
    useTillSuite((suite) => ({ server, context } = suite), { chromium });

    it('a 404 from the API (unknown session) blocks the till with a dialog that says the session no longer exists', async () => {
      const page = await openChecked();
      await answerChecksWith((route) =>
        route.fulfill({
          status: 404,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'not_found', message: 'No session 1' } }),
        }),
      );
      const text = await waitFor('the blocking dialog', () => dialogText(page), 12_000, 100);
      expect(text).toMatch(/no longer exists/i);
      expect(text).toContain('Main counter/00001');
      await expect(
        page.getByRole('alertdialog').getByRole('button', { name: 'Reload' }).isVisible(),
      ).resolves.toBe(true);
    });

    it('a state name this build does not know blocks the till with a dialog that says so', async () => {
      const page = await openChecked();
      const session = await api<PosSession>(server, 'GET', '/api/sessions/1');
      await answerChecksWith((route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ ...session, state: 'suspended' }),
        }),
      );
      const text = await waitFor('the blocking dialog', () => dialogText(page), 12_000, 100);
      expect(text).toMatch(/state unknown/i);
      expect(text).toMatch(/does not know/i);
      expect(await statusText(page)).toMatch(
        /check failed: the session is in a state this version of the till does not know/,
      );
    });
  });
});
