import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { inFullChromium, openTill, setFrequency, waitFor, type TestServer, useTillSuite } from './harness.js';
import {
  countChecksOver,
  dispatchPeriodicSync,
  dispatchSessionSync,
  openTills,
  readSessionRecord,
  waitForQuietChecks,
} from './session-check-kit.js';
import { SESSION_CHECK_SYNC_TAG } from '../../src/domain/api/names.js';

let server: TestServer;
let context: BrowserContext;
useTillSuite((suite) => ({ server, context } = suite), { viewport: { width: 1024, height: 700 } });

/** With a 3600 s frequency heartbeats find nothing due: waits until a forced check may run again (5 s gap). */
async function quietAfterStart(page: Page): Promise<void> {
  await waitForQuietChecks(page);
  expect(await countChecksOver(server, 1_000)).toBe(0);
}

describe('session check schedule', () => {
  it(
    '4 tabs of one device cost about one session check per interval (frequency 5 s), not one each',
    { timeout: 120_000 },
    async () => {
      await setFrequency(server, 1, 5);
      const first = await openTill(context, server.url);
      // Four tell one check from one per tab (4 an interval, against at most 1.5 allowed below);
      // the 20-tab figure is a benchmark's.
      await openTills(context, server.url, 3);
      expect(context.pages()).toHaveLength(4);
      // Warm-up: a check has run since the last tab opened (start-up requests are behind us).
      const opened = Date.now();
      await waitFor(
        'a check after the last tab opened',
        async () => ((await readSessionRecord(first))?.deviceCheckedAt ?? 0) > opened,
        8_000,
      );

      const intervals = 3;
      const perInterval = (await countChecksOver(server, intervals * 5_000)) / intervals;
      expect(perInterval).toBeGreaterThanOrEqual(0.5);
      expect(perInterval).toBeLessThanOrEqual(1.5);
    },
  );

  it('the Background Sync `sync` wake-up (tag pos-session-check) runs a check when nothing else would', async () => {
    await setFrequency(server, 1, 3600);
    const page = await openTill(context, server.url);
    await quietAfterStart(page);
    const before = server.sessionChecks();
    await dispatchSessionSync(page, SESSION_CHECK_SYNC_TAG);
    await waitFor('a check after the sync event', () => server.sessionChecks() > before, 5_000, 25);
    expect(server.sessionChecks()).toBe(before + 1);
  });

  it('the `periodicsync` wake-up runs a check too', async () => {
    await setFrequency(server, 1, 3600);
    const page = await openTill(context, server.url);
    await quietAfterStart(page);
    const before = server.sessionChecks();
    await dispatchPeriodicSync(page, SESSION_CHECK_SYNC_TAG);
    await waitFor('a check after the periodicsync event', () => server.sessionChecks() > before, 5_000, 25);
    expect(server.sessionChecks()).toBe(before + 1);
  });

  it('a check that fails while offline asks for a Background Sync, so the worker checks when the device is back', async () => {
    await setFrequency(server, 1, 5);
    await inFullChromium(async (full) => {
      const page = await openTill(full, server.url);
      await full.setOffline(true);
      const tags = await waitFor(
        'a pos-session-check sync registration',
        () =>
          page.evaluate(async (tag) => {
            const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
              sync?: { getTags(): Promise<string[]> };
            };
            const pending = (await registration.sync?.getTags()) ?? [];
            return pending.includes(tag) ? pending : null;
          }, SESSION_CHECK_SYNC_TAG),
        12_000,
        200,
      );
      expect(tags).toContain(SESSION_CHECK_SYNC_TAG);
      expect((await readSessionRecord(page))?.lastError?.code).toBe('network');
    });
  });
});
