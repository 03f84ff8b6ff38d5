import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { failureSentence } from '../app/till-messages.js';
import { isRefund } from '../domain/order-rules.js';
import type { PosOrder } from '../domain/pos-order.js';
import { fullyRefunded } from '../domain/refund-draft.js';
import type { OrderEntry, OutboxStatus } from '../store/db.js';
import { refundBar } from '../store/outbox-repo.js';
import { formatMoney, formatTime } from './money.js';
import { printReceipt } from './print-receipt.js';
import { receiptBody, type ReceiptInfo } from './receipt-body.js';
import { baseStyles } from './shared-styles.js';
import { paymentStyles } from './pos-payment.styles.js';

/**
 * The uuids of the sales among `entries` whose every unit was refunded by refunds among them:
 * the refunds grouped by the sale they name first, so a long history costs one pass, not one pass
 * per row.
 */
function fullyRefundedSales(entries: readonly OrderEntry[]): Set<string> {
  const refundsOf = new Map<string, PosOrder[]>();
  for (const { order } of entries) {
    const of = order.refundOf?.toLowerCase();
    if (!of) continue;
    const refunds = refundsOf.get(of);
    if (refunds) refunds.push(order);
    else refundsOf.set(of, [order]);
  }
  const done = new Set<string>();
  for (const { uuid, order } of entries) {
    const refunds = refundsOf.get(uuid.toLowerCase());
    if (refunds && fullyRefunded(order, refunds)) done.add(uuid);
  }
  return done;
}

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
 * Why an entry waits or was refused, under its state: for a refused order, what the code means in
 * the till's language, then the server's own words (English) as the detail a manager needs (they
 * name the lines and units at fault); for the rest, the message the sync runner kept.
 */
function reasonLine(entry: OrderEntry) {
  const error = entry.lastError;
  if (!error || entry.status === 'synced') return nothing;
  if (entry.status !== 'rejected') return html`<span class="reason">${error.message}</span>`;
  return html`<span class="reason"
    >${failureSentence(error.code)}<small class="detail" lang="en">${error.message}</small></span
  >`;
}

/** Detail of `refund-open`. */
export interface RefundOpenDetail {
  /** Uuid of the sale to refund. */
  uuid: string;
}

/** Detail of `refund-lookup`. */
export interface RefundLookupDetail {
  /** The reference typed (trimmed): of an order this tablet may not hold. */
  reference: string;
}

/**
 * The orders of the current session kept on this device, newest first, each with its outbox
 * state; tapping one shows its receipt, which can be printed again. Each sale sent or waiting to be
 * sent has a Refund button ("Refunded" once the refunds listed here took back all it sold);
 * refunds are marked as such, with the order they refund. An earlier order (another tablet's,
 * an earlier session's) is found by its reference (looked up on the server when online), and a
 * refund without receipt starts here too. A modal panel like payment.
 *
 * @fires history-close - the cashier closed the panel.
 * @fires refund-lookup - {@link RefundLookupDetail}: the cashier asked to refund the order of a reference.
 * @fires refund-no-receipt - the cashier asked for a refund without receipt.
 * @fires refund-open - {@link RefundOpenDetail}: the cashier asked to refund a sale.
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
      li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .refund {
        flex: none;
        min-height: 48px;
      }
      .refunded {
        flex: none;
        font-weight: 700;
        color: #166534;
        padding: 0 0.5rem;
      }
      .kind {
        grid-column: 2 / -1;
        font-weight: 700;
      }
      .order {
        flex: 1;
        min-width: 0;
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
      .reason .detail {
        display: block;
      }
      .lookup {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.5rem;
        margin-bottom: 0.75rem;
      }
      .lookup label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-weight: 600;
        flex: 1;
      }
      .lookup [role='alert'] {
        flex-basis: 100%;
      }
    `,
  ];

  static override properties = {
    entries: { attribute: false },
    error: { attribute: false },
    shopName: { attribute: false },
    sessionName: { attribute: false },
    lookupProblem: { attribute: false },
    selected: { state: true },
  };

  /** The orders, newest first; null while they are being read. */
  declare entries: readonly OrderEntry[] | null;
  /** Why they could not be read, or null. */
  declare error: string | null;
  declare shopName: string | null;
  declare sessionName: string | null;
  /** Why the last reference looked up opened no refund, or null. */
  declare lookupProblem: string | null;
  /** Uuid of the order whose receipt is shown, or null for the list. */
  declare selected: string | null;
  /** The uuids of the sales among `entries` nothing is left to refund of; derived when they change. */
  private refundedSales: ReadonlySet<string> = new Set();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.entries = null;
    this.error = null;
    this.shopName = null;
    this.sessionName = null;
    this.lookupProblem = null;
    this.selected = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries')) this.refundedSales = fullyRefundedSales(this.entries ?? []);
  }

  override render() {
    const entry = this.entries?.find((e) => e.uuid === this.selected);
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="history-title">
        <h2 id="history-title">${msg('Orders of this session')}</h2>
        ${entry ? this.renderReceipt(entry) : html`${this.renderLookup()} ${this.renderList()}`}
        <div class="actions">
          ${
            entry
              ? html`<button @click=${() => printReceipt(entry.order, this.info())}>${msg('Print')}</button>
                  <button @click=${() => (this.selected = null)}>${msg('Back to the list')}</button>`
              : html`<button class="no-receipt" @click=${this.askNoReceipt}>
                  ${msg('Refund without receipt')}
                </button>`
          }
          <button class="primary close" @click=${this.close}>${msg('Close')}</button>
        </div>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('.close')?.focus();
  }

  /** The field to refund an earlier order by its reference (another tablet's, an earlier session's). */
  private renderLookup() {
    return html`<form class="lookup" novalidate @submit=${this.onLookup}>
      <label
        >${msg('Refund an earlier order (reference)')}
        <input
          id="lookup-reference"
          name="reference"
          autocomplete="off"
          inputmode="numeric"
          placeholder="00042-003-0017"
          aria-describedby=${this.lookupProblem ? 'lookup-problem' : nothing}
          @input=${() => (this.lookupProblem = null)}
        />
      </label>
      <button type="submit">${msg('Find')}</button>
      <div role="alert">
        ${this.lookupProblem ? html`<p id="lookup-problem" class="hint">${this.lookupProblem}</p>` : nothing}
      </div>
    </form>`;
  }

  private readonly onLookup = (event: Event): void => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#lookup-reference');
    const reference = input?.value.trim() ?? '';
    if (reference === '') {
      this.lookupProblem = msg('Type or scan the reference printed on the receipt.');
      return;
    }
    this.dispatchEvent(
      new CustomEvent<RefundLookupDetail>('refund-lookup', {
        detail: { reference },
        bubbles: true,
        composed: true,
      }),
    );
  };

  private readonly askNoReceipt = (): void => {
    this.dispatchEvent(new CustomEvent('refund-no-receipt', { bubbles: true, composed: true }));
  };

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
                ${
                  isRefund(e.order)
                    ? html`<span class="kind"
                        >${e.refundOfReference ? msg(str`Refund of order ${e.refundOfReference}`) : msg('Refund')}</span
                      >`
                    : nothing
                }
                <span class="state state-${e.status}">${statusText(e)}${reasonLine(e)}</span>
              </button>
              ${this.renderRefundAction(e)}
            </li>`,
        )}
      </ul>`;
  }

  /**
   * Refund, or "Refunded" once nothing is left: for a sale sent or waiting to be sent (a held or
   * refused one is not on the server, which would refuse its refund); nothing on a refund.
   */
  private renderRefundAction(entry: OrderEntry) {
    // The entries are this session's: a refund made now is in the entry's own session.
    if (refundBar(entry, entry.sessionId)) return nothing;
    if (this.refundedSales.has(entry.uuid)) return html`<span class="refunded">${msg('Refunded')}</span>`;
    return html`<button
      class="refund"
      aria-label=${msg(str`Refund order ${entry.order.reference}`)}
      @click=${() => this.openRefund(entry.uuid)}
    >
      ${msg('Refund')}
    </button>`;
  }

  private openRefund(uuid: string): void {
    this.dispatchEvent(
      new CustomEvent<RefundOpenDetail>('refund-open', { detail: { uuid }, bubbles: true, composed: true }),
    );
  }

  private renderReceipt(entry: OrderEntry) {
    return html`<p class="state state-${entry.status}">${statusText(entry)}</p>
      ${receiptBody(entry.order, this.info())}`;
  }

  private info(): ReceiptInfo {
    const entry = this.entries?.find((e) => e.uuid === this.selected);
    return {
      shopName: this.shopName,
      sessionName: this.sessionName,
      refundOf: entry?.refundOfReference ?? null,
    };
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
    'refund-open': CustomEvent<RefundOpenDetail>;
    'refund-lookup': CustomEvent<RefundLookupDetail>;
    'refund-no-receipt': CustomEvent<undefined>;
  }
}
