import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { TillRefunds } from '../app/till-refunds.js';
import { sameId } from '../domain/same-id.js';
import { cartTotals } from '../domain/order-totals.js';
import { returnedLines } from '../domain/refund-draft.js';
import { MAX_LINE_QUANTITY } from '../domain/order-rules.js';
import type { OrderLine, PaymentMethod } from '../domain/pos-order.js';
import type { Product } from '../domain/product.js';
import { choiceStyles, pickedReasonText, reasonFieldset, refundMethodFields } from './choice-fields.js';
import { managerPinField, pinShapeProblem } from './manager-pin-field.js';
import { formatMoney } from './money.js';
import { paymentStyles } from './pos-payment.styles.js';
import { baseStyles } from './shared-styles.js';

/** The reasons offered as choices, then "Other" (free text); getters, read in the till's language. */
const REASONS = {
  get damaged() {
    return msg('Damaged');
  },
  get wrongItem() {
    return msg('Wrong item');
  },
  get changedMind() {
    return msg('Customer changed mind');
  },
} as const;
type ReasonChoice = keyof typeof REASONS | 'other';

/** One product given back and its units (1 … MAX_LINE_QUANTITY). */
interface Picked {
  product: Product;
  quantity: number;
}

/**
 * A refund without receipt (no original order): products picked from the catalog with their
 * units, a reason (the common ones as choices, free text otherwise, required), the method the
 * money goes back by, and the manager PIN (checked offline against the config's hash, as the Held
 * orders area does). Confirm saves it through {@link TillRefunds.refundWithoutReceipt}, which
 * signs it with the manager proof and writes it to the outbox; a refusal (wrong PIN, no reason, no
 * item, the session not opened) is said here and nothing is saved. A modal panel like the refund
 * panel.
 *
 * @fires refund-close - the cashier closed the panel without refunding.
 * @fires refund-done - the refund is saved; its receipt is the till's last receipt.
 */
export class PosRefundNoReceipt extends LitElement {
  static override styles = [
    baseStyles,
    paymentStyles,
    choiceStyles,
    css`
      .panel {
        width: min(720px, 100%);
      }
      .pick {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.25rem 1rem;
      }
      .pick label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-weight: 600;
      }
      select,
      input[type='number'] {
        font: inherit;
        min-height: 44px;
      }
      ul {
        list-style: none;
        margin: 0.5rem 0 0;
        padding: 0;
      }
      li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        min-height: 44px;
      }
    `,
  ];

  static override properties = {
    desk: { attribute: false },
    products: { attribute: false },
    currency: { attribute: false },
    blockedReason: { attribute: false },
    picked: { state: true },
    reason: { state: true },
    otherText: { state: true },
    method: { state: true },
    problem: { state: true },
    pinError: { state: true },
    busy: { state: true },
  };

  /** Saves the refund; set by the shell. */
  declare desk: TillRefunds | null;
  /** The catalog to pick from. */
  declare products: readonly Product[];
  declare currency: string | null;
  /** Why no refund may be made now (the guard of sales), or null. */
  declare blockedReason: string | null;
  declare picked: Picked[];
  declare reason: ReasonChoice | null;
  declare otherText: string;
  declare method: PaymentMethod;
  /** Why the last Confirm saved nothing, or null. */
  declare problem: string | null;
  /** What is wrong with the PIN typed, or null. */
  declare pinError: string | null;
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.desk = null;
    this.products = [];
    this.currency = null;
    this.blockedReason = null;
    this.picked = [];
    this.reason = null;
    this.otherText = '';
    this.method = 'cash';
    this.problem = null;
    this.pinError = null;
    this.busy = false;
  }

  override render() {
    const giveBack = -cartTotals(this.lines()).amountTotal;
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="no-receipt-title">
        <h2 id="no-receipt-title">${msg('Refund without receipt')}</h2>
        ${this.blockedReason ? html`<p class="blocked" role="alert">${this.blockedReason}</p>` : nothing}
        <fieldset>
          <legend>${msg('Items given back')}</legend>
          <div class="pick">
            <label
              >${msg('Product')}
              <select id="no-receipt-product">
                ${this.products.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}
              </select>
            </label>
            <label
              >${msg('Quantity')}
              <input
                id="no-receipt-quantity"
                type="number"
                inputmode="numeric"
                min="1"
                max=${MAX_LINE_QUANTITY}
                value="1"
              />
            </label>
            <button type="button" class="add" @click=${this.add}>${msg('Add')}</button>
          </div>
          <ul aria-label=${msg('Items given back')}>
            ${this.picked.map(
              (item, index) =>
                html`<li>
                  <span>${item.quantity} × ${item.product.name}</span>
                  <button
                    type="button"
                    aria-label=${msg(str`Remove ${item.product.name}`)}
                    @click=${() => this.removeItem(index)}
                  >
                    ${msg('Remove')}
                  </button>
                </li>`,
            )}
          </ul>
        </fieldset>
        ${reasonFieldset({
          reasons: REASONS,
          picked: this.reason,
          otherText: this.otherText,
          otherId: 'no-receipt-other',
          onPick: (picked) => {
            this.reason = picked;
            this.problem = null;
          },
          onOther: (text) => (this.otherText = text),
        })}
        ${refundMethodFields({
          name: 'no-receipt-method',
          method: this.method,
          giveBack: this.money(giveBack),
          onPick: (method) => {
            this.method = method;
            this.problem = null;
          },
        })}
        <form novalidate @submit=${this.onSubmit}>
          ${managerPinField({
            id: 'no-receipt-pin',
            errorId: 'no-receipt-pin-error',
            error: this.pinError,
            busy: this.busy,
            onInput: () => (this.pinError = null),
          })}
          <div role="alert">
            ${this.pinError ? html`<p id="no-receipt-pin-error" class="hint">${this.pinError}</p>` : nothing}
            ${this.problem ? html`<p class="hint">${this.problem}</p>` : nothing}
          </div>
          <div class="actions">
            <button type="button" class="cancel" @click=${this.close}>${msg('Cancel')}</button>
            <button
              type="submit"
              class="primary"
              ?disabled=${this.picked.length === 0 || this.busy || this.blockedReason !== null}
            >
              ${msg('Confirm refund')}
            </button>
          </div>
        </form>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('#no-receipt-product')?.focus();
  }

  /** The refund's lines as they would be saved now (negative quantities), for the amount shown. */
  private lines(): OrderLine[] {
    return returnedLines(this.picked);
  }

  /** Adds the chosen product with the typed units (to its line when already picked). */
  private add(): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#no-receipt-product');
    const input = this.renderRoot.querySelector<HTMLInputElement>('#no-receipt-quantity');
    const product = this.products.find((p) => String(p.id) === select?.value);
    const units = Number(input?.value ?? '');
    if (!product) {
      this.problem = msg('Choose a product.');
      return;
    }
    const already = this.picked.find((item) => sameId(item.product.id, product.id))?.quantity ?? 0;
    if (!Number.isInteger(units) || units < 1 || already + units > MAX_LINE_QUANTITY) {
      this.problem = msg(str`Each quantity is a whole number from 1 to ${MAX_LINE_QUANTITY}.`);
      return;
    }
    this.problem = null;
    this.picked = already
      ? this.picked.map((item) =>
          sameId(item.product.id, product.id) ? { ...item, quantity: item.quantity + units } : item,
        )
      : [...this.picked, { product, quantity: units }];
  }

  private removeItem(index: number): void {
    this.picked = this.picked.filter((_, i) => i !== index);
  }

  private money(minor: number): string {
    return formatMoney(minor, this.currency);
  }

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#no-receipt-pin');
    if (!this.desk || !input || this.busy) return;
    const reason = pickedReasonText(REASONS, this.reason, this.otherText);
    if (reason === '') {
      this.problem =
        this.reason === 'other' ? msg('Type the reason for the refund.') : msg('Choose a reason.');
      return;
    }
    const shapeProblem = pinShapeProblem(input.value);
    if (shapeProblem) {
      this.pinError = shapeProblem;
      input.focus();
      return;
    }
    this.busy = true;
    const outcome = await this.desk.refundWithoutReceipt({
      pin: input.value,
      reason,
      items: this.picked,
      method: this.method,
    });
    this.busy = false;
    if (!outcome.ok) {
      input.value = '';
      this.problem = outcome.error();
      return;
    }
    this.dispatchEvent(new CustomEvent('refund-done', { bubbles: true, composed: true }));
  };

  private close(): void {
    this.dispatchEvent(new CustomEvent('refund-close', { bubbles: true, composed: true }));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  }
}

customElements.define('pos-refund-no-receipt', PosRefundNoReceipt);

declare global {
  interface HTMLElementTagNameMap {
    'pos-refund-no-receipt': PosRefundNoReceipt;
  }
}
