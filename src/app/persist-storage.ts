import { msg } from '@lit/localize';
import type { TillText } from './till-messages.js';

/** Where this device remembers that the storage warning was dismissed (page only). */
export const STORAGE_WARNING_DISMISSED_KEY = 'pos-shell.storage-warning-dismissed';

/** The warning shown when the browser refuses persistent storage, in the till's language. */
export const storageNotPersisted: TillText = () =>
  msg('The browser may clear this till’s data: install the app on the home screen.');

/** True when `text` is the storage warning (its dismissal is remembered). */
export function isStorageWarning(text: TillText): boolean {
  return text === storageNotPersisted;
}

/** True when the storage warning was dismissed on this device and storage was not granted since. */
export function storageWarningDismissed(
  storage: Pick<Storage, 'getItem'> | undefined = safeLocalStorage(),
): boolean {
  try {
    return storage?.getItem(STORAGE_WARNING_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers on this device that the cashier dismissed the storage warning. */
export function rememberStorageWarningDismissed(
  storage: Pick<Storage, 'setItem'> | undefined = safeLocalStorage(),
): void {
  try {
    storage?.setItem(STORAGE_WARNING_DISMISSED_KEY, '1');
  } catch {
    // A full quota or a private window: the warning may come back after a reload, which is safe.
  }
}

/** Forgets the dismissal: storage became persistent, so a later refusal is a new situation. */
export function forgetStorageWarningDismissal(
  storage: Pick<Storage, 'removeItem'> | undefined = safeLocalStorage(),
): void {
  try {
    storage?.removeItem(STORAGE_WARNING_DISMISSED_KEY);
  } catch {
    // Nothing to forget where nothing can be stored.
  }
}

/**
 * Asks the browser to keep this origin's storage (at the first sale on the device, so the browser does not
 * evict the outbox). Resolves true when storage is (or becomes) persistent, false when refused, null when the
 * browser has no StorageManager. Never throws.
 */
export async function requestPersistentStorage(
  storage: StorageManager | undefined = navigator.storage,
): Promise<boolean | null> {
  if (!storage || typeof storage.persist !== 'function') return null;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** `localStorage`, or undefined where reading it throws (some private modes). */
function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
