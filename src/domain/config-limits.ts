/**
 * The limits of a POS config's settings, as plain numbers (no zod), so the back office can tell
 * the manager before sending what the server's schemas (pos-config.ts, manager-pin.ts) will refuse.
 */

/** Seconds between session checks when a POS config says nothing (Odoo addon default). */
export const DEFAULT_CHECK_FREQUENCY_S = 60;
/** Lowest check frequency a POS config may set: faster would load the server for no gain. */
export const MIN_CHECK_FREQUENCY_S = 5;
/** Highest check frequency a POS config may set: one day. */
export const MAX_CHECK_FREQUENCY_S = 86_400;
/** Days a `synced` outbox entry stays on the device for receipts and history. */
export const DEFAULT_SYNCED_RETENTION_DAYS = 7;
/** Longest retention a POS config may set: a year of receipts on a tablet is plenty. */
export const MAX_SYNCED_RETENTION_DAYS = 365;
/** A manager PIN: 4 to 8 digits. */
export const MANAGER_PIN_PATTERN = /^\d{4,8}$/;
/** Longest name a manager may give a tablet ("Counter tablet 1"), after trimming. */
export const MAX_DEVICE_NAME_LENGTH = 40;
