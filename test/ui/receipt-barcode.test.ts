import { describe, expect, it } from 'vitest';
import { BARS } from 'jsbarcode/bin/barcodes/CODE128/constants.js';
import { code128Modules } from '../../src/ui/receipt-barcode.js';

const STOP_PATTERN = '1100011101011';

/**
 * Reads Code 128 modules back to text as a scanner does: 11 modules a symbol (the standard's
 * table), the check symbol verified, code sets A, B and C followed. Throws on anything unreadable.
 */
function scan(modules: string): string {
  if (!modules.endsWith(STOP_PATTERN)) throw new Error('no stop pattern');
  const body = modules.slice(0, -STOP_PATTERN.length);
  if (body.length % 11 !== 0) throw new Error(`${body.length} modules are not whole symbols`);
  const table = (BARS as number[]).map(String);
  const symbols = (body.match(/.{11}/g) ?? []).map((pattern) => {
    const value = table.indexOf(pattern);
    if (value < 0) throw new Error(`no symbol ${pattern}`);
    return value;
  });
  const [start, ...rest] = symbols;
  const check = rest.pop();
  const sum = rest.reduce((total, value, i) => total + value * (i + 1), start ?? 0);
  if (check !== sum % 103) throw new Error(`check symbol ${check} is not ${sum % 103}`);
  let set = { 103: 'A', 104: 'B', 105: 'C' }[start as 103 | 104 | 105];
  if (!set) throw new Error(`no start symbol: ${start}`);
  let text = '';
  for (const value of rest) {
    if (value === 99 && set !== 'C')
      set = 'C'; // in code set C, 99 is the digits 99
    else if (value === 100 && set !== 'B') set = 'B';
    else if (value === 101 && set !== 'A') set = 'A';
    else if (set === 'C') text += String(value).padStart(2, '0');
    else if (set === 'B') text += String.fromCharCode(value + 32);
    else text += String.fromCharCode(value < 64 ? value + 32 : value - 64);
  }
  return text;
}

describe('the receipt barcode (Code 128)', () => {
  it('reads back as the reference, digits packed in code set C, dashes in B', () => {
    for (const reference of ['00001-001-0001', '12345-999-9999', '00042-007-0123', '100000-001-10000']) {
      const modules = code128Modules(reference);
      expect(modules).toMatch(/^[01]+$/);
      expect(scan(modules)).toBe(reference);
    }
  });

  it('is short enough for 72 mm paper at two printer dots a module', () => {
    const modules = code128Modules('00001-001-0001');
    // 0.25 mm a module and 10 modules of quiet zone each side.
    expect((modules.length + 20) * 0.25).toBeLessThan(72);
  });

  it('refuses what Code 128 cannot carry, rather than drawing a barcode that scans as something else', () => {
    expect(() => code128Modules('')).toThrow(RangeError);
    expect(() => code128Modules('réf')).toThrow(RangeError);
  });
});
