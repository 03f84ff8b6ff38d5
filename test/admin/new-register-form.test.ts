import { describe, expect, it } from 'vitest';
import { newConfigFromForm, type NewRegisterValues } from '../../src/admin/new-register-form.js';

const form = (values: Partial<NewRegisterValues> = {}): NewRegisterValues => ({
  name: 'Terrace',
  currency: 'EUR',
  checkSessionStateFrequency: '60',
  copyCatalogFrom: '',
  ...values,
});

function refused(result: ReturnType<typeof newConfigFromForm>): string[] {
  if (!('errors' in result)) throw new Error(`expected a refusal, got ${JSON.stringify(result.body)}`);
  return Object.keys(result.errors).sort();
}

const MAIN = { id: 1, currency: 'EUR' };
const TOKYO = { id: 2, currency: 'JPY' };

describe('the New register form', () => {
  it('sends the name trimmed, the currency in capitals and the catalog to copy by its id', () => {
    expect(
      newConfigFromForm(
        form({ name: ' Terrace ', currency: 'eur', copyCatalogFrom: '1' }),
        [MAIN, TOKYO],
        'en',
      ),
    ).toEqual({
      body: { name: 'Terrace', currency: 'EUR', checkSessionStateFrequency: 60, copyCatalogFrom: 1 },
    });
    expect(newConfigFromForm(form({ checkSessionStateFrequency: '86,400' }), [MAIN], 'en')).toEqual({
      body: { name: 'Terrace', currency: 'EUR', checkSessionStateFrequency: 86_400 },
    });
  });

  it('names every bad field and sends nothing', () => {
    expect(
      refused(
        newConfigFromForm(
          { name: '', currency: 'EURO', checkSessionStateFrequency: '7.5', copyCatalogFrom: '9' },
          [MAIN],
          'en',
        ),
      ),
    ).toEqual(['checkSessionStateFrequency', 'copyCatalogFrom', 'currency', 'name']);
    expect(refused(newConfigFromForm(form({ currency: '€' }), [], 'en'))).toEqual(['currency']);
    // A catalog in yen copied into a register in euros would sell at other amounts.
    expect(refused(newConfigFromForm(form({ copyCatalogFrom: '2' }), [MAIN, TOKYO], 'en'))).toEqual([
      'copyCatalogFrom',
    ]);
    expect(refused(newConfigFromForm(form({ checkSessionStateFrequency: '4' }), [], 'en'))).toEqual([
      'checkSessionStateFrequency',
    ]);
  });
});
