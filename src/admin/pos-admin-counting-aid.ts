import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { countedTotal, denominationsOf, type Denomination } from '../domain/denominations.js';
import { formatMoney } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import { readWholeNumber } from './whole-number.js';
import { currentLocale } from '../app/locale.js';

/**
 * Counting the drawer piece by piece: one quantity field per coin and note of the currency
 * (domain/denominations.ts), summed as they are typed. Shows nothing for a currency whose pieces
 * are not known. A quantity that is not a whole number is named at its field and the sum is not
 * sent until it is corrected (never read in part).
 *
 * @fires admin-count-total - `CustomEvent<number>`, the sum of the pieces in minor units, after
 *   each change that leaves every quantity readable
 */
export class PosAdminCountingAid extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .pieces {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
        gap: 0.5rem 0.75rem;
      }
      .piece {
        display: grid;
        gap: 0.15rem;
      }
      .piece input {
        width: 6rem;
      }
      summary {
        cursor: pointer;
        min-height: 44px;
        display: flex;
        align-items: center;
        font-weight: 600;
        color: var(--pos-accent, #0b4fb3);
      }
    `,
  ];

  static override properties = {
    currency: {},
    disabled: { type: Boolean },
    bad: { state: true },
  };

  /** ISO 4217 code of the drawer's money. */
  declare currency: string;
  declare disabled: boolean;
  /** Indexes of the quantity fields that hold something else than a whole number. */
  declare bad: ReadonlySet<number>;
  private quantities: string[] = [];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.currency = '';
    this.disabled = false;
    this.bad = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('currency')) {
      this.quantities = denominationsOf(this.currency).map(() => '');
      this.bad = new Set();
    }
  }

  override render() {
    const pieces = denominationsOf(this.currency);
    if (pieces.length === 0) return nothing;
    return html`<details>
      <summary>${msg('Count by coin and note')}</summary>
      <div class="pieces" role="group" aria-label=${msg('Coins and notes counted')}>
        ${pieces.map((piece, index) => this.renderPiece(piece, index))}
      </div>
    </details>`;
  }

  private renderPiece(piece: Denomination, index: number) {
    const id = `piece-${index}`;
    const value = formatMoney(piece.value, this.currency);
    const label = piece.kind === 'coin' ? msg(str`${value} coins`) : msg(str`${value} notes`);
    const bad = this.bad.has(index);
    return html`<div class="piece">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        inputmode="numeric"
        autocomplete="off"
        aria-invalid=${bad ? 'true' : 'false'}
        aria-describedby=${bad ? `${id}-error` : nothing}
        .value=${this.quantities[index] ?? ''}
        ?disabled=${this.disabled}
        @input=${(event: Event) => this.onQuantity(index, (event.target as HTMLInputElement).value)}
      />
      ${bad ? html`<span id="${id}-error" class="field-error">${msg('A whole number')}</span>` : nothing}
    </div>`;
  }

  private onQuantity(index: number, text: string): void {
    this.quantities[index] = text;
    const locale = currentLocale();
    const numbers = this.quantities.map((q) => (q.trim() === '' ? 0 : readWholeNumber(q, locale)));
    this.bad = new Set(numbers.flatMap((n, i) => (n === null ? [i] : [])));
    if (this.bad.size > 0) return;
    let total: number;
    try {
      total = countedTotal(
        denominationsOf(this.currency),
        numbers.map((n) => n ?? 0),
      );
    } catch {
      this.bad = new Set([index]);
      return;
    }
    this.dispatchEvent(new CustomEvent<number>('admin-count-total', { detail: total }));
  }
}

customElements.define('pos-admin-counting-aid', PosAdminCountingAid);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-counting-aid': PosAdminCountingAid;
  }
}
