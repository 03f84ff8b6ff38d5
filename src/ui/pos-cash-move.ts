import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { cashAmountProblem, type CashDirection, type TillCashMoves } from '../app/till-cash-moves.js';
import type { CashMove } from '../domain/cash.js';
import { amountField } from './amount-field.js';
import { choiceRadio, choiceStyles, pickedReasonText, reasonFieldset } from './choice-fields.js';
import { moneyMessage } from './input-messages.js';
import { formatMoney, readMoney } from './money.js';
import { paymentStyles } from './pos-payment.styles.js';
import { baseStyles } from './shared-styles.js';

/** The reasons offered as choices, then "Other" (free text); getters, read in the till's language. */
const REASONS = {
  get float() {
    return msg('Change float');
  },
  get deposit() {
    return msg('Bank deposit');
  },
  get supplier() {
    return msg('Supplier payment');
  },
  get tips() {
    return msg('Tips');
  },
} as const;
type ReasonChoice = keyof typeof REASONS | 'other';

/**
 * Cash in or cash out during the session: in or out, a reason (the common ones as choices, free
 * text otherwise, required) and the amount (the till's money input, read exactly). Save writes the
 * move to the outbox through {@link TillCashMoves} (it works offline) and confirms it here; a
 * refusal (the session not opened, a bad amount) is said here and nothing is saved. A modal panel
 * like the order history.
 *
 * @fires cash-move-close - the cashier closed the panel.
 */
export class PosCashMove extends LitElement {
  static override styles = [
    baseStyles,
    paymentStyles,
    choiceStyles,
    css`
      .saved {
        margin: 0.75rem 0 0;
        padding: 0.5rem 0.75rem;
        border: 2px solid #166534;
        border-radius: 10px;
        background: #f0fdf4;
        color: #14532d;
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    desk: { attribute: false },
    currency: { attribute: false },
    blockedReason: { attribute: false },
    direction: { state: true },
    reason: { state: true },
    otherText: { state: true },
    amountText: { state: true },
    amountProblem: { state: true },
    problem: { state: true },
    saved: { state: true },
    busy: { state: true },
  };

  /** What records the moves (the till controller's); null before the till started. */
  declare desk: TillCashMoves | null;
  declare currency: string | null;
  /** Why no move may be made now (the session not opened…), or null. */
  declare blockedReason: string | null;
  declare direction: CashDirection | null;
  declare reason: ReasonChoice | null;
  declare otherText: string;
  declare amountText: string;
  declare amountProblem: string | null;
  /** Why the last Save saved nothing, or null. */
  declare problem: string | null;
  /** The move saved last, for the confirmation. */
  declare saved: CashMove | null;
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.desk = null;
    this.currency = null;
    this.blockedReason = null;
    this.direction = null;
    this.reason = null;
    this.otherText = '';
    this.amountText = '';
    this.amountProblem = null;
    this.problem = null;
    this.saved = null;
    this.busy = false;
  }

  override render() {
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="cash-title">
        <h2 id="cash-title">${msg('Cash in / out')}</h2>
        ${this.blockedReason ? html`<p class="blocked" role="alert">${this.blockedReason}</p>` : nothing}
        <fieldset>
          <legend>${msg('Cash in or out')}</legend>
          <div class="choices">
            ${choiceRadio('direction', 'in', msg('Cash in'), this.direction === 'in', () => this.pickDirection('in'))}
            ${choiceRadio('direction', 'out', msg('Cash out'), this.direction === 'out', () => this.pickDirection('out'))}
          </div>
        </fieldset>
        ${reasonFieldset({
          reasons: REASONS,
          picked: this.reason,
          otherText: this.otherText,
          otherId: 'cash-other',
          onPick: (picked) => {
            this.reason = picked;
            this.problem = null;
          },
          onOther: (text) => (this.otherText = text),
        })}
        ${amountField({
          id: 'cash-amount',
          label: msg('Amount'),
          action: msg('Save'),
          text: this.amountText,
          problem: this.amountProblem,
          disabled: this.busy || this.blockedReason !== null,
          onInput: (text) => {
            this.amountText = text;
            this.amountProblem = null;
          },
          onSubmit: () => void this.save(),
        })}
        <div role="alert">${this.problem ? html`<p class="hint">${this.problem}</p>` : nothing}</div>
        <div role="status">
          ${this.saved ? html`<p class="saved">${this.savedText(this.saved)}</p>` : nothing}
        </div>
        <div class="actions">
          <button class="primary close" @click=${this.close}>${msg('Close')}</button>
        </div>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[name="direction"]')?.focus();
  }

  private pickDirection(direction: CashDirection): void {
    this.direction = direction;
    this.problem = null;
  }

  private savedText(move: CashMove): string {
    const amount = formatMoney(Math.abs(move.amount), this.currency);
    const reason = move.reason;
    return move.amount > 0
      ? msg(str`Cash in of ${amount} saved (${reason}). It is sent with the orders.`)
      : msg(str`Cash out of ${amount} saved (${reason}). It is sent with the orders.`);
  }

  /** Reads what was typed, refuses it with its reason at its field, or records the move. */
  private async save(): Promise<void> {
    if (!this.desk || this.busy) return;
    this.saved = null;
    if (!this.direction) {
      this.problem = msg('Choose cash in or cash out.');
      return;
    }
    const reason = pickedReasonText(REASONS, this.reason, this.otherText);
    if (reason === '') {
      this.problem =
        this.reason === 'other' ? msg('Type the reason for the cash move.') : msg('Choose a reason.');
      return;
    }
    const read = readMoney(this.amountText, this.currency);
    if (!read.ok) {
      this.amountProblem = moneyMessage(read.problem, this.currency);
      return;
    }
    const amountProblem = cashAmountProblem(read.minor);
    if (amountProblem) {
      this.amountProblem = amountProblem();
      return;
    }
    this.busy = true;
    const outcome = await this.desk.record({ direction: this.direction, amount: read.minor, reason });
    this.busy = false;
    if (!outcome.ok) {
      this.problem = outcome.error();
      return;
    }
    // Saved: the form is emptied for the next one, the confirmation stays.
    this.saved = outcome.move;
    this.problem = null;
    this.direction = null;
    this.reason = null;
    this.otherText = '';
    this.amountText = '';
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('cash-move-close', { bubbles: true, composed: true }));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  }
}

customElements.define('pos-cash-move', PosCashMove);

declare global {
  interface HTMLElementTagNameMap {
    'pos-cash-move': PosCashMove;
  }
  interface HTMLElementEventMap {
    'cash-move-close': CustomEvent<undefined>;
  }
}
