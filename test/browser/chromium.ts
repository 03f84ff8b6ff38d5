import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium, the full browser a tablet runs: the benches and the screenshots use it, and
 * so do the tests of Background Sync, which only it has. Nothing on this machine may download a
 * browser: playwright-core drives the one the system installed.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's headless shell of the same Chromium release (package chromium-headless-shell, what
 * Playwright itself runs for headless tests): the same Blink, V8, service workers, IndexedDB,
 * Cache Storage and DevTools protocol, without the browser's user interface layer. Opening a
 * fresh till in it costs about half the CPU (2.3–2.5 s instead of 4.8–5.3 s on the 2-core CI
 * machine), and the browser suite is CPU-bound there. It has no Background Sync
 * (`registration.sync.register` rejects with "Background Sync is disabled"). Where it is not
 * installed, the full browser stands in.
 */
export const HEADLESS_SHELL_PATH =
  process.env.CHROMIUM_HEADLESS_SHELL_PATH ?? '/usr/bin/chromium-headless-shell';

/** Which Chromium to launch: `'shell'` for the browser suite, `'full'` where the shell lacks a feature or figures must be a tablet's. */
export type ChromiumKind = 'shell' | 'full';

/** The executable of `kind` ({@link HEADLESS_SHELL_PATH} falls back to {@link CHROMIUM_PATH}). */
export function chromiumPath(kind: ChromiumKind): string {
  return kind === 'shell' && existsSync(HEADLESS_SHELL_PATH) ? HEADLESS_SHELL_PATH : CHROMIUM_PATH;
}

/**
 * Flags that keep Chromium quiet on a machine with no network but the loopback. Site isolation is
 * off: the tests load one origin, Chrome on Android tablets does not isolate every site either, and
 * it cost about 7 % of the suite's CPU (three browser files, system-wide CPU from /proc/stat over
 * three alternating runs: 69.3 s with it, 64.7 s without).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-site-isolation-trials',
];

/** A headless Chromium of `kind` with a fresh profile; close it with `browser.close()`. */
export async function launchChromium(kind: ChromiumKind): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(kind), headless: true, args: CHROMIUM_ARGS });
}

/**
 * A Chromium of `kind` on a persistent profile in a temp dir (needed to restart "the same tablet",
 * and for CDP installability checks: a plain `newContext()` is incognito, never installable). `close()` closes the context; `dispose()` also removes the profile.
 */
export async function launchProfile(
  kind: ChromiumKind,
  userDataDir?: string,
): Promise<{
  context: BrowserContext;
  userDataDir: string;
  dispose: () => Promise<void>;
}> {
  const dir = userDataDir ?? (await mkdtemp(join(tmpdir(), 'pos-profile-')));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(kind),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    userDataDir: dir,
    dispose: async () => {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
