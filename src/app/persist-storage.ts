import { msg } from '@lit/localize';

/** The warning shown when the browser refuses persistent storage (C10), in the till's language. */
export function storageNotPersisted(): string {
  return msg('Storage may be cleared by the browser: sync often, and install the app on the home screen.');
}

/**
 * Asks the browser to keep this origin's storage (C10: at the first sale on the device). Resolves
 * true when storage is (or becomes) persistent, false when refused, null when the browser has no
 * StorageManager. Never throws.
 */
export async function requestPersistentStorage(storage: StorageManager | undefined = navigator.storage): Promise<boolean | null> {
  if (!storage || typeof storage.persist !== 'function') return null;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
