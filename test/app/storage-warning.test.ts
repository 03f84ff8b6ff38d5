import { describe, expect, it } from 'vitest';
import { storageNotPersisted } from '../../src/app/persist-storage.js';
import { StorageWarning, type StorageConsent } from '../../src/app/storage-warning.js';
import { initialTillState } from '../../src/app/till-state.js';
import { TillStateHolder } from '../../src/app/till-state-holder.js';
import { waitFor } from '../kit/wait-for.js';

/** A browser that answers `granted` to every request; `log` records what the warning did. */
function consent(granted: boolean | null, dismissed = false) {
  const log: string[] = [];
  const fake: StorageConsent & { log: string[] } = {
    log,
    request: () => {
      log.push('request');
      return Promise.resolve(granted);
    },
    dismissed: () => dismissed,
    remember: () => void log.push('remember'),
    forget: () => void log.push('forget'),
  };
  return fake;
}

describe('the storage warning', () => {
  it('asks for persistent storage once, at the first sale, and warns when the browser refuses', async () => {
    const holder = new TillStateHolder(initialTillState(true), () => 0);
    const browser = consent(false);
    const warning = new StorageWarning(holder, browser);
    warning.askOnce();
    warning.askOnce();
    await waitFor('the warning', () => holder.state.notice);
    expect(holder.state.notice).toBe(storageNotPersisted);
    expect(browser.log).toEqual(['request']);
  });

  it('a warning dismissed on this device stays dismissed, and its dismissal is remembered', async () => {
    const holder = new TillStateHolder(initialTillState(true), () => 0);
    const browser = consent(false);
    const warning = new StorageWarning(holder, browser);
    warning.askOnce();
    await waitFor('the warning', () => holder.state.notice);
    warning.dismissNotice();
    expect(holder.state.notice).toBeNull();
    expect(browser.log).toEqual(['request', 'remember']);

    const later = new TillStateHolder(initialTillState(true), () => 0);
    const remembered = consent(false, true);
    new StorageWarning(later, remembered).askOnce();
    await waitFor('the answer', () => remembered.log.length === 1);
    await Promise.resolve();
    expect(later.state.notice).toBeNull();
  });

  it('granted storage forgets an old dismissal, so a later refusal warns again', async () => {
    const holder = new TillStateHolder(initialTillState(true), () => 0);
    const browser = consent(true, true);
    new StorageWarning(holder, browser).askOnce();
    await waitFor('the answer', () => browser.log.includes('forget'));
    expect(holder.state.notice).toBeNull();
  });
});
