import { msg, str } from '@lit/localize';
import { currentLocale } from '../app/locale.js';
import {
  MANAGER_PIN_PATTERN,
  MAX_CHECK_FREQUENCY_S,
  MAX_SYNCED_RETENTION_DAYS,
  MIN_CHECK_FREQUENCY_S,
} from '../domain/config-limits.js';
import type { Words } from './admin-errors.js';
import { formatNumber } from './admin-format.js';
import type { ConfigPatch } from './admin-types.js';
import { readWholeNumber } from './whole-number.js';

/** Longest POS config name the server takes (its ConfigPatchSchema: trimmed, 1–80 characters). */
export const MAX_CONFIG_NAME_LENGTH = 80;
/**
 * Longest max unverified time the form takes (s): a year. The server takes any positive whole
 * number; past a year the limit means "none" in practice, and the form must not take a figure it
 * cannot keep exactly (the till counts it in ms, exact only below 2^53).
 */
export const MAX_UNVERIFIED_S = 365 * 86_400;

/** The settings form's fields, in the order they are shown (the first bad one takes focus). */
export const CONFIG_FIELDS = [
  'name',
  'checkSessionStateFrequency',
  'maxUnverifiedSeconds',
  'syncedRetentionDays',
  'managerPin',
  'cashControl',
  'timeZone',
] as const;
export type ConfigField = (typeof CONFIG_FIELDS)[number];

/**
 * The config form's fields as typed (strings from the inputs, as FormData gives them): the cash
 * control checkbox is `'on'` when ticked and `''` when not.
 */
export type ConfigFormValues = Record<ConfigField, string>;

/** What is wrong with each bad field, in the manager's words; a field that is fine is absent. */
export type ConfigFieldErrors = Partial<Record<ConfigField, Words>>;

/** A patch to send, or every bad field's problem (then nothing may be sent). */
export type ConfigFormResult = { patch: ConfigPatch } | { errors: ConfigFieldErrors };

/**
 * The PATCH body for what the form holds, or the problem of each field the server would refuse
 * (domain/config-limits.ts and the server's schema: name 1–80 characters, frequency 5–86,400 s,
 * max unverified time 1 s to a year or empty, retention 1–365 days, PIN 4–8 digits, a time zone
 * Intl knows), named by
 * its label. Numbers are whole numbers typed as such: "7.5", "1e3", "12 s" are refused, never
 * rounded or read in part; a PIN is taken exactly as typed (no trimming). An empty max unverified
 * time sends null (no limit); an empty new PIN leaves the PIN alone. `locale` says which digit
 * grouping a number may carry ("86,400", "86 400").
 */
export function configPatchFromForm(
  values: ConfigFormValues,
  locale: string = currentLocale(),
): ConfigFormResult {
  const errors: ConfigFieldErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = () => msg('Name: type a name');
  else if (name.length > MAX_CONFIG_NAME_LENGTH) errors.name = () => nameTooLong(name.length);

  const frequency = readWholeNumber(values.checkSessionStateFrequency, locale);
  const frequencyOk =
    frequency !== null && frequency >= MIN_CHECK_FREQUENCY_S && frequency <= MAX_CHECK_FREQUENCY_S;
  if (!frequencyOk) errors.checkSessionStateFrequency = () => configFieldRule('checkSessionStateFrequency');

  const maxEmpty = values.maxUnverifiedSeconds.trim() === '';
  const maxUnverified = maxEmpty ? null : readWholeNumber(values.maxUnverifiedSeconds, locale);
  if (!maxEmpty && (maxUnverified === null || maxUnverified < 1 || maxUnverified > MAX_UNVERIFIED_S)) {
    errors.maxUnverifiedSeconds = () => configFieldRule('maxUnverifiedSeconds');
  }

  const retention = readWholeNumber(values.syncedRetentionDays, locale);
  if (retention === null || retention < 1 || retention > MAX_SYNCED_RETENTION_DAYS)
    errors.syncedRetentionDays = () => configFieldRule('syncedRetentionDays');

  const pin = values.managerPin;
  if (pin !== '' && !MANAGER_PIN_PATTERN.test(pin)) {
    errors.managerPin = /^\d+$/.test(pin)
      ? () => msg(str`Manager PIN: 4 to 8 digits (this one has ${formatNumber(pin.length)})`)
      : () => configFieldRule('managerPin');
  }

  const timeZone = values.timeZone;
  if (!isTimeZone(timeZone)) errors.timeZone = () => configFieldRule('timeZone');

  if (Object.keys(errors).length > 0 || frequency === null || retention === null) return { errors };
  const patch: ConfigPatch = {
    name,
    checkSessionStateFrequency: frequency,
    maxUnverifiedSeconds: maxUnverified,
    syncedRetentionDays: retention,
    cashControl: values.cashControl === 'on',
    timeZone,
  };
  if (pin !== '') patch.managerPin = pin;
  return { patch };
}

/** "Name: 80 characters at most (this one has 93)". */
function nameTooLong(length: number): string {
  return msg(
    str`Name: ${formatNumber(MAX_CONFIG_NAME_LENGTH)} characters at most (this one has ${formatNumber(length)})`,
  );
}

/**
 * The rule of `field` in the manager's words, prefixed by its label: what the form says of a bad
 * value, and what it says when the server refuses the field (`error.field` of a 400).
 */
export function configFieldRule(field: ConfigField, locale: string = currentLocale()): string {
  const n = (value: number) => formatNumber(value, locale);
  switch (field) {
    case 'name':
      return msg(str`Name: type a name of ${n(MAX_CONFIG_NAME_LENGTH)} characters at most`);
    case 'checkSessionStateFrequency':
      return msg(
        str`Check session state every: a whole number of seconds from ${n(MIN_CHECK_FREQUENCY_S)} to ${n(MAX_CHECK_FREQUENCY_S)}`,
      );
    case 'maxUnverifiedSeconds':
      return msg(
        str`Max unverified time: a whole number of seconds from 1 to ${n(MAX_UNVERIFIED_S)} (a year), or empty for no limit`,
      );
    case 'syncedRetentionDays':
      return msg(
        str`Keep synced orders on tablets: a whole number of days from 1 to ${n(MAX_SYNCED_RETENTION_DAYS)}`,
      );
    case 'managerPin':
      return msg('Manager PIN: 4 to 8 digits, nothing else');
    case 'cashControl':
      return msg('Cash control: on or off');
    case 'timeZone':
      return msg('Time zone: choose one of the list');
  }
}

/** True when `name` is a time zone this browser's Intl knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zones the form offers: every one Intl lists, with UTC (which Chromium leaves out of
 * its list) and `current` (the config's, which this browser may not list) when missing, sorted.
 */
export function timeZoneChoices(current: string): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...listed, 'UTC', current])].filter((zone) => zone !== '').sort();
}

/** The form field a server's `error.field` dot path names (`managerPin`, `name.0`), or null for another. */
export function configFieldOf(path: string | null | undefined): ConfigField | null {
  const head = path?.split('.')[0] ?? '';
  return (CONFIG_FIELDS as readonly string[]).includes(head) ? (head as ConfigField) : null;
}
