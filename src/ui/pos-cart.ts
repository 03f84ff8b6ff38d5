import { LitElement, css, html } from 'lit';
import type { Cart } from '../domain/cart.js';
import { cartTotals, lineTotal } from '../domain/order-totals.js';
import { formatMoney } from './money.js';
import { baseStyles } from './shared-styles.js';

/** Detail of `line-quantity`. */
export interface LineQuantityDetail {
  index: number;
  quantity: number;
}

/** Detail of `line-remove`. */
export interface LineRemoveDetail {
  index: number;
}

/**
 * The sale being made: one row per line with − / + and Remove, the line total, and the total.
 *
 * @fires line-quantity - {@link LineQuantityDetail}: the cashier changed a quantity (0 removes).
 * @fires line-remove - {@link LineRemoveDetail}: the cashier removed a line.
 */
export class PosCart extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.3rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        flex: 1;
        min-height: 0;
        overflow-y: auto;
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.35rem 0.75rem;
        padding: 0.6rem 0;
        border-bottom: 1px solid #d1d5db;
      }
      .name {
        font-weight: 700;
        font-size: 1.1rem;
      }
      .unit {
        color: #374151;
      }
      .line-total {
        font-weight: 700;
        font-size: 1.1rem;
        text-align: end;
      }
      .controls {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .qty {
        min-width: 2.5ch;
        text-align: center;
        font-weight: 700;
        font-size: 1.2rem;
      }
      .step {
        font-size: 1.4rem;
        line-height: 1;
        padding: 0;
        width: 48px;
      }
      .remove {
        margin-inline-start: auto;
        font-size: 0.95rem;
        border-color: #b91c1c;
        color: #b91c1c;
      }
      .empty {
        color: #374151;
        font-size: 1.1rem;
      }
      .total {
        display: flex;
        justify-content: space-between;
        font-size: 1.5rem;
        font-weight: 800;
        padding-top: 0.6rem;
      }
    `,
  ];

  static override properties = {
    lines: { attribute: false },
    currency: { attribute: false },
  };

  declare lines: Cart;
  declare currency: string | null;

  constructor() {
    super();
    this.lines = [];
    this.currency = null;
  }

  override render() {
    const money = (minor: number) => formatMoney(minor, this.currency);
    return html`
      <h2 id="cart-title">Current sale</h2>
      ${this.lines.length === 0
        ? html`<p class="empty">The cart is empty: tap a product to add it.</p>`
        : html`<ul aria-labelledby="cart-title">
            ${this.lines.map(
              (line, index) => html`<li>
                <span class="name">${line.name}</span>
                <span class="line-total">${money(lineTotal(line))}</span>
                <div class="controls">
                  <button class="step" aria-label="Decrease quantity of ${line.name}" @click=${() => this.emitQuantity(index, line.quantity - 1)}>−</button>
                  <span class="qty"><span class="visually-hidden">Quantity </span>${line.quantity}</span>
                  <button class="step" aria-label="Increase quantity of ${line.name}" @click=${() => this.emitQuantity(index, line.quantity + 1)}>+</button>
                  <span class="unit">× ${money(line.unitPrice)}</span>
                  <button class="remove" aria-label="Remove ${line.name}" @click=${() => this.emitRemove(index)}>Remove</button>
                </div>
              </li>`,
            )}
          </ul>`}
      <div class="total"><span>Total</span><span>${money(cartTotals(this.lines).amountTotal)}</span></div>
    `;
  }

  private emitQuantity(index: number, quantity: number): void {
    this.dispatchEvent(new CustomEvent<LineQuantityDetail>('line-quantity', { detail: { index, quantity }, bubbles: true, composed: true }));
  }

  private emitRemove(index: number): void {
    this.dispatchEvent(new CustomEvent<LineRemoveDetail>('line-remove', { detail: { index }, bubbles: true, composed: true }));
  }
}

customElements.define('pos-cart', PosCart);

declare global {
  interface HTMLElementTagNameMap {
    'pos-cart': PosCart;
  }
  interface HTMLElementEventMap {
    'line-quantity': CustomEvent<LineQuantityDetail>;
    'line-remove': CustomEvent<LineRemoveDetail>;
  }
}
