import { describe, expect, it } from 'vitest';
import { OUTBOX_SYNC_TAG as PAGE_TAG } from '../../src/bridge/sw-bridge.js';
import { OUTBOX_SYNC_TAG as WORKER_TAG } from '../../sw/handle-page-message.js';

describe('Background Sync of the outbox', () => {
  it('the page registers the very tag the worker flushes on', () => {
    expect(PAGE_TAG).toBe(WORKER_TAG);
    expect(PAGE_TAG).toBe('pos-outbox-flush');
  });
});
