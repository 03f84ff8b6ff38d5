import { LitElement, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { CashDesk, type CashDeskDeps } from '../app/cash-desk.js';
import { needsNetwork } from '../app/cash-messages.js';
import type { Id } from '../domain/ids.js';
import type { SessionReport } from '../domain/report.js';
import { cashStyles } from './cash-styles.js';
import { failureView } from './cash-count-text.js';
import { printTemplate } from './print-receipt.js';
import { reportBody } from './report-body.js';
import { baseStyles } from './shared-styles.js';
import './pos-session-report.js';

/**
 * The X or Z report of a session in a modal dialog (the top layer, so it shows over the blocking
 * dialog of a closed session too): read from the server when shown (`GET
 * /api/sessions/:id/report`: X while the session runs, Z once it is closed), with Print (80 mm,
 * as a receipt) and Close. Offline it says the report needs the network and reads nothing.
 *
 * @fires cash-panel-close - the cashier closed the dialog.
 */
export class PosReportDialog extends LitElement {
  static override styles = [baseStyles, cashStyles];

  static override properties = {
    deps: { attribute: false },
    sessionId: { attribute: false },
    online: { type: Boolean },
    report: { state: true },
    failure: { state: true },
    loading: { state: true },
  };

  declare deps: CashDeskDeps | null;
  declare sessionId: Id | null;
  /** `navigator.onLine`: the report is the server's. */
  declare online: boolean;
  declare report: SessionReport | null;
  declare failure: unknown;
  declare loading: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.deps = null;
    this.sessionId = null;
    this.online = true;
    this.report = null;
    this.failure = null;
    this.loading = false;
  }

  override render() {
    const kind = this.report?.kind;
    const title = kind === 'Z' ? msg('Z report') : kind === 'X' ? msg('X report') : msg('Session report');
    return html`<dialog class="panel" aria-labelledby="report-title" @cancel=${this.onCancel}>
      <div class="top">
        <h2 id="report-title">${title}</h2>
        <button class="close" @click=${this.close}>${msg('Close')}</button>
      </div>
      ${this.loading ? html`<p role="status">${msg('Reading the report…')}</p>` : nothing}
      <div role="alert">
        ${this.online || this.report ? nothing : html`<p class="failure">${needsNetwork('report')}</p>`}
        ${failureView(this.failure, 'report')}
      </div>
      ${
        this.report
          ? html`<pos-session-report .report=${this.report}></pos-session-report>
              <div class="actions">
                <button class="primary" @click=${this.print}>${msg('Print')}</button>
              </div>`
          : nothing
      }
      ${
        !this.report && !this.loading
          ? html`<div class="actions">
              <button @click=${() => void this.load()}>${msg('Try again')}</button>
            </div>`
          : nothing
      }
    </dialog>`;
  }

  override firstUpdated(): void {
    // Not at connection: a lazily defined element gets its properties only at its first update.
    void this.load();
  }

  override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  private async load(): Promise<void> {
    if (!this.deps || this.sessionId === null || this.loading) return;
    this.failure = null;
    if (!this.online) return; // the alert says it needs the network
    this.loading = true;
    try {
      this.report = await new CashDesk(this.deps).report(this.sessionId);
    } catch (error) {
      console.warn('pos-shell: reading the session report failed', error);
      this.failure = error;
    } finally {
      this.loading = false;
    }
  }

  private readonly print = (): void => {
    if (this.report) printTemplate(reportBody(this.report));
  };

  private readonly close = (): void => {
    this.dispatchEvent(new CustomEvent('cash-panel-close', { bubbles: true, composed: true }));
  };

  private readonly onCancel = (event: Event): void => {
    event.preventDefault(); // the owner removes the dialog
    this.close();
  };
}

customElements.define('pos-report-dialog', PosReportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'pos-report-dialog': PosReportDialog;
  }
  interface HTMLElementEventMap {
    'cash-panel-close': CustomEvent<undefined>;
  }
}
