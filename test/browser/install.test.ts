import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchProfile } from './chromium.js';
import { openTill, startTestServer, type TestServer } from './harness.js';

/**
 * Installability as Chromium judges it, asked over CDP (in a persistent context, since a plain
 * `newContext()` is incognito and answers `in-incognito`).
 */
let server: TestServer;
let profile: Awaited<ReturnType<typeof launchProfile>>;

beforeEach(async () => {
  server = await startTestServer();
  // The full browser: installability is the judgement of the browser a tablet runs.
  profile = await launchProfile('full');
});
afterEach(async () => {
  await profile.dispose();
  await server.close();
});

/** The part of CDP `Page.getAppManifest` read here (Chromium 156: the parsed form is `manifest`). */
interface AppManifestAnswer {
  url: string;
  errors: { message: string; critical: number }[];
  /** The manifest file as served. */
  data?: string;
  manifest?: {
    name?: string;
    startUrl?: string;
    scope?: string;
    id?: string;
    display?: string;
    themeColor?: string;
    backgroundColor?: string;
    icons?: { url: string; sizes?: string; type?: string }[];
  };
}

/** The icons as written in the manifest file (CDP's parsed icons omit `purpose`). */
interface RawIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

describe('installable app', () => {
  it('Chromium reports no installability errors and reads the manifest', async () => {
    const page = await openTill(profile.context, server.url);
    const cdp = await profile.context.newCDPSession(page);

    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const manifest = (await cdp.send('Page.getAppManifest', {})) as unknown as AppManifestAnswer;
    expect(manifest.url).toBe(`${server.url}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const parsed = manifest.manifest;
    expect(parsed?.name).toBe('pos-shell till');
    expect(parsed?.display).toBe('kStandalone');
    expect(parsed?.startUrl).toBe(`${server.url}/`);
    expect(parsed?.scope).toBe(`${server.url}/`);
    expect(parsed?.id).toBe(`${server.url}/`);
    expect(parsed?.themeColor).toBe('rgba(20,33,61,1)');
    expect(parsed?.backgroundColor).toBe('rgba(232,236,242,1)');

    // CDP's parsed form leaves out short_name and icon purposes: read them from the file it fetched.
    const raw = JSON.parse(manifest.data ?? '{}') as { short_name?: string; icons?: RawIcon[] };
    expect(raw.short_name).toBe('Till');
    const icons = raw.icons ?? [];
    const png = (size: number, purpose: string) =>
      icons.some(
        (i) =>
          i.type === 'image/png' &&
          i.sizes === `${size}x${size}` &&
          (i.purpose ?? 'any').split(' ').includes(purpose),
      );
    expect(png(192, 'any')).toBe(true);
    expect(png(512, 'any')).toBe(true);
    expect(png(512, 'maskable')).toBe(true);

    // Every PNG the manifest lists is served as a real image of its declared size.
    for (const icon of icons.filter((i) => i.type === 'image/png')) {
      const size = await page.evaluate(async (url) => {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }

    // The favicon is written into the page as a data: URL (vite.config.ts, inlineFavicon): no
    // request for it before the first paint, and the same icon as the manifest's file.
    const favicon = await page.evaluate(() =>
      document.querySelector('link[rel="icon"]')?.getAttribute('href'),
    );
    expect(favicon).toMatch(/^data:image\/svg\+xml,/);
    const file = await (await fetch(`${server.url}/icons/icon.svg`)).text();
    expect(decodeURIComponent(favicon?.slice('data:image/svg+xml,'.length) ?? '')).toBe(file.trim());
  });
});
