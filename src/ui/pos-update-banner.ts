import { LitElement, css, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import type { UpdateStatus } from '../app/update-flow.js';
import { baseStyles } from './shared-styles.js';

/**
 * The non-blocking "Update available" banner (C05). Its button applies the update now, or, while
 * a sale is in progress, promises to do it right after the sale. A polite live region: the
 * cashier hears it without losing focus.
 *
 * @fires update-request - the cashier accepted the update.
 */
export class PosUpdateBanner extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        display: flex;
        align-items: center;
        gap: 1rem;
        margin: 0.75rem 0 0;
        padding: 0.4rem 0.5rem 0.4rem 1rem;
        border-radius: 10px;
        background: #eff6ff;
        border: 2px solid var(--pos-accent, #0b4fb3);
        color: #0c2d5e;
        font-weight: 600;
      }
      .banner span {
        flex: 1;
      }
    `,
  ];

  static override properties = {
    status: { attribute: false },
    busy: { type: Boolean },
  };

  declare status: UpdateStatus;
  /** True while a sale is in progress: the button then promises to update after it. */
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.status = 'none';
    this.busy = false;
  }

  override render() {
    return html`<div role="status" aria-live="polite">${this.status === 'none' ? nothing : this.renderBanner()}</div>`;
  }

  private renderBanner() {
    switch (this.status) {
      case 'available':
        return html`<p class="banner">
          <span>${msg('Update available.')}</span>
          <button class="primary" @click=${this.onRequest}>${this.busy ? msg('Update after this sale') : msg('Update')}</button>
        </p>`;
      case 'after-sale':
        return html`<p class="banner"><span>${msg('Update available: the till updates right after this sale.')}</span></p>`;
      case 'applying':
        return html`<p class="banner"><span>${msg('Updating the till…')}</span></p>`;
      case 'failed':
        return html`<p class="banner">
          <span>${msg('The update could not be applied.')}</span>
          <button class="primary" @click=${this.onRequest}>${msg('Try again')}</button>
        </p>`;
      default:
        return nothing;
    }
  }

  private onRequest(): void {
    this.dispatchEvent(new CustomEvent('update-request', { bubbles: true, composed: true }));
  }
}

customElements.define('pos-update-banner', PosUpdateBanner);

declare global {
  interface HTMLElementTagNameMap {
    'pos-update-banner': PosUpdateBanner;
  }
  interface HTMLElementEventMap {
    'update-request': CustomEvent<undefined>;
  }
}
