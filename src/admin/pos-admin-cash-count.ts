import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { cashDifference, closingNoteRequired } from '../domain/cash-count.js';
import type { Words } from './admin-errors.js';
import { decimalMark, formatDifference, formatMoney, moneyDigits } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import { readCountedCash, type CountErrors, type CountField } from './count-form.js';
import { scaledToText } from './decimal-input.js';
import './pos-admin-counting-aid.js';

/** What the count form holds, as typed. */
export interface CountValues {
  counted: string;
  note: string;
}

/**
 * The count of a drawer: the cash expected (the float at opening, opening + cash sales − change
 * + moves at closing), the counted cash, the difference shown at once as it is typed, and at
 * closing the note, required when the difference is not zero (said at the field as soon as the
 * count differs). At opening a difference is shown and never blocks. The counting aid fills the
 * counted cash from coins and notes. Each problem in `errors` shows under its field.
 *
 * @fires admin-count-input - `CustomEvent<CountValues>`, what the form holds after each change
 */
export class PosAdminCashCount extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      :host {
        display: grid;
        gap: 0.6rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      label {
        font-weight: 600;
      }
      input {
        max-width: 14rem;
      }
      textarea {
        min-height: 4.5rem;
      }
      .figures {
        margin: 0;
        display: grid;
        grid-template-columns: max-content max-content;
        gap: 0.2rem 1rem;
      }
      .figures dt {
        font-weight: 600;
      }
      .figures dd {
        margin: 0;
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .off {
        color: #b91c1c;
        font-weight: 700;
      }
    `,
  ];

  static override properties = {
    kind: {},
    currency: {},
    expected: { attribute: false },
    expectedError: { attribute: false },
    values: { attribute: false },
    errors: { attribute: false },
    disabled: { type: Boolean },
  };

  /** `opening` (the float) or `closing` (the drawer, with its note). */
  declare kind: 'opening' | 'closing';
  /** ISO 4217 code of the drawer's money. */
  declare currency: string;
  /** The cash expected, minor units; null when unknown. */
  declare expected: number | null;
  /** Why the expected cash is unknown (it could not be read), or null. */
  declare expectedError: Words | null;
  declare values: CountValues;
  declare errors: CountErrors;
  declare disabled: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.kind = 'closing';
    this.currency = 'EUR';
    this.expected = null;
    this.expectedError = null;
    this.values = { counted: '', note: '' };
    this.errors = {};
    this.disabled = false;
  }

  /** Moves focus to `field` (the first bad one after a refusal). */
  async focusField(field: CountField): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(field === 'counted' ? '#counted' : '#note')?.focus();
  }

  override render() {
    const counted = readCountedCash(this.values.counted, this.currency);
    const difference = cashDifference(counted, this.expected);
    const closing = this.kind === 'closing';
    return html`<dl class="figures">
        <dt>${closing ? msg('Expected cash') : msg('Expected float')}</dt>
        <dd>${this.expected === null ? '—' : formatMoney(this.expected, this.currency)}</dd>
        <dt>${msg('Difference')}</dt>
        <dd id="difference" class=${difference ? 'off' : ''} aria-live="polite">
          ${difference === null ? '—' : formatDifference(difference, this.currency)}
        </dd>
      </dl>
      ${this.expectedError ? html`<p class="error">${msg(str`The expected cash could not be read: ${this.expectedError()}`)}</p>` : nothing}
      <div class="field">
        <label for="counted">${closing ? msg('Counted cash') : msg('Counted float')}</label>
        <input
          id="counted"
          name="counted"
          inputmode="decimal"
          autocomplete="off"
          aria-invalid=${this.errors.counted ? 'true' : 'false'}
          aria-describedby=${this.errors.counted ? 'counted-error difference' : 'difference'}
          .value=${this.values.counted}
          ?disabled=${this.disabled}
          @input=${this.onCounted}
        />
        ${this.errors.counted ? html`<p id="counted-error" class="field-error">${this.errors.counted()}</p>` : nothing}
      </div>
      <pos-admin-counting-aid
        .currency=${this.currency}
        ?disabled=${this.disabled}
        @admin-count-total=${this.onAidTotal}
      ></pos-admin-counting-aid>
      ${closing ? this.renderNote(closingNoteRequired(counted, this.expected)) : nothing}
      ${closing ? nothing : html`<p class="hint">${msg('A difference from the expected float is recorded; it does not stop the opening.')}</p>`}`;
  }

  private renderNote(required: boolean) {
    const error = this.errors.note;
    return html`<div class="field">
      <label for="note">${required ? msg('Note (required: the count differs)') : msg('Note')}</label>
      <textarea
        id="note"
        name="note"
        aria-required=${required ? 'true' : 'false'}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'note-error' : nothing}
        .value=${this.values.note}
        ?disabled=${this.disabled}
        @input=${this.onNote}
      ></textarea>
      ${error ? html`<p id="note-error" class="field-error">${error()}</p>` : nothing}
    </div>`;
  }

  private onCounted(event: Event): void {
    this.send({ ...this.values, counted: (event.target as HTMLInputElement).value });
  }

  private onNote(event: Event): void {
    this.send({ ...this.values, note: (event.target as HTMLTextAreaElement).value });
  }

  private onAidTotal(event: CustomEvent<number>): void {
    this.send({
      ...this.values,
      counted: scaledToText(event.detail, moneyDigits(this.currency), decimalMark()),
    });
  }

  private send(values: CountValues): void {
    this.dispatchEvent(new CustomEvent<CountValues>('admin-count-input', { detail: values }));
  }
}

customElements.define('pos-admin-cash-count', PosAdminCashCount);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-cash-count': PosAdminCashCount;
  }
}
