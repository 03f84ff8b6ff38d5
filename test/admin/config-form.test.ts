import { describe, expect, it } from 'vitest';
import { configPatchFromForm, type ConfigFormValues } from '../../src/admin/config-form.js';

const form = (values: Partial<ConfigFormValues> = {}): ConfigFormValues => ({
  name: 'Main counter',
  checkSessionStateFrequency: '60',
  maxUnverifiedSeconds: '',
  syncedRetentionDays: '7',
  managerPin: '',
  ...values,
});

describe('configPatchFromForm', () => {
  it('sends numbers, null for an empty max unverified time, and no PIN when none is typed', () => {
    expect(configPatchFromForm(form({ checkSessionStateFrequency: ' 5 ', name: ' Bar ' }))).toEqual({
      patch: { name: 'Bar', checkSessionStateFrequency: 5, maxUnverifiedSeconds: null, syncedRetentionDays: 7 },
    });
  });

  it('sends a typed PIN and a max unverified time', () => {
    const result = configPatchFromForm(form({ managerPin: '2468', maxUnverifiedSeconds: '300' }));
    expect(result).toMatchObject({ patch: { managerPin: '2468', maxUnverifiedSeconds: 300 } });
  });

  it('refuses what the server would refuse, in the words of the field\'s label: a frequency of 2 s, a 3-digit PIN, 400 days', () => {
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '2' }))).toEqual({ error: expect.stringMatching(/^Check session state every \(s\): a whole number from 5 to 86400/) });
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '7.5' }))).toEqual({ error: expect.stringMatching(/^Check session state every/) });
    expect(configPatchFromForm(form({ managerPin: '123' }))).toEqual({ error: expect.stringMatching(/^Manager PIN: 4 to 8 digits/) });
    expect(configPatchFromForm(form({ syncedRetentionDays: '400' }))).toEqual({ error: expect.stringMatching(/from 1 to 365/) });
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '5', managerPin: '12345678' }))).toMatchObject({
      patch: { checkSessionStateFrequency: 5, managerPin: '12345678' },
    });
  });

  it('refuses what cannot be sent at all, naming the field', () => {
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '' }))).toEqual({ error: expect.stringMatching(/^Check session state every/) });
    expect(configPatchFromForm(form({ syncedRetentionDays: 'abc' }))).toEqual({ error: expect.stringMatching(/days/) });
    expect(configPatchFromForm(form({ maxUnverifiedSeconds: 'x' }))).toEqual({ error: expect.stringMatching(/^Max unverified/) });
  });
});
