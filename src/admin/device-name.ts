import { msg, str } from '@lit/localize';
import type { Words } from './admin-errors.js';
import { formatNumber } from './admin-format.js';

/** Longest device name the server takes (`PATCH /api/devices/:id`: trimmed, 1–40 characters). */
export const MAX_DEVICE_NAME_LENGTH = 40;

/** What names a device: the name the manager gave it, its number, its id as a last resort. */
export interface NamedDevice {
  deviceId: string;
  deviceNumber: number | null;
  name?: string | null;
}

/** How the back office names a device everywhere: its name, else "Tablet 3" (its number). */
export function deviceLabel(device: NamedDevice): string {
  if (device.name) return device.name;
  return msg(str`Tablet ${device.deviceNumber ?? device.deviceId}`);
}

/**
 * The name to send for what the rename field holds: trimmed; empty clears the name (null, the
 * device is "Tablet N" again); longer than {@link MAX_DEVICE_NAME_LENGTH} characters is refused
 * with the manager's message, never cut.
 */
export function deviceNameFromForm(text: string): { name: string | null } | { error: Words } {
  const name = text.trim();
  if (name === '') return { name: null };
  if (name.length > MAX_DEVICE_NAME_LENGTH) {
    return {
      error: () =>
        msg(
          str`Name: ${formatNumber(MAX_DEVICE_NAME_LENGTH)} characters at most (this one has ${formatNumber(name.length)})`,
        ),
    };
  }
  return { name };
}
