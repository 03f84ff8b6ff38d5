import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { DayReport } from '../domain/report.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatDateTime, stateLabel } from './admin-format.js';
import { reportHash } from './admin-route.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig } from './admin-types.js';
import './pos-admin-paper.js';
import { reportStyles } from './report-styles.js';
import { reportParts } from './report-view.js';
import { isCalendarDay, shopDay } from './shop-day.js';

/**
 * The Day report of one register: a date (today in the shop's time zone unless another is
 * chosen), the sessions opened that day (rescue sessions included, each linked to its own report)
 * and every part of their summed report; printable like a session's report.
 */
export class PosAdminDayReport extends LitElement {
  static override styles = [...adminStyles, reportStyles];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    date: { state: true },
    report: { state: true },
    error: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  /** The day shown, `YYYY-MM-DD` in the shop's time zone. */
  declare date: string;
  declare report: DayReport | null;
  declare error: Words | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.date = '';
    this.report = null;
    this.error = null;
  }

  /** Reads the day's report again. */
  async reload(): Promise<void> {
    const { api, config, date } = this;
    if (!api || !config || !isCalendarDay(date)) return;
    try {
      const report = await api.dayReport(config.id, date);
      if (this.config?.id !== config.id || this.date !== date) return;
      this.report = report;
      this.error = null;
    } catch (error) {
      if (this.config?.id === config.id && this.date === date)
        this.error = () => msg(str`The day report could not be read: ${errorText(error)}`);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const config = this.config;
    if (changed.has('config') && changed.get('config')?.id !== config?.id && config) {
      this.date = safeShopDay(config.timeZone);
    }
    if (
      changed.has('date') ||
      changed.has('api') ||
      (changed.has('config') && changed.get('config')?.id !== config?.id)
    ) {
      this.report = null;
      this.error = null;
      void this.reload();
    }
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    const report = this.report;
    return html`<section aria-labelledby="day-title">
      <h2 id="day-title">${msg(str`Day report of ${config.name}`)}</h2>
      <div class="row no-print">
        <label for="day">${msg('Day')}</label>
        <input id="day" type="date" aria-describedby="day-hint" .value=${this.date} @change=${this.onDate} />
        <button type="button" @click=${this.onRefresh}>${msg('Refresh')}</button>
        <pos-admin-paper></pos-admin-paper>
        <button type="button" class="primary" @click=${this.onPrint}>${msg('Print')}</button>
      </div>
      <p id="day-hint" class="hint no-print">
        ${msg(str`Every session opened that day in the shop’s time zone (${config.timeZone}), rescue sessions included.`)}
      </p>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${report ? this.renderReport(report) : this.error ? nothing : html`<p role="status">${msg('Loading the day report…')}</p>`}
    </section>`;
  }

  private renderReport(report: DayReport) {
    return html`<p class="meta">
        ${report.config.name} · ${report.date} · ${msg(str`as of ${formatDateTime(report.generatedAt)}`)}
      </p>
      <section class="part" aria-labelledby="part-sessions">
        <h3 id="part-sessions">${msg('Sessions')}</h3>
        ${
          report.sessions.length === 0
            ? html`<p>${msg('No session was opened that day.')}</p>`
            : html`<ul>
                ${report.sessions.map(
                  (s) =>
                    html`<li>
                      <a href=${reportHash(s.id)}>${s.name}</a> · ${stateLabel(s.state)}
                      ${s.rescue ? html` · ${msg('rescue session')}` : nothing}
                    </li>`,
                )}
              </ul>`
        }
      </section>
      ${reportParts(report, report.config.currency)}`;
  }

  private onDate(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (isCalendarDay(value)) this.date = value;
  }

  private onRefresh(): void {
    void this.reload();
  }

  private onPrint(): void {
    window.print();
  }
}

/** Today in `timeZone`, or in UTC when this browser does not know the zone. */
function safeShopDay(timeZone: string): string {
  try {
    return shopDay(timeZone, Date.now());
  } catch {
    return shopDay('UTC', Date.now());
  }
}

customElements.define('pos-admin-day-report', PosAdminDayReport);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-day-report': PosAdminDayReport;
  }
}
