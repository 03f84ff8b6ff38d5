import { describe, expect, it } from 'vitest';
import { cartBlockReason, saleBlockReason, salePauseAt, type SaleContext } from '../../src/app/sale-guard.js';
import { recordFromSession } from '../../src/sync/build-session-record.js';
import { makeSession } from '../store/fixtures.js';

const CHECKED_AT = 1_000_000;

/** A paired till whose session was verified at CHECKED_AT (device and server clocks agree). */
function till(state: 'opened' | 'closed' = 'opened', maxUnverifiedSeconds: number | null = 60): SaleContext {
  const record = recordFromSession(
    makeSession({ state, maxUnverifiedSeconds }),
    CHECKED_AT,
    CHECKED_AT,
    60_000,
  );
  return { pairing: 'paired', sessionRecord: record, deviceNumber: 1, currency: 'EUR' };
}

describe('the sale guard', () => {
  it('pauses Pay once the session went unverified past maxUnverifiedSeconds, and says the cart is kept', () => {
    expect(saleBlockReason(till(), CHECKED_AT + 60_000)).toBeNull();
    expect(saleBlockReason(till(), CHECKED_AT + 60_001)?.()).toBe(
      'Sales are paused: the session has not been verified for more than 1 min. Connect to the network; the cart is kept.',
    );
  });

  it('lets the cart grow while only the verification is too old (no order exists before Pay)', () => {
    expect(cartBlockReason(till())).toBeNull();
    expect(cartBlockReason(till('closed'))?.()).toMatch(/is closed\. No new sale can be made\./);
  });

  it('knows the moment the pause begins, so the till re-evaluates then and not only on the next change', () => {
    expect(salePauseAt(till())).toBe(CHECKED_AT + 60_001);
    expect(salePauseAt(till('opened', null))).toBeNull();
    expect(salePauseAt(till('closed'))).toBeNull();
  });
});
