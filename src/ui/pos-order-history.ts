import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { OrderEntry, OutboxStatus } from '../store/db.js';
import { formatMoney, formatTime } from './money.js';
import { printReceipt } from './print-receipt.js';
import { receiptBody, type ReceiptInfo } from './receipt-body.js';
import { baseStyles } from './shared-styles.js';
import { paymentStyles } from './pos-payment.styles.js';

/** What each outbox state means to a cashier. */
function statusText(entry: OrderEntry): string {
  const words: Record<OutboxStatus, () => string> = {
    pending: () => msg('Waiting to be sent'),
    synced: () => msg('Sent'),
    held: () => msg('Held: its session was closed'),
    rejected: () => msg('Refused by the server'),
  };
  return words[entry.status]();
}

/**
 * The orders of the current session kept on this device, newest first, each with its outbox
 * state; tapping one shows its receipt, which can be printed again. A modal panel like payment.
 *
 * @fires history-close - the cashier closed the panel.
 */
export class PosOrderHistory extends LitElement {
  static override styles = [
    baseStyles,
    paymentStyles,
    css`
      .panel {
        width: min(720px, 100%);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li + li {
        border-top: 1px solid #d1d5db;
      }
      .order {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0.25rem 1rem;
        width: 100%;
        border: none;
        border-radius: 0;
        text-align: start;
        padding: 0.6rem 0.25rem;
      }
      .ref {
        font-family: ui-monospace, monospace;
      }
      .amount {
        font-weight: 800;
        text-align: end;
      }
      .state {
        grid-column: 2 / -1;
        font-weight: 600;
      }
      .state-pending {
        color: #92400e;
      }
      .state-synced {
        color: #166534;
      }
      .state-held,
      .state-rejected {
        color: #b91c1c;
      }
      .reason {
        display: block;
        font-weight: 400;
        color: #374151;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        text-align: start;
      }
      .num {
        text-align: end;
      }
      .total td {
        font-weight: 800;
        border-top: 2px solid #111;
      }
      .head p {
        margin: 0;
      }
      .detail {
        font-size: 0.9rem;
        color: #374151;
      }
    `,
  ];

  static override properties = {
    entries: { attribute: false },
    error: { attribute: false },
    shopName: { attribute: false },
    sessionName: { attribute: false },
    selected: { state: true },
  };

  /** The orders, newest first; null while they are being read. */
  declare entries: readonly OrderEntry[] | null;
  /** Why they could not be read, or null. */
  declare error: string | null;
  declare shopName: string | null;
  declare sessionName: string | null;
  /** Uuid of the order whose receipt is shown, or null for the list. */
  declare selected: string | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.entries = null;
    this.error = null;
    this.shopName = null;
    this.sessionName = null;
    this.selected = null;
  }

  override render() {
    const entry = this.entries?.find((e) => e.uuid === this.selected);
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="history-title">
        <h2 id="history-title">${msg('Orders of this session')}</h2>
        ${entry ? this.renderReceipt(entry) : this.renderList()}
        <div class="actions">
          ${
            entry
              ? html`<button @click=${() => printReceipt(entry.order, this.info())}>${msg('Print')}</button>
                  <button @click=${() => (this.selected = null)}>${msg('Back to the list')}</button>`
              : nothing
          }
          <button class="primary close" @click=${this.close}>${msg('Close')}</button>
        </div>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('.close')?.focus();
  }

  private renderList() {
    if (this.error) return html`<p class="hint" role="alert">${this.error}</p>`;
    if (this.entries === null) return html`<p>${msg('Reading the orders…')}</p>`;
    if (this.entries.length === 0) return html`<p>${msg('No order yet in this session on this device.')}</p>`;
    return html`<p>${msg(str`${this.entries.length} orders on this device.`)}</p>
      <ul>
        ${this.entries.map(
          (e) =>
            html`<li>
              <button class="order" @click=${() => (this.selected = e.uuid)}>
                <span>${formatTime(e.order.createdAt)}</span>
                <span class="ref">${e.order.reference}</span>
                <span class="amount">${formatMoney(e.order.amountTotal, e.order.currency)}</span>
                <span class="state state-${e.status}"
                  >${statusText(e)}${e.lastError && e.status !== 'synced' ? html`<span class="reason">${e.lastError.message}</span>` : nothing}</span
                >
              </button>
            </li>`,
        )}
      </ul>`;
  }

  private renderReceipt(entry: OrderEntry) {
    return html`<p class="state state-${entry.status}">${statusText(entry)}</p>
      ${receiptBody(entry.order, this.info())}`;
  }

  private info(): ReceiptInfo {
    return { shopName: this.shopName, sessionName: this.sessionName };
  }

  private close(): void {
    this.selected = null;
    this.dispatchEvent(new CustomEvent('history-close', { bubbles: true, composed: true }));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  }
}

customElements.define('pos-order-history', PosOrderHistory);

declare global {
  interface HTMLElementTagNameMap {
    'pos-order-history': PosOrderHistory;
  }
  interface HTMLElementEventMap {
    'history-close': CustomEvent<undefined>;
  }
}
