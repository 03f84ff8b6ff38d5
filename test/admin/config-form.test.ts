import { describe, expect, it } from 'vitest';
import {
  configFieldOf,
  configFieldRule,
  configPatchFromForm,
  timeZoneChoices,
  type ConfigFormResult,
  type ConfigFormValues,
} from '../../src/admin/config-form.js';

const form = (values: Partial<ConfigFormValues> = {}): ConfigFormValues => ({
  name: 'Main counter',
  checkSessionStateFrequency: '60',
  maxUnverifiedSeconds: '',
  syncedRetentionDays: '7',
  managerPin: '',
  cashControl: '',
  timeZone: 'UTC',
  ...values,
});

/** The message of each bad field, as the manager reads it; throws when a patch came out instead. */
function refusals(result: ConfigFormResult): Record<string, string> {
  if (!('errors' in result))
    throw new Error(`expected a refusal, got a patch: ${JSON.stringify(result.patch)}`);
  return Object.fromEntries(Object.entries(result.errors).map(([field, words]) => [field, words?.() ?? '']));
}

const FREQUENCY = 'Check session state every: a whole number of seconds from 5 to 86,400';
const MAX_UNVERIFIED =
  'Max unverified time: a whole number of seconds from 1 to 31,536,000 (a year), or empty for no limit';
const RETENTION = 'Keep synced orders on tablets: a whole number of days from 1 to 365';

describe('configPatchFromForm', () => {
  it('sends numbers, null for an empty max unverified time, and no PIN when none is typed', () => {
    expect(configPatchFromForm(form({ checkSessionStateFrequency: ' 5 ', name: ' Bar ' }))).toEqual({
      patch: {
        name: 'Bar',
        checkSessionStateFrequency: 5,
        maxUnverifiedSeconds: null,
        syncedRetentionDays: 7,
        cashControl: false,
        timeZone: 'UTC',
      },
    });
  });

  it('sends cash control as the checkbox says and the time zone chosen', () => {
    expect(configPatchFromForm(form({ cashControl: 'on', timeZone: 'Europe/Paris' }))).toMatchObject({
      patch: { cashControl: true, timeZone: 'Europe/Paris' },
    });
    expect(configPatchFromForm(form({ cashControl: '' }))).toMatchObject({ patch: { cashControl: false } });
  });

  it('refuses a time zone the browser does not know, at its field, instead of sending it', () => {
    expect(refusals(configPatchFromForm(form({ timeZone: 'Mars/Olympus' })))).toEqual({
      timeZone: 'Time zone: choose one of the list',
    });
    expect(refusals(configPatchFromForm(form({ timeZone: '' })))).toEqual({
      timeZone: 'Time zone: choose one of the list',
    });
  });

  it('offers every zone Intl lists, UTC and the config’s own, each once and sorted', () => {
    const choices = timeZoneChoices('Europe/Paris');
    expect(choices).toContain('UTC');
    expect(choices.filter((zone) => zone === 'Europe/Paris')).toHaveLength(1);
    expect([...choices].sort()).toEqual(choices);
    expect(timeZoneChoices('Etc/GMT+5')).toContain('Etc/GMT+5');
  });

  it('sends a typed PIN and a max unverified time, and the limits themselves', () => {
    expect(configPatchFromForm(form({ managerPin: '2468', maxUnverifiedSeconds: '300' }))).toMatchObject({
      patch: { managerPin: '2468', maxUnverifiedSeconds: 300 },
    });
    expect(
      configPatchFromForm(
        form({
          checkSessionStateFrequency: '86400',
          syncedRetentionDays: '365',
          maxUnverifiedSeconds: '31536000',
          managerPin: '12345678',
        }),
      ),
    ).toMatchObject({
      patch: {
        checkSessionStateFrequency: 86_400,
        syncedRetentionDays: 365,
        maxUnverifiedSeconds: 31_536_000,
        managerPin: '12345678',
      },
    });
    expect(configPatchFromForm(form({ name: 'x'.repeat(80) }))).toMatchObject({
      patch: { name: 'x'.repeat(80) },
    });
  });

  it('reads a number grouped the way the page’s language writes it, and only that way', () => {
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '86,400' }), 'en')).toMatchObject({
      patch: { checkSessionStateFrequency: 86_400 },
    });
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '86\u202f400' }), 'fr')).toMatchObject({
      patch: { checkSessionStateFrequency: 86_400 },
    });
    expect(configPatchFromForm(form({ checkSessionStateFrequency: '86 400' }), 'fr')).toMatchObject({
      patch: { checkSessionStateFrequency: 86_400 },
    });
    // A comma is a decimal in French, a misplaced group in English: never guessed.
    expect(refusals(configPatchFromForm(form({ checkSessionStateFrequency: '86,400' }), 'fr'))).toEqual({
      checkSessionStateFrequency: FREQUENCY,
    });
    expect(refusals(configPatchFromForm(form({ checkSessionStateFrequency: '8,6400' }), 'en'))).toEqual({
      checkSessionStateFrequency: FREQUENCY,
    });
  });

  it('refuses an empty name, or a name too long, at the name field', () => {
    expect(refusals(configPatchFromForm(form({ name: '' })))).toEqual({ name: 'Name: type a name' });
    expect(refusals(configPatchFromForm(form({ name: '   ' })))).toEqual({ name: 'Name: type a name' });
    expect(refusals(configPatchFromForm(form({ name: 'x'.repeat(93) })))).toEqual({
      name: 'Name: 80 characters at most (this one has 93)',
    });
  });

  it.each([
    ['empty', ''],
    ['letters', 'abc'],
    ['a number with a unit', '60 s'],
    ['a decimal', '7.5'],
    ['a French decimal', '7,5'],
    ['an exponent', '1e3'],
    ['a negative number', '-60'],
    ['below the range', '4'],
    ['above the range', '86401'],
    ['a number too large to hold', '99999999999999999999'],
  ])('refuses a check frequency that is %s (%j), in the words of its field', (_kind, value) => {
    expect(refusals(configPatchFromForm(form({ checkSessionStateFrequency: value })))).toEqual({
      checkSessionStateFrequency: FREQUENCY,
    });
  });

  it.each([
    ['letters', 'x'],
    ['a decimal', '1.5'],
    ['zero', '0'],
    ['a negative number', '-5'],
    ['more than a year', '31536001'],
  ])('refuses a max unverified time that is %s (%j); empty is no limit', (_kind, value) => {
    expect(refusals(configPatchFromForm(form({ maxUnverifiedSeconds: value })))).toEqual({
      maxUnverifiedSeconds: MAX_UNVERIFIED,
    });
  });

  it.each([
    ['empty', ''],
    ['letters', 'a week'],
    ['a decimal', '7.5'],
    ['zero', '0'],
    ['above the range', '400'],
  ])('refuses a synced retention that is %s (%j)', (_kind, value) => {
    expect(refusals(configPatchFromForm(form({ syncedRetentionDays: value })))).toEqual({
      syncedRetentionDays: RETENTION,
    });
  });

  it('refuses a 9-digit PIN as it is, never cut to 8, saying how many digits it has', () => {
    expect(refusals(configPatchFromForm(form({ managerPin: '123456789' })))).toEqual({
      managerPin: 'Manager PIN: 4 to 8 digits (this one has 9)',
    });
    expect(refusals(configPatchFromForm(form({ managerPin: '123' })))).toEqual({
      managerPin: 'Manager PIN: 4 to 8 digits (this one has 3)',
    });
  });

  it.each([
    ['letters', 'abcd'],
    ['a space inside', '12 34'],
    ['a space around it (never trimmed: the PIN that works must be the one typed)', ' 1234'],
    ['a decimal point', '12.34'],
    ['full-width digits', '１２３４'],
  ])('refuses a PIN with %s', (_kind, value) => {
    expect(refusals(configPatchFromForm(form({ managerPin: value })))).toEqual({
      managerPin: 'Manager PIN: 4 to 8 digits, nothing else',
    });
  });

  it('names every bad field at once, so the manager sees them all', () => {
    expect(
      refusals(
        configPatchFromForm({
          name: '',
          checkSessionStateFrequency: '2',
          maxUnverifiedSeconds: 'x',
          syncedRetentionDays: '0',
          managerPin: '123456789',
          cashControl: 'on',
          timeZone: 'Nowhere/Town',
        }),
      ),
    ).toEqual({
      name: 'Name: type a name',
      checkSessionStateFrequency: FREQUENCY,
      maxUnverifiedSeconds: MAX_UNVERIFIED,
      syncedRetentionDays: RETENTION,
      managerPin: 'Manager PIN: 4 to 8 digits (this one has 9)',
      timeZone: 'Time zone: choose one of the list',
    });
  });

  it('never words a limit in the schema’s terms', () => {
    const all = Object.values(
      refusals(
        configPatchFromForm({
          name: '',
          checkSessionStateFrequency: '2',
          maxUnverifiedSeconds: 'x',
          syncedRetentionDays: '0',
          managerPin: 'x',
          cashControl: '',
          timeZone: 'x',
        }),
      ),
    );
    for (const text of all) expect(text).not.toMatch(/expected|>=|<=|Too small|Too big|Invalid|regex/i);
  });
});

describe('the server’s error.field', () => {
  it('names a field of the form by the head of its dot path, anything else by nothing', () => {
    expect(configFieldOf('managerPin')).toBe('managerPin');
    expect(configFieldOf('name.0')).toBe('name');
    expect(configFieldOf('currency')).toBeNull();
    expect(configFieldOf(undefined)).toBeNull();
    expect(configFieldOf('')).toBeNull();
  });

  it('gets the form’s own sentence for that field', () => {
    expect(configFieldRule('checkSessionStateFrequency')).toBe(FREQUENCY);
    expect(configFieldRule('name')).toBe('Name: type a name of 80 characters at most');
    expect(configFieldRule('managerPin')).toBe('Manager PIN: 4 to 8 digits, nothing else');
  });
});
