import { LitElement, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Cart } from '../domain/cart.js';
import { cartTotals, lineTotal } from '../domain/order-totals.js';
import type { OrderLine } from '../domain/pos-order.js';
import { formatMoney, formatRate } from './money.js';
import { cartStyles } from './pos-cart.styles.js';
import { baseStyles } from './shared-styles.js';

/** Discounts offered as one tap, in whole percent (0 takes the discount off). */
const QUICK_DISCOUNTS_PERCENT = [0, 5, 10, 15, 20, 50] as const;

/** Detail of `line-quantity`. */
export interface LineQuantityDetail {
  index: number;
  quantity: number;
}

/** Detail of `line-remove`. */
export interface LineRemoveDetail {
  index: number;
}

/** Detail of `line-discount`. */
export interface LineDiscountDetail {
  index: number;
  /** Whole percent, 0–100. */
  percent: number;
}

/**
 * The sale being made: one row per line with − / +, a percent discount, Remove, the line total,
 * and the total; "Clear" empties the cart after a confirmation.
 *
 * @fires line-quantity - {@link LineQuantityDetail}: the cashier changed a quantity (0 removes).
 * @fires line-remove - {@link LineRemoveDetail}: the cashier removed a line.
 * @fires line-discount - {@link LineDiscountDetail}: the cashier set a line's discount.
 * @fires cart-clear - the cashier confirmed emptying the cart.
 */
export class PosCart extends LitElement {
  static override styles = [baseStyles, cartStyles];

  static override properties = {
    lines: { attribute: false },
    currency: { attribute: false },
    confirmingClear: { state: true },
    discountIndex: { state: true },
    discountText: { state: true },
  };

  declare lines: Cart;
  declare currency: string | null;
  /** True while "Clear the cart?" waits for an answer. */
  declare confirmingClear: boolean;
  /** Line whose discount editor is open, or null. */
  declare discountIndex: number | null;
  declare discountText: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.lines = [];
    this.currency = null;
    this.confirmingClear = false;
    this.discountIndex = null;
    this.discountText = '';
  }

  override render() {
    const money = (minor: number) => formatMoney(minor, this.currency);
    const empty = this.lines.length === 0;
    return html`
      <div class="head">
        <h2 id="cart-title">${msg('Current sale')}</h2>
        ${empty || this.confirmingClear ? nothing : html`<button class="remove" @click=${() => (this.confirmingClear = true)}>${msg('Clear')}</button>`}
      </div>
      ${this.confirmingClear && !empty ? this.renderConfirm() : nothing}
      ${empty
        ? html`<p class="empty">${msg('The cart is empty: tap a product to add it.')}</p>`
        : html`<ul aria-labelledby="cart-title">
            ${this.lines.map((line, index) => this.renderLine(line, index, money))}
          </ul>`}
      <div class="total"><span>${msg('Total')}</span><span>${money(cartTotals(this.lines).amountTotal)}</span></div>
    `;
  }

  override willUpdate(): void {
    if (this.lines.length === 0) this.confirmingClear = false;
    if (this.discountIndex !== null && this.discountIndex >= this.lines.length) this.discountIndex = null;
  }

  private renderConfirm() {
    return html`<div class="confirm" role="alert">
      <span>${msg(str`Remove all ${this.lines.length} lines from the cart?`)}</span>
      <button class="danger" @click=${this.onClearConfirmed}>${msg('Clear the cart')}</button>
      <button @click=${() => (this.confirmingClear = false)}>${msg('Keep the cart')}</button>
    </div>`;
  }

  private renderLine(line: OrderLine, index: number, money: (minor: number) => string) {
    const editing = this.discountIndex === index;
    const full = line.unitPrice * line.quantity;
    return html`<li>
      <span class="name">${line.name}</span>
      <span class="line-total">${line.discount > 0 ? html`<span class="was">${money(full)}</span>` : nothing}${money(lineTotal(line))}</span>
      <div class="controls">
        <button class="step" aria-label=${msg(str`Decrease quantity of ${line.name}`)} @click=${() => this.emitQuantity(index, line.quantity - 1)}>−</button>
        <span class="qty"><span class="visually-hidden">${msg('Quantity')} </span>${line.quantity}</span>
        <button class="step" aria-label=${msg(str`Increase quantity of ${line.name}`)} @click=${() => this.emitQuantity(index, line.quantity + 1)}>+</button>
        <span class="unit">× ${money(line.unitPrice)}</span>
        <button
          aria-label=${line.discount > 0 ? `−${formatRate(line.discount * 100)}: ${msg(str`Discount on ${line.name}`)}` : msg(str`Discount on ${line.name}`)}
          aria-expanded=${editing ? 'true' : 'false'}
          @click=${() => this.toggleDiscount(index, line)}
        >
          ${line.discount > 0 ? `−${formatRate(line.discount * 100)}` : msg('Discount')}
        </button>
        <button class="remove" aria-label=${msg(str`Remove ${line.name}`)} @click=${() => this.emitRemove(index)}>${msg('Remove')}</button>
      </div>
      ${editing ? this.renderDiscountEditor(line, index) : nothing}
    </li>`;
  }

  private renderDiscountEditor(line: OrderLine, index: number) {
    return html`<div class="discount-editor" role="group" aria-label=${msg(str`Discount on ${line.name}`)}>
      ${QUICK_DISCOUNTS_PERCENT.map(
        (p) =>
          html`<button aria-pressed=${line.discount === p ? 'true' : 'false'} @click=${() => this.applyDiscount(index, p)}>
            ${p === 0 ? msg('None') : formatRate(p * 100)}
          </button>`,
      )}
      <label
        ><span class="visually-hidden">${msg('Discount in percent')}</span
        ><input
          inputmode="numeric"
          autocomplete="off"
          placeholder="%"
          .value=${this.discountText}
          @input=${(e: Event) => (this.discountText = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.applyTypedDiscount(index)}
      /></label>
      <button @click=${() => this.applyTypedDiscount(index)}>${msg('Apply')}</button>
    </div>`;
  }

  private toggleDiscount(index: number, line: OrderLine): void {
    this.discountIndex = this.discountIndex === index ? null : index;
    this.discountText = line.discount > 0 ? String(line.discount) : '';
  }

  private applyTypedDiscount(index: number): void {
    const percent = Number(this.discountText.trim().replace(',', '.'));
    if (this.discountText.trim() === '' || !Number.isFinite(percent)) return;
    this.applyDiscount(index, percent);
  }

  private applyDiscount(index: number, percent: number): void {
    const clamped = Math.min(100, Math.max(0, Math.trunc(percent)));
    this.discountIndex = null;
    this.dispatchEvent(new CustomEvent<LineDiscountDetail>('line-discount', { detail: { index, percent: clamped }, bubbles: true, composed: true }));
  }

  private onClearConfirmed(): void {
    this.confirmingClear = false;
    this.discountIndex = null;
    this.dispatchEvent(new CustomEvent('cart-clear', { bubbles: true, composed: true }));
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
    'line-discount': CustomEvent<LineDiscountDetail>;
    'cart-clear': CustomEvent<undefined>;
  }
}
