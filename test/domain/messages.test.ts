import { describe, expect, it } from 'vitest';
import { parsePageMessage, parseWorkerMessage } from '../../src/domain/messages.js';

describe('messages', () => {
  it('parses every page message and refuses anything else', () => {
    for (const type of ['heartbeat', 'check-now', 'flush-now', 'skip-waiting'])
      expect(parsePageMessage({ type })).toEqual({ type });
    expect(parsePageMessage({ type: 'reboot' })).toBeNull();
    expect(parsePageMessage('heartbeat')).toBeNull();
    expect(parsePageMessage({ type: 'session-pushed', session: { id: 1 } })).toBeNull();
  });

  it('reads worker messages by type', () => {
    expect(parseWorkerMessage({ type: 'outbox-changed', counts: {} })).not.toBeNull();
    expect(parseWorkerMessage({ type: 'session-state' })).toBeNull();
    expect(
      parseWorkerMessage({ type: 'device-unpaired', unpaired: { code: 'device_revoked', at: 1 } }),
    ).not.toBeNull();
    expect(parseWorkerMessage({ type: 'device-unpaired' })).toBeNull();
    expect(parseWorkerMessage(null)).toBeNull();
  });
});
