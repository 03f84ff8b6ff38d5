import { describe, expect, it } from 'vitest';
import {
  closingCountFromForm,
  countRefusal,
  openingCountFromForm,
  readCountedCash,
  type CountErrors,
} from '../../src/admin/count-form.js';
import { PosError } from '../../src/domain/pos-error.js';

const NOTE_REQUIRED = 'Note: the counted cash differs from the expected cash: say why (required)';
const EUR_RULE = 'Counted cash: an amount from 0 to €100,000,000.00, with at most 2 decimals';

function words(errors: CountErrors | null): Record<string, string> {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([field, text]) => [field, text?.() ?? '']));
}

describe('readCountedCash', () => {
  it('reads an amount exactly in minor units, with a point or a comma', () => {
    expect(readCountedCash('123.45', 'EUR')).toBe(12_345);
    expect(readCountedCash(' 123,4 ', 'EUR')).toBe(12_340);
    expect(readCountedCash('0', 'EUR')).toBe(0);
    expect(readCountedCash('1500', 'JPY')).toBe(1_500);
  });

  it('refuses what it would have to round, guess or clamp', () => {
    for (const text of ['', '-1', '1.005', '1e3', 'abc', '12 €', '100000000.01'])
      expect(readCountedCash(text, 'EUR')).toBeNull();
    expect(readCountedCash('100000000', 'EUR')).toBe(10_000_000_000);
    expect(readCountedCash('1.5', 'JPY')).toBeNull();
  });
});

describe('the opening count', () => {
  it('sends the float counted, whatever the expected one was', () => {
    expect(openingCountFromForm('150', 'EUR')).toEqual({ openingCash: 15_000 });
  });

  it('refuses an unreadable count at the field', () => {
    const result = openingCountFromForm('15O', 'EUR');
    expect('errors' in result && words(result.errors)).toEqual({ counted: EUR_RULE });
  });
});

describe('the closing count', () => {
  it('closes without a note when the drawer holds what was expected', () => {
    expect(closingCountFromForm({ counted: '200.00', note: '' }, 20_000, 'EUR')).toEqual({
      closingCash: 20_000,
    });
  });

  it('refuses a count that differs from the expected cash without a note, at the note field', () => {
    const result = closingCountFromForm({ counted: '199.50', note: '   ' }, 20_000, 'EUR');
    expect('errors' in result && words(result.errors)).toEqual({ note: NOTE_REQUIRED });
  });

  it('sends the trimmed note with a count that differs', () => {
    expect(closingCountFromForm({ counted: '199.50', note: ' Change error \n' }, 20_000, 'EUR')).toEqual({
      closingCash: 19_950,
      closingNote: 'Change error',
    });
  });

  it('leaves the note rule to the server when the expected cash could not be read', () => {
    expect(closingCountFromForm({ counted: '10', note: '' }, null, 'EUR')).toEqual({ closingCash: 1_000 });
  });

  it('names a bad count and a note too long at once', () => {
    const result = closingCountFromForm({ counted: 'x', note: 'n'.repeat(1_001) }, 0, 'EUR');
    expect('errors' in result && words(result.errors)).toEqual({
      counted: EUR_RULE,
      note: 'Note: 1,000 characters at most (this one has 1,001)',
    });
  });
});

describe('the server’s refusals of a count', () => {
  it('puts each refusal at its field', () => {
    expect(words(countRefusal(new PosError('closing_note_required', 'x', 409), 'EUR'))).toEqual({
      note: NOTE_REQUIRED,
    });
    expect(words(countRefusal(new PosError('cash_count_required', 'x', 409), 'EUR'))).toEqual({
      counted: 'Counted cash: the server needs the count of the drawer',
    });
    expect(
      words(countRefusal(new PosError('validation_failed', 'x', 400, { field: 'closingCash' }), 'EUR')),
    ).toEqual({ counted: EUR_RULE });
  });

  it('leaves any other failure to the form’s general line', () => {
    expect(countRefusal(new PosError('network', 'x'), 'EUR')).toBeNull();
    expect(countRefusal(new PosError('validation_failed', 'x', 400, { field: 'state' }), 'EUR')).toBeNull();
    expect(countRefusal(new Error('x'), 'EUR')).toBeNull();
  });
});
