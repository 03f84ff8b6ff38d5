import { LitElement, css, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { canCloseRegister } from '../domain/cash-count.js';
import type { SessionRecord } from '../domain/session-record.js';
import { baseStyles } from './shared-styles.js';

/**
 * The register's entries of the till's toolbar row: "X report" (the session's report so far,
 * read from the server) while the session is open, and under cash control "Close the register"
 * (behind the manager PIN).
 *
 * @fires x-report-open - the cashier asked for the X report of the session.
 * @fires register-close-open - the manager asked to count the drawer and close the session.
 */
export class PosRegisterActions extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = { record: { attribute: false } };

  /** The current session's record; nothing is offered without one. */
  declare record: SessionRecord | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.record = null;
  }

  override render() {
    const record = this.record;
    if (record?.state !== 'opened') return nothing;
    return html`<button @click=${() => this.fire('x-report-open')}>${msg('X report')}</button> ${
        canCloseRegister(record)
          ? html`<button @click=${() => this.fire('register-close-open')}>
              ${msg('Close the register')}
            </button>`
          : nothing
      }`;
  }

  private fire(type: 'x-report-open' | 'register-close-open'): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }
}

customElements.define('pos-register-actions', PosRegisterActions);

declare global {
  interface HTMLElementTagNameMap {
    'pos-register-actions': PosRegisterActions;
  }
  interface HTMLElementEventMap {
    'x-report-open': CustomEvent<undefined>;
    'register-close-open': CustomEvent<undefined>;
  }
}
