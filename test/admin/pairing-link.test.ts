import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, pairLink } from '../../src/admin/pairing-link.js';

describe('pairLink', () => {
  it('takes the server’s pairUrl (the address the tablets reach) over the back office’s own', () => {
    expect(
      pairLink({ pairPath: '/?pair=AB', pairUrl: 'https://till.shop.lan/?pair=AB' }, 'http://localhost:8080'),
    ).toBe('https://till.shop.lan/?pair=AB');
  });

  it('falls back to the page’s origin and pairPath for a server without pairUrl', () => {
    expect(pairLink({ pairPath: '/?pair=AB' }, 'http://192.168.1.20:8080')).toBe(
      'http://192.168.1.20:8080/?pair=AB',
    );
  });
});

describe('isLoopbackUrl (a link no tablet can open)', () => {
  it.each([
    'http://localhost:8080/?pair=AB',
    'http://LOCALHOST/',
    'http://localhost./',
    'http://till.localhost/',
    'http://127.0.0.1:8080/',
    'http://127.8.9.10/',
    'http://[::1]:8080/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
  ])('warns for %s', (url) => expect(isLoopbackUrl(url)).toBe(true));

  it.each([
    'http://192.168.1.20:8080/',
    'https://till.shop.lan/',
    'http://128.0.0.1/',
    'http://localhost.example.com/',
    'http://[::2]/',
    'not a url',
  ])('does not warn for %s', (url) => expect(isLoopbackUrl(url)).toBe(false));
});
