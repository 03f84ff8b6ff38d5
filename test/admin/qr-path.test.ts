import { describe, expect, it } from 'vitest';
import { qrPath } from '../../src/admin/qr-path.js';

/** The dark modules named by a path of `M x y h1v1h-1z` squares. */
function darkModules(d: string): Set<string> {
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('qrPath', () => {
  it('draws a QR code of a pairing link: a version-sized square with its three finder patterns', () => {
    const { size, d } = qrPath('http://192.168.1.20:8080/?pair=ABCD-2345');
    expect((size - 17) % 4).toBe(0);
    expect(size).toBeGreaterThanOrEqual(25);
    const dark = darkModules(d);
    // The top row of each finder pattern is 7 dark modules: top-left, top-right; and bottom-left's.
    for (let i = 0; i < 7; i += 1) {
      expect(dark.has(`${i},0`)).toBe(true);
      expect(dark.has(`${size - 7 + i},0`)).toBe(true);
      expect(dark.has(`${i},${size - 7}`)).toBe(true);
    }
    // Their separators are light.
    expect(dark.has('7,0')).toBe(false);
    expect(dark.has(`${size - 8},0`)).toBe(false);
  });

  it('gives the same drawing for the same text', () => {
    expect(qrPath('/?pair=1')).toEqual(qrPath('/?pair=1'));
  });
});
