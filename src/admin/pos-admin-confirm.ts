import { LitElement, css, html, type PropertyValues } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { adminStyles } from './admin-styles.js';

/**
 * A modal confirmation (a native `<dialog>` opened with `showModal`, so focus stays inside and
 * the page behind is inert): a heading, the slotted explanation, Cancel and a confirm button.
 * Escape cancels.
 *
 * @fires admin-confirm - the manager pressed the confirm button
 * @fires admin-cancel - Cancel, or Escape
 */
export class PosAdminConfirm extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      dialog {
        border: 3px solid #111;
        border-radius: 16px;
        padding: 1.25rem 1.5rem;
        width: min(560px, 92vw);
      }
      dialog::backdrop {
        background: rgb(17 24 39 / 0.6);
      }
      .row {
        justify-content: flex-end;
        margin-top: 1rem;
      }
    `,
  ];

  static override properties = {
    heading: {},
    confirmLabel: {},
    open: { type: Boolean },
    busy: { type: Boolean },
  };

  /** The dialog's title (its accessible name). */
  declare heading: string;
  /** Text of the confirm button, a verb ("Close session", "Revoke"). */
  declare confirmLabel: string;
  /** Shown while true. */
  declare open: boolean;
  /** Disables both buttons while the confirmed action runs. */
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.heading = '';
    this.confirmLabel = '';
    this.open = false;
    this.busy = false;
  }

  override render() {
    return html`<dialog aria-labelledby="confirm-title" @cancel=${this.onCancel}>
      <h2 id="confirm-title">${this.heading}</h2>
      <slot></slot>
      <div class="row">
        <button type="button" ?disabled=${this.busy} @click=${this.onCancel}>${msg('Cancel')}</button>
        <button type="button" class="danger" ?disabled=${this.busy} @click=${this.onConfirm}>
          ${this.confirmLabel || msg('Confirm')}
        </button>
      </div>
    </dialog>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) dialog.showModal();
    if (!this.open && dialog.open) dialog.close();
  }

  private onCancel(event: Event): void {
    event.preventDefault();
    if (this.busy) return;
    this.dispatchEvent(new Event('admin-cancel'));
  }

  private onConfirm(): void {
    this.dispatchEvent(new Event('admin-confirm'));
  }
}

customElements.define('pos-admin-confirm', PosAdminConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-confirm': PosAdminConfirm;
  }
}
