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
 * The PATCH body for what the form holds. Only what cannot be sent is refused here (an empty
 * required number, text that is not a number); ranges (frequency 5–86400 s, retention 1–365 days,
 * PIN 4–8 digits) are the server's to check, so its validation message is the one shown. An empty
 * max unverified time sends null (no limit); an empty new PIN leaves the PIN alone.
 */
export function configPatchFromForm(values: ConfigFormValues): ConfigFormResult {
  const frequency = readNumber(values.checkSessionStateFrequency);
  if (frequency === null) return { error: 'Check session state every (s): enter a number of seconds.' };
  const retention = readNumber(values.syncedRetentionDays);
  if (retention === null) return { error: 'Keep synced orders on tablets (days): enter a number of days.' };
  const maxText = values.maxUnverifiedSeconds.trim();
  const maxUnverified = maxText === '' ? null : readNumber(maxText);
  if (maxText !== '' && maxUnverified === null) return { error: 'Max unverified time (s): enter a number of seconds, or leave it empty.' };
  const patch: ConfigPatch = {
    name: values.name.trim(),
    checkSessionStateFrequency: frequency,
    maxUnverifiedSeconds: maxUnverified,
    syncedRetentionDays: retention,
  };
  const pin = values.managerPin.trim();
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
