import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { lineTotal, taxesByRate } from '../domain/order-totals.js';
import type { PosOrder } from '../domain/pos-order.js';
import { formatMoney } from './money.js';
import { baseStyles } from './shared-styles.js';

/** "20 %", "5.5 %": a rate in basis points. */
function formatRate(basisPoints: number): string {
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(basisPoints / 100)} %`;
}

/**
 * The receipt of the order whose write committed (C06: never shown before): reference, lines,
 * taxes by rate, total, payments and change, and a "New sale" button, focused when shown.
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
      .paper {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        border: 2px dashed #6b7280;
        border-radius: 12px;
        padding: 1rem;
        background: #fffef7;
        font-variant-numeric: tabular-nums;
      }
      h2 {
        margin: 0;
        font-size: 1.3rem;
      }
      .ref {
        font-family: ui-monospace, monospace;
        font-size: 1.1rem;
        margin: 0.25rem 0 0.75rem;
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
      .new-sale {
        min-height: 64px;
        font-size: 1.4rem;
      }
    `,
  ];

  static override properties = {
    order: { attribute: false },
  };

  declare order: PosOrder | null;

  constructor() {
    super();
    this.order = null;
  }

  override render() {
    const order = this.order;
    if (!order) return nothing;
    const money = (minor: number) => formatMoney(minor, order.currency);
    return html`<section class="paper" aria-labelledby="receipt-title">
        <h2 id="receipt-title">Paid: receipt</h2>
        <p class="ref">Order ${order.reference}</p>
        <table>
          <thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th></tr></thead>
          <tbody>
            ${order.lines.map((l) => html`<tr><td>${l.name}</td><td class="num">${l.quantity}</td><td class="num">${money(lineTotal(l))}</td></tr>`)}
            <tr class="total"><td colspan="2">Total</td><td class="num">${money(order.amountTotal)}</td></tr>
            ${taxesByRate(order.lines).map(
              (t) => html`<tr><td colspan="2">Tax ${formatRate(t.taxRate)} included (on ${money(t.total)})</td><td class="num">${money(t.tax)}</td></tr>`,
            )}
            ${order.payments.map(
              (p, i) => html`<tr class=${i === 0 ? 'section' : ''}><td colspan="2">${p.method === 'cash' ? 'Cash' : 'Card'}</td><td class="num">${money(p.amount)}</td></tr>`,
            )}
            <tr><td colspan="2">Change</td><td class="num">${money(order.amountReturn)}</td></tr>
          </tbody>
        </table>
      </section>
      <button class="primary new-sale" @click=${this.onNewSale}>New sale</button>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('order') && this.order) this.renderRoot.querySelector<HTMLElement>('.new-sale')?.focus();
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
