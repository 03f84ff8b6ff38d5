import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { isRefund } from '../domain/order-rules.js';
import type { PosOrder } from '../domain/pos-order.js';
import { printReceipt } from './print-receipt.js';
import { receiptBody } from './receipt-body.js';
import { baseStyles } from './shared-styles.js';

/**
 * The receipt of the order whose write committed (never shown before the order is durable): shop, session,
 * reference, lines, taxes by rate, total, payments and change; "Print" (80 mm paper, see
 * print-receipt.ts) and a "New sale" button, focused when shown.
 *
 * @fires new-sale - the cashier is done with this receipt.
 */
export class PosReceipt extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        gap: 0.75rem;
      }
      /* In a short box (portrait) the paper scrolls: a shadow at the top or bottom edge says more
         lines are there (scroll shadows: the covers scroll with the content, the shadows do not). */
      .paper {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        border: 2px dashed #6b7280;
        border-radius: 12px;
        padding: 1rem;
        background:
          linear-gradient(#fffef7 30%, rgb(255 254 247 / 0)) center top / 100% 2.5rem no-repeat local,
          linear-gradient(rgb(255 254 247 / 0), #fffef7 70%) center bottom / 100% 2.5rem no-repeat local,
          radial-gradient(farthest-side at 50% 0, rgb(0 0 0 / 0.25), transparent) center top / 100% 0.9rem
            no-repeat scroll,
          radial-gradient(farthest-side at 50% 100%, rgb(0 0 0 / 0.25), transparent) center bottom / 100%
            0.9rem no-repeat scroll,
          #fffef7;
        font-variant-numeric: tabular-nums;
      }
      h2 {
        margin: 0;
        font-size: 1.3rem;
      }
      .head p {
        margin: 0;
      }
      .head {
        margin: 0.25rem 0 0.75rem;
      }
      .shop,
      .refund-title {
        font-weight: 700;
      }
      .refund-title {
        font-size: 1.2rem;
      }
      .ref {
        font-family: ui-monospace, monospace;
        font-size: 1.1rem;
      }
      .barcode {
        display: block;
        width: 100%;
        max-width: 18rem;
        height: 3.5rem;
        margin: 0.75rem auto 0;
      }
      .meta,
      .detail {
        color: #374151;
      }
      .detail {
        font-size: 0.9rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        text-align: start;
        font-weight: 600;
        color: #374151;
      }
      td,
      th {
        padding: 0.2rem 0;
      }
      .num {
        text-align: end;
      }
      .total td {
        font-size: 1.3rem;
        font-weight: 800;
        border-top: 2px solid #111;
        padding-top: 0.4rem;
      }
      .section td {
        padding-top: 0.6rem;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
      }
      .print {
        min-height: 64px;
        font-size: 1.2rem;
      }
      .new-sale {
        flex: 1;
        min-height: 64px;
        font-size: 1.4rem;
      }
    `,
  ];

  static override properties = {
    order: { attribute: false },
    shopName: { attribute: false },
    sessionName: { attribute: false },
    refundOf: { attribute: false },
  };

  declare order: PosOrder | null;
  /** The POS config's name, printed at the top. */
  declare shopName: string | null;
  declare sessionName: string | null;
  /** When the order is a refund: the reference of the order it refunds, or null. */
  declare refundOf: string | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.order = null;
    this.shopName = null;
    this.sessionName = null;
    this.refundOf = null;
  }

  override render() {
    const order = this.order;
    if (!order) return nothing;
    return html`<section class="paper" aria-labelledby="receipt-title">
        <h2 id="receipt-title">${isRefund(order) ? msg('Refund: receipt') : msg('Paid: receipt')}</h2>
        ${receiptBody(order, this.info())}
      </section>
      <div class="actions">
        <button class="print" @click=${this.onPrint}>${msg('Print')}</button>
        <button class="primary new-sale" @click=${this.onNewSale}>${msg('New sale')}</button>
      </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('order') && this.order) this.renderRoot.querySelector<HTMLElement>('.new-sale')?.focus();
  }

  private info() {
    return { shopName: this.shopName, sessionName: this.sessionName, refundOf: this.refundOf };
  }

  private onPrint(): void {
    if (this.order) printReceipt(this.order, this.info());
  }

  private onNewSale(): void {
    this.dispatchEvent(new CustomEvent('new-sale', { bubbles: true, composed: true }));
  }
}

customElements.define('pos-receipt', PosReceipt);

declare global {
  interface HTMLElementTagNameMap {
    'pos-receipt': PosReceipt;
  }
  interface HTMLElementEventMap {
    'new-sale': CustomEvent<undefined>;
  }
}
