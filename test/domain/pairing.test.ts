import { describe, expect, it } from 'vitest';
import { normalizePairingCode, PAIRING_CODE_PATTERN } from '../../src/domain/pairing.js';

describe('normalizePairingCode', () => {
  it('accepts any case, with or without the dash, spaces ignored, and gives XXXX-XXXX', () => {
    for (const typed of ['K7QM-3XWA', 'k7qm-3xwa', 'K7QM3XWA', ' k7qm 3xwa ', 'K7-QM-3X-WA'])
      expect(normalizePairingCode(typed)).toBe('K7QM-3XWA');
    expect(normalizePairingCode('k7qm3xwa')).toMatch(PAIRING_CODE_PATTERN);
  });

  it('refuses what cannot be eight letters or digits', () => {
    for (const typed of ['', 'K7QM-3XW', 'K7QM-3XWAB', 'K7QM_3XWA', 'K7QM-3XW!', 'ÉÉÉÉ-ÉÉÉÉ'])
      expect(normalizePairingCode(typed)).toBeNull();
  });
});
