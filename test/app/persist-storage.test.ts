import { describe, expect, it } from 'vitest';
import {
  forgetStorageWarningDismissal,
  isStorageWarning,
  rememberStorageWarningDismissed,
  storageNotPersisted,
  storageWarningDismissed,
} from '../../src/app/persist-storage.js';

/** A Storage kept in a Map, as localStorage behaves. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

describe('the storage warning', () => {
  it('stays dismissed on the device until storage is granted (then a later refusal warns again)', () => {
    const storage = memoryStorage();
    expect(storageWarningDismissed(storage)).toBe(false);
    rememberStorageWarningDismissed(storage);
    expect(storageWarningDismissed(storage)).toBe(true);
    forgetStorageWarningDismissal(storage);
    expect(storageWarningDismissed(storage)).toBe(false);
  });

  it('is told apart from other notices by identity, whatever the language it is read in', () => {
    expect(isStorageWarning(storageNotPersisted)).toBe(true);
    expect(isStorageWarning(() => storageNotPersisted())).toBe(false);
  });

  it('a storage that throws (a private window) never breaks a sale', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(storageWarningDismissed(broken)).toBe(false);
    expect(() => rememberStorageWarningDismissed(broken)).not.toThrow();
    expect(() => forgetStorageWarningDismissal(broken)).not.toThrow();
  });
});
