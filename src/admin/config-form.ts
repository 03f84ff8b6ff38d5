import {
  MANAGER_PIN_PATTERN,
  MAX_CHECK_FREQUENCY_S,
  MAX_SYNCED_RETENTION_DAYS,
  MIN_CHECK_FREQUENCY_S,
} from '../domain/config-limits.js';
import type { ConfigPatch } from './admin-types.js';

/** The config form's fields as typed (strings from the inputs). */
export interface ConfigFormValues {
  name: string;
  checkSessionStateFrequency: string;
  maxUnverifiedSeconds: string;
  syncedRetentionDays: string;
  managerPin: string;
}

/** A patch to send, or the message of the first field that cannot be sent at all. */
export type ConfigFormResult = { patch: ConfigPatch } | { error: string };

/**
 * The PATCH body for what the form holds, or the first field's problem in the manager's words,
 * named by its label: a missing or non-numeric number, and the limits the server would refuse
 * (domain/config-limits.ts: frequency 5–86400 s, retention 1–365 days, PIN 4–8 digits). The
 * server checks again. An empty max unverified time sends null (no limit); an empty new PIN
 * leaves the PIN alone.
 */
export function configPatchFromForm(values: ConfigFormValues): ConfigFormResult {
  const frequency = readNumber(values.checkSessionStateFrequency);
  if (frequency === null) return { error: 'Check session state every (s): enter a number of seconds.' };
  if (!Number.isInteger(frequency) || frequency < MIN_CHECK_FREQUENCY_S || frequency > MAX_CHECK_FREQUENCY_S) {
    return { error: `Check session state every (s): a whole number from ${MIN_CHECK_FREQUENCY_S} to ${MAX_CHECK_FREQUENCY_S} (one day).` };
  }
  const retention = readNumber(values.syncedRetentionDays);
  if (retention === null) return { error: 'Keep synced orders on tablets (days): enter a number of days.' };
  if (!Number.isInteger(retention) || retention < 1 || retention > MAX_SYNCED_RETENTION_DAYS) {
    return { error: `Keep synced orders on tablets (days): a whole number from 1 to ${MAX_SYNCED_RETENTION_DAYS}.` };
  }
  const maxText = values.maxUnverifiedSeconds.trim();
  const maxUnverified = maxText === '' ? null : readNumber(maxText);
  if (maxText !== '' && (maxUnverified === null || !Number.isInteger(maxUnverified) || maxUnverified < 1)) {
    return { error: 'Max unverified time (s): a whole number of seconds, or leave it empty for no limit.' };
  }
  const patch: ConfigPatch = {
    name: values.name.trim(),
    checkSessionStateFrequency: frequency,
    maxUnverifiedSeconds: maxUnverified,
    syncedRetentionDays: retention,
  };
  const pin = values.managerPin.trim();
  if (pin !== '' && !MANAGER_PIN_PATTERN.test(pin)) return { error: 'Manager PIN: 4 to 8 digits, nothing else.' };
  if (pin !== '') patch.managerPin = pin;
  return { patch };
}

/** A number typed in a field; null for empty or non-numeric text. */
function readNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
