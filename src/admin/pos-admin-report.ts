import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { SessionReport } from '../domain/report.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatDateTime, stateLabel } from './admin-format.js';
import { sectionHash } from './admin-route.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig } from './admin-types.js';
import './pos-admin-paper.js';
import { reportStyles } from './report-styles.js';
import { reportParts } from './report-view.js';
import { saveDownload } from './save-download.js';

/** The exports of a session offered beside its report. */
type Export = 'report' | 'lines' | 'orders';

/**
 * The Report page of one session (`#/sessions/<id>/report`): the X report while the session runs
 * (computed when read), the Z report once it is closed (fixed at closing), the kind in the title;
 * every part of the report (report-view.ts); Print (A4 or an 80 mm receipt printer) and the
 * downloads of the report, its order lines and its orders as CSV.
 */
export class PosAdminReport extends LitElement {
  static override styles = [
    ...adminStyles,
    reportStyles,
    css`
      .actions {
        margin: 0 0 1rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    sessionId: {},
    report: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare api: AdminApi | null;
  /** The config the session belongs to (its currency when the report has not come yet). */
  declare config: PosConfig | null;
  /** The session's id as its address spells it. */
  declare sessionId: string;
  declare report: SessionReport | null;
  declare error: Words | null;
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.sessionId = '';
    this.report = null;
    this.error = null;
    this.busy = false;
  }

  /** Reads the report again (an X report changes with every sale). */
  async reload(): Promise<void> {
    const { api, sessionId } = this;
    if (!api || sessionId === '') return;
    try {
      const report = await api.sessionReport(sessionId);
      if (this.sessionId !== sessionId) return;
      this.report = report;
      this.error = null;
    } catch (error) {
      if (this.sessionId === sessionId)
        this.error = () => msg(str`The report could not be read: ${errorText(error)}`);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionId') || changed.has('api')) {
      this.report = null;
      this.error = null;
      void this.reload();
    }
  }

  override render() {
    const report = this.report;
    return html`<section aria-labelledby="report-title">
      <p class="no-print"><a href=${sectionHash('sessions')}>${msg('Back to the sessions')}</a></p>
      <h2 id="report-title">${report ? this.heading(report) : msg('Report')}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${report ? this.renderReport(report) : this.error ? nothing : html`<p role="status">${msg('Loading the report…')}</p>`}
    </section>`;
  }

  private heading(report: SessionReport): string {
    return report.kind === 'Z'
      ? msg(str`Z report · ${report.session.name}`)
      : msg(str`X report · ${report.session.name}`);
  }

  private renderReport(report: SessionReport) {
    const currency = report.config.currency;
    return html`<p class="meta">
        ${report.config.name} · ${stateLabel(report.session.state)} ·
        ${msg(str`opened ${formatDateTime(report.session.openedAt)}`)}
        ${report.session.closedAt ? html` · ${msg(str`closed ${formatDateTime(report.session.closedAt)}`)}` : nothing}
      </p>
      <p class="meta hint">
        ${
          report.kind === 'Z'
            ? msg(str`Fixed at closing, ${formatDateTime(report.generatedAt)}.`)
            : msg(str`The session is still running: figures as of ${formatDateTime(report.generatedAt)}.`)
        }
      </p>
      <div class="row actions no-print">
        <pos-admin-paper></pos-admin-paper>
        <button type="button" class="primary" @click=${this.onPrint}>${msg('Print')}</button>
        ${report.kind === 'X' ? html`<button type="button" @click=${this.onRefresh}>${msg('Refresh')}</button>` : nothing}
        <button type="button" ?disabled=${this.busy} @click=${() => this.onExport('report')}>
          ${msg('Download report (CSV)')}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => this.onExport('lines')}>
          ${msg('Download order lines (CSV)')}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => this.onExport('orders')}>
          ${msg('Download orders (CSV)')}
        </button>
      </div>
      ${reportParts(report, currency)}`;
  }

  private onPrint(): void {
    window.print();
  }

  private onRefresh(): void {
    void this.reload();
  }

  private async onExport(kind: Export): Promise<void> {
    const { api, sessionId } = this;
    if (!api) return;
    this.busy = true;
    try {
      const file =
        kind === 'report'
          ? await api.exportReport(sessionId)
          : kind === 'lines'
            ? await api.exportLines(sessionId)
            : await api.exportOrders(sessionId);
      saveDownload(file.blob, file.filename);
      this.error = null;
    } catch (error) {
      this.error = () => msg(str`The file could not be downloaded: ${errorText(error)}`);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pos-admin-report', PosAdminReport);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-report': PosAdminReport;
  }
}
