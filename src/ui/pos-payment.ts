import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Payment, PaymentMethod } from '../domain/pos-order.js';
import { formatMoney, minorPerMajor, parseMoney } from './money.js';
import { baseStyles } from './shared-styles.js';
import { paymentStyles } from './pos-payment.styles.js';
import { methodName } from './receipt-body.js';

/** Detail of `payment-confirm`. */
export interface PaymentConfirmDetail {
  payments: Payment[];
}

/** Banknotes offered as quick cash buttons, in major units of the currency. */
const COMMON_NOTES_MAJOR = [5, 10, 20, 50, 100, 200] as const;
/** How many note buttons are shown at most (the smallest that cover what remains). */
const MAX_NOTE_BUTTONS = 3;

/**
 * The Pay button ("Pay 4,50 €") and the payment panel it opens: cash with the amount tendered
 * (Exact and common notes as quick buttons), card (never more than what remains), split between
 * them, the change due, and "Confirm payment", enabled once the payments cover the total.
 *
 * @fires payment-open - the cashier pressed Pay (the shell sets `open`).
 * @fires payment-cancel - the cashier closed the panel without paying.
 * @fires payment-confirm - {@link PaymentConfirmDetail}: the cashier confirmed these payments.
 */
export class PosPayment extends LitElement {
  static override styles = [baseStyles, paymentStyles];

  static override properties = {
    total: { type: Number },
    hasLines: { type: Boolean },
    currency: { attribute: false },
    open: { type: Boolean, reflect: true },
    busy: { type: Boolean },
    error: { attribute: false },
    payments: { state: true },
    cashText: { state: true },
    cardText: { state: true },
    hint: { state: true },
  };

  /** Amount due, integer minor units. */
  declare total: number;
  /** Whether the cart has lines: a sale that totals zero (a 100 % discount) is still paid. */
  declare hasLines: boolean;
  declare currency: string | null;
  /** Whether the panel is shown (set by the shell after `payment-open`). */
  declare open: boolean;
  /** True while the payment is being written: the confirm button waits. */
  declare busy: boolean;
  /** Why the last payment failed (e.g. storage full), shown in the panel; null when none. */
  declare error: string | null;
  declare payments: Payment[];
  declare cashText: string;
  declare cardText: string;
  declare hint: string | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.total = 0;
    this.hasLines = false;
    this.currency = null;
    this.open = false;
    this.busy = false;
    this.error = null;
    this.payments = [];
    this.cashText = '';
    this.cardText = '';
    this.hint = null;
  }

  override render() {
    return html`<button class="primary pay" ?disabled=${!this.hasLines} ?inert=${this.open} @click=${this.onPay}>${msg(str`Pay ${this.money(this.total)}`)}</button>
      ${this.open ? this.renderPanel() : nothing}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.payments = [];
      this.cashText = '';
      this.cardText = '';
      this.hint = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') || changed.get('open') === undefined) return;
    const target = this.open ? '.quick button' : 'button.pay';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  private renderPanel() {
    const paid = this.paid();
    const remaining = Math.max(0, this.total - paid);
    const change = Math.max(0, paid - this.total);
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="pay-title">
        <h2 id="pay-title">${msg('Payment')}</h2>
        <dl class="sums">
          <div><dt>${msg('Total')}</dt><dd>${this.money(this.total)}</dd></div>
          <div><dt>${msg('Paid')}</dt><dd>${this.money(paid)}</dd></div>
          <div class="remaining ${remaining === 0 ? 'paid' : ''}"><dt>${msg('Remaining')}</dt><dd>${this.money(remaining)}</dd></div>
          <div class="change"><dt>${msg('Change due')}</dt><dd>${this.money(change)}</dd></div>
        </dl>
        ${this.payments.length > 0
          ? html`<ul class="payments" aria-label=${msg('Payments')}>
              ${this.payments.map(
                (p, i) => html`<li>
                  <span>${methodName(p.method)} ${this.money(p.amount)}</span>
                  <button aria-label=${msg(str`Remove the payment: ${methodName(p.method)} ${this.money(p.amount)}`)} @click=${() => this.removePayment(i)}>${msg('Remove')}</button>
                </li>`,
              )}
            </ul>`
          : nothing}
        <section aria-labelledby="cash-title">
          <h3 id="cash-title">${msg('Cash')}</h3>
          <div class="quick">
            <button ?disabled=${remaining === 0} @click=${() => this.add('cash', remaining)}>${msg(str`Exact ${this.money(remaining)}`)}</button>
            ${this.notes(remaining).map((n) => html`<button @click=${() => this.add('cash', n)}>${this.money(n)}</button>`)}
          </div>
          <div class="entry">
            <label>${msg('Amount tendered')} <input inputmode="decimal" autocomplete="off" .value=${this.cashText} @input=${(e: Event) => (this.cashText = inputValue(e))} /></label>
            <button @click=${this.addCash}>${msg('Add cash')}</button>
          </div>
        </section>
        <section aria-labelledby="card-title">
          <h3 id="card-title">${msg('Card')}</h3>
          <div class="entry">
            <label>${msg('Card amount')} <input inputmode="decimal" autocomplete="off" placeholder=${this.money(remaining)} .value=${this.cardText} @input=${(e: Event) => (this.cardText = inputValue(e))} /></label>
            <button ?disabled=${remaining === 0} @click=${this.addCard}>${msg('Add card')}</button>
          </div>
        </section>
        ${this.hint || this.error ? html`<p class="hint" role="alert">${this.hint ?? this.error}</p>` : nothing}
        <div class="actions">
          <button @click=${this.cancel}>${msg('Cancel')}</button>
          <button class="primary" ?disabled=${paid < this.total || this.busy} @click=${this.confirm}>${this.busy ? msg('Saving…') : msg('Confirm payment')}</button>
        </div>
      </div>
    </div>`;
  }

  private money(minor: number): string {
    return formatMoney(minor, this.currency);
  }

  private paid(): number {
    return this.payments.reduce((sum, p) => sum + p.amount, 0);
  }

  /** The smallest common notes that cover what remains (minor units). */
  private notes(remaining: number): number[] {
    if (remaining === 0) return [];
    const unit = minorPerMajor(this.currency);
    return COMMON_NOTES_MAJOR.map((n) => n * unit).filter((n) => n > remaining).slice(0, MAX_NOTE_BUTTONS);
  }

  private add(method: PaymentMethod, amount: number): void {
    if (amount <= 0) return;
    this.payments = [...this.payments, { method, amount }];
    this.hint = null;
  }

  private removePayment(index: number): void {
    this.payments = this.payments.filter((_, i) => i !== index);
  }

  private addCash(): void {
    const amount = parseMoney(this.cashText, this.currency);
    if (amount === null || amount === 0) {
      this.hint = msg('Type the cash amount tendered, for example 20 or 12.50.');
      return;
    }
    this.add('cash', amount);
    this.cashText = '';
  }

  /** Card pays what remains when the field is empty; it can never pay more (no cash back). */
  private addCard(): void {
    const remaining = Math.max(0, this.total - this.paid());
    const amount = this.cardText.trim() === '' ? remaining : parseMoney(this.cardText, this.currency);
    if (amount === null || amount === 0) {
      this.hint = msg('Type the card amount, for example 12.50.');
      return;
    }
    if (amount > remaining) {
      this.hint = msg(str`The card amount cannot exceed the remaining ${this.money(remaining)}.`);
      return;
    }
    this.add('card', amount);
    this.cardText = '';
  }

  private onPay(): void {
    this.dispatchEvent(new CustomEvent('payment-open', { bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('payment-cancel', { bubbles: true, composed: true }));
  }

  private confirm(): void {
    if (this.paid() < this.total || this.busy) return;
    const detail: PaymentConfirmDetail = { payments: this.payments.map((p) => ({ ...p })) };
    this.dispatchEvent(new CustomEvent<PaymentConfirmDetail>('payment-confirm', { detail, bubbles: true, composed: true }));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !this.busy) {
      event.preventDefault();
      this.cancel();
    }
  }
}

function inputValue(event: Event): string {
  return (event.target as HTMLInputElement).value;
}

customElements.define('pos-payment', PosPayment);

declare global {
  interface HTMLElementTagNameMap {
    'pos-payment': PosPayment;
  }
  interface HTMLElementEventMap {
    'payment-open': CustomEvent<undefined>;
    'payment-cancel': CustomEvent<undefined>;
    'payment-confirm': CustomEvent<PaymentConfirmDetail>;
  }
}
