import { describe, expect, it } from 'vitest';
import { ADMIN_SECTIONS, sectionFromHash, sectionHash } from '../../src/admin/admin-route.js';

describe('back-office addresses', () => {
  it('opens each section from its own address, so a reload or a shared link lands there again', () => {
    for (const section of ADMIN_SECTIONS) expect(sectionFromHash(sectionHash(section))).toBe(section);
    expect(sectionHash('products')).toBe('#/products');
  });

  it('reads the section beside a sign-in token, which must not hide it', () => {
    expect(sectionFromHash('#/devices&token=abc')).toBe('devices');
  });

  it('falls back to the first section for an address it does not know, never to nothing', () => {
    for (const hash of ['', '#', '#/', '#/nope', '#token=abc', '#/Products', '#products', '#/products/1'])
      expect(sectionFromHash(hash)).toBe('registers');
  });
});
