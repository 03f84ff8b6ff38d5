import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { tooMuchCash } from '../domain/order-rules.js';
import { cashOf } from '../domain/order-totals.js';
import type { Payment, PaymentMethod } from '../domain/pos-order.js';
import { amountField } from './amount-field.js';
import { formatMoney } from './money.js';
import {
  cardEntry,
  cashEntry,
  noteButtons,
  remainingOf,
  tooMuchCashMessage,
  type PaymentDue,
} from './payment-entry.js';
import { baseStyles } from './shared-styles.js';
import { paymentStyles } from './pos-payment.styles.js';
import { methodName } from './receipt-body.js';

/** Detail of `payment-confirm`. */
export interface PaymentConfirmDetail {
  payments: Payment[];
}

/** Typed cash waiting for the cashier's yes (see cashEntry), minor units. */
type CashToConfirm = Extract<ReturnType<typeof cashEntry>, { kind: 'ask' }>;

/**
 * The Pay button ("Pay 4,50 €") and the payment panel it opens: cash with the amount tendered
 * (Exact and common notes as quick buttons while something remains), card (never more than what
 * remains), split between them, the change due, and "Confirm payment", enabled once the payments
 * cover the total. A typed amount is taken exactly or refused with the reason at its field
 * (payment-entry.ts), cash over 100 times the total included (the server would refuse the sale:
 * no quick button offers such cash either); cash that would give more change than the largest common note is asked
 * about first ("€5,000.00 for €2.19?"). While `blockedReason` is set, Pay and Confirm are
 * disabled and the reason is shown beside them; payments typed so far stay.
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
    blockedReason: { attribute: false },
    payments: { state: true },
    cashText: { state: true },
    cardText: { state: true },
    cashProblem: { state: true },
    cardProblem: { state: true },
    cashToConfirm: { state: true },
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
  /**
   * Why no sale may be paid now (set by the shell), or null: Pay and Confirm payment are disabled
   * and the reason is shown beside them; an open panel stays open with its payments.
   */
  declare blockedReason: string | null;
  declare payments: Payment[];
  declare cashText: string;
  declare cardText: string;
  /** Why the typed cash was refused, shown at its field; null when none. */
  declare cashProblem: string | null;
  /** Why the typed card amount was refused, shown at its field; null when none. */
  declare cardProblem: string | null;
  /** Cash asked about before it is taken (see CHANGE_CHECK_MAJOR), or null. */
  declare cashToConfirm: CashToConfirm | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.total = 0;
    this.hasLines = false;
    this.currency = null;
    this.open = false;
    this.busy = false;
    this.error = null;
    this.blockedReason = null;
    this.payments = [];
    this.cashText = '';
    this.cardText = '';
    this.cashProblem = null;
    this.cardProblem = null;
    this.cashToConfirm = null;
  }

  override render() {
    const blocked = this.blockedReason !== null;
    return html`<button
        class="primary pay"
        ?disabled=${!this.hasLines || blocked}
        aria-describedby=${ifDefined(blocked ? 'pay-blocked' : undefined)}
        ?inert=${this.open}
        @click=${this.onPay}
      >
        ${msg(str`Pay ${this.money(this.total)}`)}
      </button>
      ${blocked ? html`<p id="pay-blocked" class="blocked">${this.blockedReason}</p>` : nothing}
      ${this.open ? this.renderPanel() : nothing}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this.payments = [];
      this.cashText = '';
      this.cardText = '';
      this.cashProblem = null;
      this.cardProblem = null;
      this.cashToConfirm = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open') || changed.get('open') === undefined) return;
    const target = this.open
      ? (this.renderRoot.querySelector<HTMLElement>('.quick button') ??
        this.renderRoot.querySelector<HTMLElement>('#cash'))
      : this.renderRoot.querySelector<HTMLElement>('button.pay');
    target?.focus();
  }

  private renderPanel() {
    const due = this.due();
    const paid = due.paid;
    const remaining = remainingOf(due);
    const change = Math.max(0, paid - this.total);
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="pay-title">
        <h2 id="pay-title">${msg('Payment')}</h2>
        <dl class="sums">
          <div>
            <dt>${msg('Total')}</dt>
            <dd>${this.money(this.total)}</dd>
          </div>
          <div>
            <dt>${msg('Paid')}</dt>
            <dd>${this.money(paid)}</dd>
          </div>
          <div class="remaining ${remaining === 0 ? 'paid' : ''}">
            <dt>${msg('Remaining')}</dt>
            <dd>${this.money(remaining)}</dd>
          </div>
          <div class="change">
            <dt>${msg('Change due')}</dt>
            <dd>${this.money(change)}</dd>
          </div>
        </dl>
        ${
          this.payments.length > 0
            ? html`<ul class="payments" aria-label=${msg('Payments')}>
                ${this.payments.map(
                  (p, i) =>
                    html`<li>
                      <span>${methodName(p.method)} ${this.money(p.amount)}</span>
                      <button
                        aria-label=${msg(str`Remove the payment: ${methodName(p.method)} ${this.money(p.amount)}`)}
                        @click=${() => this.removePayment(i)}
                      >
                        ${msg('Remove')}
                      </button>
                    </li>`,
                )}
              </ul>`
            : nothing
        }
        <section aria-labelledby="cash-title">
          <h3 id="cash-title">${msg('Cash')}</h3>
          ${
            remaining > 0
              ? html`<div class="quick">
                  <button @click=${() => this.add('cash', remaining)}>
                    ${msg(str`Exact ${this.money(remaining)}`)}
                  </button>
                  ${noteButtons(due).map((n) => html`<button @click=${() => this.add('cash', n)}>${this.money(n)}</button>`)}
                </div>`
              : nothing
          }
          ${amountField({
            id: 'cash',
            label: msg('Amount tendered'),
            action: msg('Add cash'),
            text: this.cashText,
            problem: this.cashProblem,
            onInput: this.onCashInput,
            onSubmit: this.addCash,
          })}
          ${this.renderCashQuestion()}
        </section>
        <section aria-labelledby="card-title">
          <h3 id="card-title">${msg('Card')}</h3>
          ${amountField({
            id: 'card',
            label: msg('Card amount'),
            action: msg('Add card'),
            text: this.cardText,
            problem: this.cardProblem,
            placeholder: this.money(remaining),
            disabled: remaining === 0,
            onInput: this.onCardInput,
            onSubmit: this.addCard,
          })}
        </section>
        <div role="alert">
          ${this.blockedReason !== null ? html`<p id="confirm-blocked" class="hint">${this.blockedReason}</p>` : nothing}
          ${this.error ? html`<p class="hint">${this.error}</p>` : nothing}
        </div>
        <div class="actions">
          <button @click=${this.cancel}>${msg('Cancel')}</button>
          <button
            class="primary"
            ?disabled=${paid < this.total || this.busy || this.blockedReason !== null}
            aria-describedby=${ifDefined(this.blockedReason !== null ? 'confirm-blocked' : undefined)}
            @click=${this.confirm}
          >
            ${this.busy ? msg('Saving…') : msg('Confirm payment')}
          </button>
        </div>
      </div>
    </div>`;
  }

  /** "€5,000.00 for €2.19?", with Take and Correct, while typed cash waits for the cashier's yes. */
  private renderCashQuestion() {
    const ask = this.cashToConfirm;
    return html`<div role="alert">
      ${
        ask
          ? html`<div class="ask" role="group" aria-labelledby="ask-question">
              <p id="ask-question" class="question">
                ${msg(str`${this.money(ask.amount)} for ${this.money(ask.remaining)}?`)}
              </p>
              <p>${msg(str`The change would be ${this.money(ask.change)}.`)}</p>
              <div class="ask-actions">
                <button class="take" @click=${this.takeAskedCash}>
                  ${msg(str`Take ${this.money(ask.amount)}`)}
                </button>
                <button class="primary correct" @click=${this.correctCash}>
                  ${msg('Correct the amount')}
                </button>
              </div>
            </div>`
          : nothing
      }
    </div>`;
  }

  private money(minor: number): string {
    return formatMoney(minor, this.currency);
  }

  private paid(): number {
    return this.payments.reduce((sum, p) => sum + p.amount, 0);
  }

  /** `amount` in minor units, positive (a quick button's, or a typed amount already checked). */
  private add(method: PaymentMethod, amount: number): void {
    this.payments = [...this.payments, { method, amount }];
    this.cashToConfirm = null;
    // Fully paid: the button just pressed may be gone (Exact, Take), so focus goes on to Confirm.
    if (this.paid() >= this.total)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('.actions .primary')?.focus(),
      );
  }

  private removePayment(index: number): void {
    this.payments = this.payments.filter((_, i) => i !== index);
    this.cashToConfirm = null; // it named what remained before
  }

  private readonly onCashInput = (text: string): void => {
    this.cashText = text;
    this.cashProblem = null; // the message and the question were about what was typed before
    this.cashToConfirm = null;
  };

  private readonly onCardInput = (text: string): void => {
    this.cardText = text;
    this.cardProblem = null;
  };

  /** Amounts of the sale now, for reading what is typed. */
  private due(): PaymentDue {
    return { total: this.total, paid: this.paid(), cash: cashOf(this.payments), currency: this.currency };
  }

  /** The typed cash, exactly: refused at the field, asked about (large change), or added. */
  private readonly addCash = (): void => {
    const entry = cashEntry(this.cashText, this.due());
    if (entry.kind === 'refused') {
      this.cashProblem = entry.message;
    } else if (entry.kind === 'ask') {
      this.cashToConfirm = entry;
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('.ask .correct')?.focus(),
      );
    } else {
      this.add('cash', entry.amount);
      this.cashText = '';
    }
  };

  private readonly takeAskedCash = (): void => {
    if (!this.cashToConfirm) return;
    this.add('cash', this.cashToConfirm.amount);
    this.cashText = '';
  };

  /** Leaves the payments as they are and the typed text in the field, to be corrected. */
  private readonly correctCash = (): void => {
    this.cashToConfirm = null;
    void this.updateComplete.then(() => {
      const field = this.renderRoot.querySelector<HTMLInputElement>('#cash');
      field?.focus();
      field?.select();
    });
  };

  /** Card pays what remains when the field is empty; it can never pay more (no cash back). */
  private readonly addCard = (): void => {
    const entry = cardEntry(this.cardText, this.due());
    if (entry.kind === 'refused') {
      this.cardProblem = entry.message;
      return;
    }
    this.add('card', entry.amount);
    this.cardText = '';
  };

  private onPay(): void {
    this.dispatchEvent(new CustomEvent('payment-open', { bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('payment-cancel', { bubbles: true, composed: true }));
  }

  /**
   * Sends the payments, never cash the server would refuse with the sale (tooMuchCash): the typed
   * amounts and quick buttons are checked already, and this keeps it so whatever the total became.
   */
  private confirm(): void {
    if (this.paid() < this.total || this.busy || this.blockedReason !== null) return;
    if (tooMuchCash(cashOf(this.payments), this.total)) {
      this.cashProblem = tooMuchCashMessage(this.due());
      return;
    }
    const detail: PaymentConfirmDetail = { payments: this.payments.map((p) => ({ ...p })) };
    this.dispatchEvent(
      new CustomEvent<PaymentConfirmDetail>('payment-confirm', { detail, bubbles: true, composed: true }),
    );
  }

  /** Escape answers an open cash question with Correct; otherwise it closes the panel. */
  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.busy) return;
    event.preventDefault();
    if (this.cashToConfirm) this.correctCash();
    else this.cancel();
  }
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
