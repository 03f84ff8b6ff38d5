import { msg } from '@lit/localize';
import type { TillText } from '../app/till-messages.js';
import type { UpdateStatus } from '../app/update-flow.js';
import type { StripItem } from './pos-alert-strip.js';

/** What the shell knows that becomes a message of the strip. */
export interface TillStripInput {
  /** The payment panel, receipt or Held orders area could not be loaded: no Pay button. */
  partsMissing: boolean;
  /** A failure the cashier must see (not shown here while the payment panel shows it). */
  error: TillText | null;
  /** A non-blocking warning. */
  notice: TillText | null;
  update: UpdateStatus;
  /** A sale is in progress: an accepted update waits for its end. */
  saleInProgress: boolean;
}

/** What the strip's buttons do. */
export interface TillStripActions {
  reload: () => void;
  dismissError: () => void;
  dismissNotice: () => void;
  requestUpdate: () => void;
}

/**
 * The till's messages in order of importance (the strip shows the first new one): parts that
 * failed to load, the last failure, the update prompt (an update is applied only between sales, never in the
 * middle of one), then the notice. Texts are read now, in the till's language of the moment.
 */
export function tillStripItems(input: TillStripInput, actions: TillStripActions): StripItem[] {
  const items: StripItem[] = [];
  if (input.partsMissing) {
    items.push({
      key: 'parts-missing',
      tone: 'error',
      text: msg('Payment could not be loaded: the network dropped while the till started. Reload the till.'),
      actions: [{ label: msg('Reload'), run: actions.reload, primary: true }],
    });
  }
  if (input.error) {
    items.push({
      key: `error:${textKey(input.error)}`,
      tone: 'error',
      text: input.error(),
      actions: [{ label: msg('Dismiss'), run: actions.dismissError }],
    });
  }
  const update = updateItem(input.update, input.saleInProgress, actions.requestUpdate);
  if (update) items.push(update);
  if (input.notice) {
    items.push({
      key: `notice:${textKey(input.notice)}`,
      tone: 'notice',
      text: input.notice(),
      actions: [{ label: msg('Dismiss'), run: actions.dismissNotice }],
    });
  }
  return items;
}

/** The "Update available" prompt for `status`, or null when there is nothing to say. */
function updateItem(status: UpdateStatus, busy: boolean, request: () => void): StripItem | null {
  const item = (text: string, actions: StripItem['actions'] = []): StripItem => ({
    key: `update:${status}`,
    tone: 'info',
    text,
    actions,
  });
  switch (status) {
    case 'available':
      return item(msg('Update available.'), [
        { label: busy ? msg('Update after this sale') : msg('Update'), run: request, primary: true },
      ]);
    case 'after-sale':
      return item(msg('Update available: the till updates right after this sale.'));
    case 'applying':
      return item(msg('Updating the till…'));
    case 'failed':
      return item(msg('The update could not be applied.'), [
        { label: msg('Try again'), run: request, primary: true },
      ]);
    case 'none':
      return null;
  }
}

const textKeys = new WeakMap<TillText, number>();
let lastTextKey = 0;

/** A key per text function: the same message keeps its key in every language. */
function textKey(text: TillText): number {
  let key = textKeys.get(text);
  if (key === undefined) {
    key = ++lastTextKey;
    textKeys.set(text, key);
  }
  return key;
}
