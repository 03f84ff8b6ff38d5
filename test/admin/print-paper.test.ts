import { describe, expect, it } from 'vitest';
import { pageRule, paperOf } from '../../src/admin/print-paper.js';

describe('the printed page', () => {
  it('is an A4 sheet by default and an 80 mm wide page for a receipt printer', () => {
    expect(pageRule('a4')).toBe('@page { size: A4; margin: 12mm; }');
    expect(pageRule('receipt')).toBe('@page { size: 80mm 297mm; margin: 3mm; }');
  });

  it('reads a stored choice, A4 for anything it does not know', () => {
    expect(paperOf('receipt')).toBe('receipt');
    expect(paperOf('a4')).toBe('a4');
    expect(paperOf('letter')).toBe('a4');
    expect(paperOf(null)).toBe('a4');
  });
});
