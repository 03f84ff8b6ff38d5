import { describe, expect, it } from 'vitest';
import {
  ADMIN_SECTIONS,
  reportFromHash,
  reportHash,
  sectionFromHash,
  sectionHash,
} from '../../src/admin/admin-route.js';

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

  it('opens the Report page of a session from its address, inside the Sessions section', () => {
    expect(reportHash(12)).toBe('#/sessions/12/report');
    expect(reportFromHash('#/sessions/12/report')).toBe('12');
    expect(sectionFromHash('#/sessions/12/report')).toBe('sessions');
    expect(reportFromHash(reportHash('a b/c'))).toBe('a b/c');
    expect(reportFromHash('#/sessions/12/report&token=x')).toBe('12');
  });

  it('opens no report for an address that is not exactly one', () => {
    for (const hash of [
      '#/sessions',
      '#/sessions//report',
      '#/sessions/12',
      '#/sessions/12/report/x',
      '#/sessions/%E0/report',
    ])
      expect(reportFromHash(hash)).toBeNull();
  });
});
