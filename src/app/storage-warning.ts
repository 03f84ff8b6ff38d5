import {
  forgetStorageWarningDismissal,
  isStorageWarning,
  rememberStorageWarningDismissed,
  requestPersistentStorage,
  storageNotPersisted,
  storageWarningDismissed,
} from './persist-storage.js';
import type { TillStateHolder } from './till-state-holder.js';

/** The browser's storage consent and this device's memory of a dismissed warning. */
export interface StorageConsent {
  /** True when storage is (or becomes) persistent, false when refused, null when unknown. */
  request(): Promise<boolean | null>;
  dismissed(): boolean;
  remember(): void;
  forget(): void;
}

/** {@link StorageConsent} over `navigator.storage` and `localStorage`. */
export const browserStorageConsent: StorageConsent = {
  request: () => requestPersistentStorage(),
  dismissed: () => storageWarningDismissed(),
  remember: () => rememberStorageWarningDismissed(),
  forget: () => forgetStorageWarningDismissal(),
};

/**
 * The non-blocking warning that the browser may clear the till's data: persistent storage is
 * asked for at the first sale (asking earlier would prompt before the tablet is used to sell),
 * and refused storage shows the warning, unless the cashier dismissed it on this device and
 * storage was not granted since.
 */
export class StorageWarning {
  private asked = false;

  constructor(
    private readonly holder: TillStateHolder,
    private readonly consent: StorageConsent = browserStorageConsent,
  ) {}

  /** Asks once per page; later calls do nothing. Never rejects. */
  askOnce(): void {
    if (this.asked) return;
    this.asked = true;
    void this.consent.request().then((granted) => {
      if (granted === true) this.consent.forget();
      if (granted === false && !this.consent.dismissed()) this.holder.set({ notice: storageNotPersisted });
    });
  }

  /** Hides the notice; the storage warning stays dismissed on this device until storage changes. */
  dismissNotice(): void {
    const notice = this.holder.state.notice;
    if (notice && isStorageWarning(notice)) this.consent.remember();
    this.holder.set({ notice: null });
  }
}
