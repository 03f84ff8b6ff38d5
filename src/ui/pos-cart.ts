import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { quantityProblem, type Cart } from '../domain/cart.js';
import { cartTotals, lineTotal } from '../domain/order-totals.js';
import type { OrderLine } from '../domain/pos-order.js';
import { readTypedDiscount } from '../domain/typed-discount.js';
import { discountMessage, quantityMessage } from './input-messages.js';
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
  /** Whole percent, 0–100 (checked with discountProblem before it is sent). */
  percent: number;
}

/** Why something the cashier asked of one line was refused, shown under that line. */
interface LineProblem {
  index: number;
  text: string;
}

/**
 * The sale being made: one row per line with − / +, the quantity (a tap opens a number pad,
 * `pos-number-pad`, loaded on first use), a percent discount, Remove, the line total, and the
 * total; "Clear" empties the cart after a confirmation. What the cashier types is taken exactly
 * or refused with the reason at the field (discount) or on the pad (quantity): events carry only
 * values the cart accepts (quantityProblem, readTypedDiscount), so the cart never changes silently.
 *
 * @fires line-quantity - {@link LineQuantityDetail}: the cashier changed a quantity (1 to MAX_LINE_QUANTITY, or 0: − on 1 removes).
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
    discountProblem: { state: true },
    padIndex: { state: true },
    lineProblem: { state: true },
  };

  declare lines: Cart;
  declare currency: string | null;
  /** True while "Clear the cart?" waits for an answer. */
  declare confirmingClear: boolean;
  /** Line whose discount editor is open, or null. */
  declare discountIndex: number | null;
  declare discountText: string;
  /** Why the typed discount was refused, shown at its field; null when none. */
  declare discountProblem: string | null;
  /** Line whose quantity the number pad is typing, or null. */
  declare padIndex: number | null;
  declare lineProblem: LineProblem | null;
  /** The line whose quantity button takes focus back after the pad closed. */
  private focusQuantityOf: number | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.lines = [];
    this.currency = null;
    this.confirmingClear = false;
    this.discountIndex = null;
    this.discountText = '';
    this.discountProblem = null;
    this.padIndex = null;
    this.lineProblem = null;
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
      ${
        empty
          ? html`<p class="empty">${msg('The cart is empty: tap a product to add it.')}</p>`
          : html`<ul aria-labelledby="cart-title">
              ${this.lines.map((line, index) => this.renderLine(line, index, money))}
            </ul>`
      }
      <div class="total">
        <span>${msg('Total')}</span><span>${money(cartTotals(this.lines).amountTotal)}</span>
      </div>
      ${this.renderPad()}
    `;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.lines.length === 0) this.confirmingClear = false;
    if (this.discountIndex !== null && this.discountIndex >= this.lines.length) this.discountIndex = null;
    if (this.padIndex !== null && this.padIndex >= this.lines.length) this.padIndex = null;
    if (changed.has('lines')) this.lineProblem = null;
  }

  override updated(): void {
    if (this.focusQuantityOf === null || this.padIndex !== null) return;
    this.renderRoot.querySelector<HTMLElement>(`button.qty[data-index="${this.focusQuantityOf}"]`)?.focus();
    this.focusQuantityOf = null;
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
      <span class="line-total"
        >${line.discount > 0 ? html`<span class="was">${money(full)}</span>` : nothing}${money(lineTotal(line))}</span
      >
      <div class="controls">
        <button
          class="step"
          aria-label=${msg(str`Decrease quantity of ${line.name}`)}
          @click=${() => this.emitQuantity(index, line.quantity - 1)}
        >
          −
        </button>
        <button
          class="qty"
          data-index=${index}
          aria-haspopup="dialog"
          aria-label=${msg(str`Quantity of ${line.name}: ${line.quantity}`)}
          @click=${() => void this.openPad(index)}
        >
          ${line.quantity}
        </button>
        <button
          class="step"
          aria-label=${msg(str`Increase quantity of ${line.name}`)}
          @click=${() => this.increase(index, line)}
        >
          +
        </button>
        <span class="unit">× ${money(line.unitPrice)}</span>
        <button
          aria-label=${line.discount > 0 ? `−${formatRate(line.discount * 100)}: ${msg(str`Discount on ${line.name}`)}` : msg(str`Discount on ${line.name}`)}
          aria-expanded=${editing ? 'true' : 'false'}
          @click=${() => this.toggleDiscount(index, line)}
        >
          ${line.discount > 0 ? `−${formatRate(line.discount * 100)}` : msg('Discount')}
        </button>
        <button
          class="remove"
          aria-label=${msg(str`Remove ${line.name}`)}
          @click=${() => this.emitRemove(index)}
        >
          ${msg('Remove')}
        </button>
      </div>
      ${editing ? this.renderDiscountEditor(line, index) : nothing}
      ${this.lineProblem?.index === index ? html`<p class="line-problem" role="alert">${this.lineProblem.text}</p>` : nothing}
    </li>`;
  }

  private renderDiscountEditor(line: OrderLine, index: number) {
    return html`<div class="discount-editor" role="group" aria-label=${msg(str`Discount on ${line.name}`)}>
      ${QUICK_DISCOUNTS_PERCENT.map(
        (p) =>
          html`<button
            aria-pressed=${line.discount === p ? 'true' : 'false'}
            @click=${() => this.applyDiscount(index, p)}
          >
            ${p === 0 ? msg('None') : formatRate(p * 100)}
          </button>`,
      )}
      <label
        ><span class="visually-hidden">${msg('Discount in percent')}</span
        ><input
          inputmode="numeric"
          autocomplete="off"
          placeholder="%"
          aria-invalid=${this.discountProblem ? 'true' : 'false'}
          aria-describedby=${ifDefined(this.discountProblem ? 'discount-problem' : undefined)}
          .value=${this.discountText}
          @input=${this.onDiscountInput}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.applyTypedDiscount(index)}
      /></label>
      <button @click=${() => this.applyTypedDiscount(index)}>${msg('Apply')}</button>
      <div class="field-problem" role="alert">
        ${this.discountProblem ? html`<p id="discount-problem">${this.discountProblem}</p>` : nothing}
      </div>
    </div>`;
  }

  /** The number pad over the line being typed, once its chunk is loaded (see openPad). */
  private renderPad() {
    const line = this.padIndex === null ? undefined : this.lines[this.padIndex];
    if (!line || this.padIndex === null) return nothing;
    const index = this.padIndex;
    return html`<pos-number-pad
      .label=${msg(str`Quantity of ${line.name}`)}
      .current=${line.quantity}
      .validate=${(value: number) => {
        const problem = quantityProblem(value);
        return problem ? quantityMessage(problem) : null;
      }}
      @pad-submit=${(e: HTMLElementEventMap['pad-submit']) => this.closePad(index, e.detail.value)}
      @pad-cancel=${() => this.closePad(index, null)}
    ></pos-number-pad>`;
  }

  private toggleDiscount(index: number, line: OrderLine): void {
    this.discountIndex = this.discountIndex === index ? null : index;
    this.discountText = line.discount > 0 ? String(line.discount) : '';
    this.discountProblem = null;
    this.lineProblem = null;
  }

  private readonly onDiscountInput = (event: Event): void => {
    this.discountText = (event.target as HTMLInputElement).value;
    this.discountProblem = null; // the message was about what was typed before
  };

  /** The typed discount, exactly, or the reason it cannot be taken at the field (the cart is left as it is). */
  private applyTypedDiscount(index: number): void {
    const read = readTypedDiscount(this.discountText);
    if (!read.ok) {
      this.discountProblem = discountMessage(read.problem);
      return;
    }
    this.applyDiscount(index, read.percent);
  }

  /** `percent` is a whole percent 0–100 (a quick button's, or a typed one readTypedDiscount accepted). */
  private applyDiscount(index: number, percent: number): void {
    this.discountIndex = null;
    this.discountProblem = null;
    this.dispatchEvent(
      new CustomEvent<LineDiscountDetail>('line-discount', {
        detail: { index, percent },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** + adds one unit, or says why not when the line is full (never a silent stop at the limit). */
  private increase(index: number, line: OrderLine): void {
    const problem = quantityProblem(line.quantity + 1);
    if (problem) {
      this.lineProblem = { index, text: quantityMessage(problem) };
      return;
    }
    this.emitQuantity(index, line.quantity + 1);
  }

  /** Opens the number pad over line `index`; its code is loaded on first use (precached, so offline too). */
  private async openPad(index: number): Promise<void> {
    this.lineProblem = null;
    try {
      await import('./pos-number-pad.js');
    } catch (error) {
      console.error('pos-shell: loading the number pad failed', error);
      this.lineProblem = {
        index,
        text: msg('The number pad could not be loaded: use − and +, or reload the till.'),
      };
      return;
    }
    this.padIndex = index;
  }

  /** Closes the pad, sets the typed quantity when OK was pressed, and gives focus back to the line. */
  private closePad(index: number, quantity: number | null): void {
    this.padIndex = null;
    this.focusQuantityOf = index;
    if (quantity !== null) this.emitQuantity(index, quantity);
  }

  private onClearConfirmed(): void {
    this.confirmingClear = false;
    this.discountIndex = null;
    this.padIndex = null;
    this.dispatchEvent(new CustomEvent('cart-clear', { bubbles: true, composed: true }));
  }

  private emitQuantity(index: number, quantity: number): void {
    this.lineProblem = null;
    this.dispatchEvent(
      new CustomEvent<LineQuantityDetail>('line-quantity', {
        detail: { index, quantity },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private emitRemove(index: number): void {
    this.dispatchEvent(
      new CustomEvent<LineRemoveDetail>('line-remove', { detail: { index }, bubbles: true, composed: true }),
    );
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
