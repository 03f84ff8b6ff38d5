/**
 * Renders public/icons/icon.svg into the PNG icons the manifest lists, in headless Chromium:
 * icon-192.png, icon-512.png (purpose "any") and icon-maskable-512.png (full-bleed background, the
 * glyph inside the maskable safe zone). Run `npx tsx scripts/make-icons.ts` after changing the SVG.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/browser/chromium.js';

const ICONS_DIR = fileURLToPath(new URL('../public/icons/', import.meta.url));
/** Background behind the SVG's rounded corners: the icon's own navy, so no white corners show. */
const BACKGROUND = '#14213d';
/** Share of the maskable canvas the glyph may use (the safe zone is a circle of 80 %). */
const MASKABLE_SCALE = 0.8;

const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  { file: 'icon-maskable-512.png', size: 512, scale: MASKABLE_SCALE },
] as const;

const svg = await readFile(`${ICONS_DIR}icon.svg`, 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const browser = await launchChromium('full');
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, scale } of ICONS) {
    const inner = Math.round(size * scale);
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${BACKGROUND}">` +
        `<img src="${dataUrl}" width="${inner}" height="${inner}" alt=""></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({
      path: `${ICONS_DIR}${file}`,
      omitBackground: false,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    console.log(`wrote public/icons/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
