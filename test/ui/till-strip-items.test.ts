import { describe, expect, it } from 'vitest';
import type { TillText } from '../../src/app/till-messages.js';
import { tillStripItems, type TillStripActions } from '../../src/ui/till-strip-items.js';

const actions: TillStripActions = {
  reload: () => {},
  dismissError: () => {},
  dismissNotice: () => {},
  requestUpdate: () => {},
};
const error: TillText = () => 'The sale could not be saved on this device: the cart is kept, try again.';
const notice: TillText = () => 'The browser may clear this till’s data: install the app on the home screen.';

describe('the message strip', () => {
  it('orders the messages by importance: parts that failed to load, the failure, the update, the notice', () => {
    const items = tillStripItems(
      { partsMissing: true, error, notice, update: 'available', saleInProgress: false },
      actions,
    );
    expect(items.map((i) => i.tone)).toEqual(['error', 'error', 'info', 'notice']);
    expect(items.map((i) => i.text)).toEqual([
      'Payment could not be loaded: the network dropped while the till started. Reload the till.',
      error(),
      'Update available.',
      notice(),
    ]);
  });

  it('keeps a message under one key while it stays (the strip does not jump back to it at each render)', () => {
    const first = tillStripItems(
      { partsMissing: false, error, notice: null, update: 'none', saleInProgress: false },
      actions,
    );
    const again = tillStripItems(
      { partsMissing: false, error, notice: null, update: 'none', saleInProgress: false },
      actions,
    );
    const other = tillStripItems(
      { partsMissing: false, error: () => error(), notice: null, update: 'none', saleInProgress: false },
      actions,
    );
    expect(again[0]?.key).toBe(first[0]?.key);
    expect(other[0]?.key).not.toBe(first[0]?.key);
  });

  it('offers the update after the sale while one is in progress, and nothing when there is none', () => {
    const busy = tillStripItems(
      { partsMissing: false, error: null, notice: null, update: 'available', saleInProgress: true },
      actions,
    );
    expect(busy[0]?.actions.map((a) => a.label)).toEqual(['Update after this sale']);
    expect(
      tillStripItems(
        { partsMissing: false, error: null, notice: null, update: 'none', saleInProgress: false },
        actions,
      ),
    ).toEqual([]);
  });
});
