import { msg } from '@lit/localize';
import { currentLocale } from '../app/locale.js';
import { MAX_CHECK_FREQUENCY_S, MIN_CHECK_FREQUENCY_S } from '../domain/config-limits.js';
import type { Words } from './admin-errors.js';
import type { NewConfig, PosConfig } from './admin-types.js';
import { configFieldRule, MAX_CONFIG_NAME_LENGTH } from './config-form.js';
import { readWholeNumber } from './whole-number.js';

/** The New register form's fields, in the order shown (the first bad one takes focus). */
export const NEW_REGISTER_FIELDS = [
  'name',
  'currency',
  'checkSessionStateFrequency',
  'copyCatalogFrom',
] as const;
export type NewRegisterField = (typeof NEW_REGISTER_FIELDS)[number];

/** The form as typed: `copyCatalogFrom` is the chosen config's id as text, '' for none. */
export type NewRegisterValues = Record<NewRegisterField, string>;

/** Each bad field's problem in the manager's words. */
export type NewRegisterErrors = Partial<Record<NewRegisterField, Words>>;

/**
 * The `POST /api/configs` body for what the form holds, or each bad field's problem (then nothing
 * is sent): name 1–80 characters once trimmed, currency three letters (ISO 4217; typed in lower
 * case it is sent in capitals), frequency a whole number of seconds 5–86,400 read as the config
 * form reads it (whole-number.ts), and the config to copy the catalog from, one of `known` that
 * sells in that currency (another's prices would be other amounts; the server refuses it too).
 */
export function newConfigFromForm(
  values: NewRegisterValues,
  known: readonly Pick<PosConfig, 'id' | 'currency'>[],
  locale: string = currentLocale(),
): { body: NewConfig } | { errors: NewRegisterErrors } {
  const errors: NewRegisterErrors = {};
  const name = values.name.trim();
  if (name === '' || name.length > MAX_CONFIG_NAME_LENGTH) errors.name = () => configFieldRule('name');
  const currency = values.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = () => newRegisterRule('currency');
  const frequency = readWholeNumber(values.checkSessionStateFrequency, locale);
  if (frequency === null || frequency < MIN_CHECK_FREQUENCY_S || frequency > MAX_CHECK_FREQUENCY_S)
    errors.checkSessionStateFrequency = () => configFieldRule('checkSessionStateFrequency');
  const source = known.find((c) => String(c.id) === values.copyCatalogFrom);
  if (values.copyCatalogFrom !== '' && source?.currency !== currency)
    errors.copyCatalogFrom = () => newRegisterRule('copyCatalogFrom');
  if (Object.keys(errors).length > 0 || frequency === null) return { errors };
  const body: NewConfig = { name, currency, checkSessionStateFrequency: frequency };
  // The API takes a config's id as a number (its ids are integers; Id allows strings too).
  if (source !== undefined) body.copyCatalogFrom = Number(source.id);
  return { body };
}

/** The rule of a field of the New register form, prefixed by its label (also what a server refusal of it shows). */
export function newRegisterRule(field: NewRegisterField, locale: string = currentLocale()): string {
  switch (field) {
    case 'name':
    case 'checkSessionStateFrequency':
      return configFieldRule(field, locale);
    case 'currency':
      return msg('Currency: a currency code of 3 letters (ISO 4217), such as EUR, USD or JPY');
    case 'copyCatalogFrom':
      return msg(
        'Copy the catalog from: choose a register of the list that sells in the same currency, or none',
      );
  }
}

/** The form field a server's `error.field` names, or null for another. */
export function newRegisterFieldOf(path: string | null | undefined): NewRegisterField | null {
  const head = path?.split('.')[0] ?? '';
  return (NEW_REGISTER_FIELDS as readonly string[]).includes(head) ? (head as NewRegisterField) : null;
}
