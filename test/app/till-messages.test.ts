import { describe, expect, it } from 'vitest';
import { failureSentence, saleErrorText, tillMessages } from '../../src/app/till-messages.js';
import { ERROR_CODES, PosError } from '../../src/domain/pos-error.js';

/** What a browser or the sync runner puts in an error's message: never for the cashier's eyes. */
const TECHNICAL = 'TypeError: Failed to fetch';

describe("the cashier's words for a failure", () => {
  it('never shows an exception\'s text ("The server could not be reached (TypeError: Failed to fetch)"): every code gets its own clause', () => {
    const clauses = new Set<string>();
    for (const code of [...ERROR_CODES, 'some_future_code']) {
      const clause = failureSentence(code);
      expect(clause).not.toContain(TECHNICAL);
      expect(clause).not.toContain(code);
      expect(clause).toMatch(/^[a-z]/); // a clause that fits into the till's sentences
      clauses.add(clause);
    }
    expect(failureSentence('network')).toBe('the server cannot be reached');
    expect(clauses.size).toBeGreaterThan(10);
  });

  it('a failed sale says the cart is kept, not the storage error the browser gave', () => {
    for (const code of ['storage_full', 'storage_failed', 'internal'] as const) {
      const text = saleErrorText(new PosError(code, 'QuotaExceededError: The quota has been exceeded.'))();
      expect(text).not.toMatch(/Quota|exceeded/);
      expect(text).toMatch(/cart is kept/);
    }
  });

  it('a failed refresh names what happened by its code and says that selling goes on', () => {
    expect(tillMessages.refreshFailed('timeout')).toBe(
      'Could not refresh from the server (the server did not answer in time): selling goes on with the data on this device.',
    );
  });
});
