import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { RefundView, TillRefunds } from '../app/till-refunds.js';
import { cartTotals } from '../domain/order-totals.js';
import { refundLines } from '../domain/refund-draft.js';
import type { OrderLine, PaymentMethod } from '../domain/pos-order.js';
import { formatMoney } from './money.js';
import { paymentStyles } from './pos-payment.styles.js';
import { choiceStyles, refundMethodFields } from './choice-fields.js';
import { baseStyles } from './shared-styles.js';

/**
 * The refund of one order of this tablet: each line of the original with what is left to refund
 * (sold less what the outbox's refunds of it took back), a stepper per line (0 … that), the amount
 * to give back, the method (the original's by default; cash says how much leaves the drawer) and
 * Confirm, which writes the refund to the outbox through {@link TillRefunds} (offline too); a
 * refusal is said here and nothing is saved. A modal panel like the order history.
 *
 * @fires refund-close - the cashier closed the panel without refunding.
 * @fires refund-done - the refund is saved; its receipt is the till's last receipt.
 */
export class PosRefund extends LitElement {
  static override styles = [
    baseStyles,
    paymentStyles,
    choiceStyles,
    css`
      .panel {
        width: min(720px, 100%);
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        text-align: start;
      }
      td,
      th {
        padding: 0.3rem 0.25rem;
      }
      tbody tr + tr td {
        border-top: 1px solid #e5e7eb;
      }
      .num {
        text-align: end;
      }
      .stepper {
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: 0.4rem;
      }
      .stepper button {
        min-width: 48px;
        min-height: 48px;
        font-size: 1.3rem;
        font-weight: 800;
      }
      .stepper output {
        min-width: 2.5ch;
        text-align: center;
        font-weight: 800;
      }
      /* Under the table: the method and the amount keep their distance from it. */
      fieldset {
        margin: 0.75rem 0 0;
      }
      .give-back {
        margin: 0.75rem 0 0;
      }
      .done {
        font-weight: 700;
        color: #166534;
      }
    `,
  ];

  static override properties = {
    desk: { attribute: false },
    view: { attribute: false },
    currency: { attribute: false },
    blockedReason: { attribute: false },
    quantities: { state: true },
    method: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  /** Saves the refund; set by the shell. */
  declare desk: TillRefunds | null;
  /** The order and what is left of it; a new view starts again from nothing asked back. */
  declare view: RefundView | null;
  declare currency: string | null;
  /** Why no refund may be made now (the guard of sales), or null. */
  declare blockedReason: string | null;
  /** Units to refund per row of the view. */
  declare quantities: number[];
  declare method: PaymentMethod;
  /** Why the last Confirm saved nothing, or null. */
  declare problem: string | null;
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.desk = null;
    this.view = null;
    this.currency = null;
    this.blockedReason = null;
    this.quantities = [];
    this.method = 'cash';
    this.problem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view') && this.view) {
      this.quantities = this.view.rows.map(() => 0);
      this.method = this.view.method;
      this.problem = null;
    }
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const reference = view.original.reference;
    const lines = this.askedLines();
    const giveBack = -cartTotals(lines).amountTotal;
    const left = view.rows.some((row) => row.refundable > 0);
    return html`<div class="backdrop" @keydown=${this.onKey}>
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="refund-title">
        <h2 id="refund-title">${msg(str`Refund of order ${reference}`)}</h2>
        ${this.blockedReason ? html`<p class="blocked" role="alert">${this.blockedReason}</p>` : nothing}
        ${left ? nothing : html`<p class="done">${msg('Everything on this order was refunded.')}</p>`}
        <table>
          <thead>
            <tr>
              <th scope="col">${msg('Item')}</th>
              <th scope="col" class="num">${msg('Left to refund')}</th>
              <th scope="col" class="num">${msg('Refund')}</th>
            </tr>
          </thead>
          <tbody>
            ${view.rows.map((row, index) => this.renderRow(row.line, row.sold, row.refundable, index))}
          </tbody>
        </table>
        ${refundMethodFields({
          name: 'refund-method',
          method: this.method,
          giveBack: this.money(giveBack),
          onPick: (method) => (this.method = method),
        })}
        <div role="alert">${this.problem ? html`<p class="hint">${this.problem}</p>` : nothing}</div>
        <div class="actions">
          <button class="cancel" @click=${this.close}>${msg('Cancel')}</button>
          <button
            class="primary"
            ?disabled=${lines.length === 0 || this.busy || this.blockedReason !== null}
            @click=${() => void this.confirm()}
          >
            ${msg('Confirm refund')}
          </button>
        </div>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('.cancel')?.focus();
  }

  private renderRow(line: OrderLine, sold: number, refundable: number, index: number) {
    const units = this.quantities[index] ?? 0;
    return html`<tr>
      <td>
        ${line.name}
        <div class="detail">
          ${this.money(line.unitPrice)}${line.discount > 0 ? ` −${line.discount}%` : ''}
        </div>
      </td>
      <td class="num">${msg(str`${refundable} of ${sold}`)}</td>
      <td>
        <div class="stepper">
          <button
            aria-label=${msg(str`One fewer ${line.name} to refund`)}
            ?disabled=${units <= 0}
            @click=${() => this.step(index, -1)}
          >
            −
          </button>
          <output aria-label=${msg(str`${line.name} to refund`)}>${units}</output>
          <button
            aria-label=${msg(str`One more ${line.name} to refund`)}
            ?disabled=${units >= refundable}
            @click=${() => this.step(index, 1)}
          >
            +
          </button>
        </div>
      </td>
    </tr>`;
  }

  /** The refund's lines as they would be saved now (negative quantities), for the amount shown. */
  private askedLines(): OrderLine[] {
    return refundLines(this.view?.rows ?? [], this.quantities);
  }

  private step(index: number, by: number): void {
    const row = this.view?.rows[index];
    if (!row) return;
    const next = [...this.quantities];
    next[index] = Math.min(row.refundable, Math.max(0, (next[index] ?? 0) + by));
    this.quantities = next;
    this.problem = null;
  }

  private money(minor: number): string {
    return formatMoney(minor, this.currency);
  }

  private async confirm(): Promise<void> {
    const { desk, view } = this;
    if (!desk || !view || this.busy) return;
    this.busy = true;
    const outcome = await desk.refund(view, this.quantities, this.method);
    this.busy = false;
    if (!outcome.ok) {
      this.problem = outcome.error();
      return;
    }
    this.dispatchEvent(new CustomEvent('refund-done', { bubbles: true, composed: true }));
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('refund-close', { bubbles: true, composed: true }));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.close();
  }
}

customElements.define('pos-refund', PosRefund);

declare global {
  interface HTMLElementTagNameMap {
    'pos-refund': PosRefund;
  }
  interface HTMLElementEventMap {
    'refund-close': CustomEvent<undefined>;
    'refund-done': CustomEvent<undefined>;
  }
}
