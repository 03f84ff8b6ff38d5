import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { AppLocale } from '../app/locale.js';
import { baseStyles } from './shared-styles.js';

/** Each language named in itself, so a cashier finds their own whatever the till speaks now. */
const LANGUAGE_NAMES: Readonly<Record<AppLocale, string>> = { en: 'English', fr: 'Français' };

/** Detail of `locale-change`. */
export interface LocaleChangeDetail {
  locale: AppLocale;
}

/**
 * The row under the status bar (beside the Held orders button): the session's order history, the
 * language switch, and the version of the till.
 *
 * @fires history-open - the cashier asked for the orders of this session.
 * @fires cash-move-open - the cashier asked to put cash in or take it out (shown with `cashMoves`).
 * @fires locale-change - {@link LocaleChangeDetail}: the cashier picked a language.
 */
export class PosToolbar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .languages {
        display: flex;
        gap: 0.25rem;
        margin-inline-start: auto;
      }
      .languages button[aria-pressed='true'] {
        background: var(--pos-ink, #111);
        color: #fff;
      }
      .version {
        color: #374151;
        font-size: 0.95rem;
      }
    `,
  ];

  static override properties = {
    locale: { attribute: false },
    locales: { attribute: false },
    version: { attribute: false },
    cashMoves: { attribute: false },
  };

  declare locale: AppLocale;
  declare locales: readonly AppLocale[];
  declare version: string;
  /** Offer "Cash in / out" (the config has cash control). */
  declare cashMoves: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.locale = 'en';
    this.locales = ['en'];
    this.version = '';
    this.cashMoves = false;
  }

  override render() {
    return html`<div class="bar">
      <button @click=${this.onHistory}>${msg('Orders of this session')}</button>
      ${this.cashMoves ? html`<button @click=${this.onCashMove}>${msg('Cash in / out')}</button>` : nothing}
      <div class="languages" role="group" aria-label=${msg('Language')}>
        ${this.locales.map(
          (locale) =>
            html`<button
              lang=${locale}
              aria-pressed=${locale === this.locale ? 'true' : 'false'}
              @click=${() => this.onLocale(locale)}
            >
              ${LANGUAGE_NAMES[locale]}
            </button>`,
        )}
      </div>
      <span class="version">${msg(str`Version ${this.version}`)}</span>
    </div>`;
  }

  private onHistory(): void {
    this.dispatchEvent(new CustomEvent('history-open', { bubbles: true, composed: true }));
  }

  private onCashMove(): void {
    this.dispatchEvent(new CustomEvent('cash-move-open', { bubbles: true, composed: true }));
  }

  private onLocale(locale: AppLocale): void {
    if (locale === this.locale) return;
    this.dispatchEvent(
      new CustomEvent<LocaleChangeDetail>('locale-change', {
        detail: { locale },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define('pos-toolbar', PosToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'pos-toolbar': PosToolbar;
  }
  interface HTMLElementEventMap {
    'history-open': CustomEvent<undefined>;
    'cash-move-open': CustomEvent<undefined>;
    'locale-change': CustomEvent<LocaleChangeDetail>;
  }
}
