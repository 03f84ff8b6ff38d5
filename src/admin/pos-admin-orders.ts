import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { saveDownload } from './save-download.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { AdminApi } from './admin-api.js';
import { ordersText } from './admin-counts.js';
import { errorText, type Words } from './admin-errors.js';
import { formatMoney, formatNumber, formatSaleTime, methodLabel, rescuedCount } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig, PosOrder, SessionListItem, SessionSummary } from './admin-types.js';

/** Orders listed at first, and added by each "Show more" (the live refresh reads them every 10 s). */
export const ORDERS_PAGE = 50;
/** Most orders the server lists at once (MAX_ORDERS_PAGE in server/routes/orders.ts). */
const MAX_ORDERS_SHOWN = 1000;

/**
 * Orders of one session as the server stores them: the summary (order count, total, totals by
 * payment method, orders rescued in and out) and the list, newest first (reference, time,
 * device, payment, total): the last {@link ORDERS_PAGE} received, more on demand, so a long
 * session costs a page per refresh instead of every order. An order whose own session is another
 * one was rescued into this session and says so.
 */
export class PosAdminOrders extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
        margin: 0 0 0.75rem;
      }
      .figures p {
        margin: 0;
      }
      .rescued {
        font-weight: 600;
        color: #92400e;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    session: { attribute: false },
    sessions: { attribute: false },
    summary: { state: true },
    orders: { state: true },
    shown: { state: true },
    exporting: { state: true },
    error: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  /** The session shown; a new object (fresh figures) reloads the orders. */
  declare session: SessionListItem | null;
  /** The config's sessions, to name the one a rescued order was made in. */
  declare sessions: readonly SessionListItem[];
  declare summary: SessionSummary | null;
  /** Newest first. */
  declare orders: PosOrder[] | null;
  /** How many orders are asked for: ORDERS_PAGE, and a page more per "Show more". */
  declare shown: number;
  /** True while the CSV of every order is being fetched. */
  declare exporting: boolean;
  declare error: Words | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.session = null;
    this.sessions = [];
    this.summary = null;
    this.orders = null;
    this.shown = ORDERS_PAGE;
    this.exporting = false;
    this.error = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('session') && !changed.has('api')) return;
    const previous = changed.get('session');
    if (String(previous?.id) !== String(this.session?.id)) {
      this.summary = null;
      this.orders = null;
      this.shown = ORDERS_PAGE;
    }
    void this.load();
  }

  override render() {
    const { session, config } = this;
    if (!session || !config) return nothing;
    return html`<section aria-labelledby="orders-title">
      <div class="row spread">
        <h2 id="orders-title">${msg(str`Orders of session ${session.name}`)}</h2>
        <button type="button" ?disabled=${this.exporting} @click=${this.onExport}>
          ${msg('Export CSV')}
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${this.renderSummary(config.currency)} ${this.renderOrders(session, config.currency)}
    </section>`;
  }

  private renderSummary(currency: string) {
    const summary = this.summary;
    if (!summary) return this.error ? nothing : html`<p role="status">${msg('Loading orders…')}</p>`;
    const rescuedIn = rescuedCount(summary.rescuedIn);
    const rescuedOut = rescuedCount(summary.rescuedOut);
    return html`<div class="figures">
        <p>
          ${msg(str`${ordersText(summary.orderCount)}, total ${formatMoney(summary.amountTotal, currency)}`)}
        </p>
        ${rescuedIn > 0 ? html`<p class="rescued">${msg(str`${ordersText(rescuedIn)} rescued into this session`)}</p>` : nothing}
        ${rescuedOut > 0 ? html`<p class="rescued">${msg(str`${ordersText(rescuedOut)} of this session rescued into another`)}</p>` : nothing}
        ${summary.held + summary.pending > 0 ? html`<p>${msg(str`Devices last reported ${summary.pending} pending and ${summary.held} held`)}</p>` : nothing}
      </div>
      ${
        summary.byPaymentMethod.length > 0
          ? html`<h3>${msg('By payment method')}</h3>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Method')}</th>
                      <th scope="col" class="amount">${msg('Payments')}</th>
                      <th scope="col" class="amount">${msg('Amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${summary.byPaymentMethod.map(
                      (m) =>
                        html`<tr>
                          <th scope="row">${methodLabel(m.method)}</th>
                          <td class="amount">${formatNumber(m.count)}</td>
                          <td class="amount">${formatMoney(m.amount, currency)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
          : nothing
      }`;
  }

  private renderOrders(session: SessionListItem, currency: string) {
    const orders = this.orders;
    if (!orders) return nothing;
    if (orders.length === 0) return html`<p>${msg('No orders in this session.')}</p>`;
    const total = Math.max(this.summary?.orderCount ?? orders.length, orders.length);
    const shown = formatNumber(orders.length);
    const all = formatNumber(total);
    return html`<h3>${msg('Orders')}</h3>
      ${
        total > orders.length
          ? html`<p class="hint">
              ${
                this.shown >= MAX_ORDERS_SHOWN
                  ? msg(
                      str`The ${shown} most recently received of ${all} orders (the list shows at most ${formatNumber(MAX_ORDERS_SHOWN)}: Export CSV gives them all).`,
                    )
                  : msg(str`The ${shown} most recently received of ${all} orders.`)
              }
            </p>`
          : nothing
      }
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${msg('Reference')}</th>
              <th scope="col">${msg('Time')}</th>
              <th scope="col">${msg('Device')}</th>
              <th scope="col">${msg('Payment')}</th>
              <th scope="col" class="amount">${msg('Total')}</th>
              <th scope="col">${msg('Note')}</th>
            </tr>
          </thead>
          <tbody>
            ${orders.map(
              (o) =>
                html`<tr>
                  <th scope="row">${o.reference}</th>
                  <td>${formatSaleTime(o.createdAt, session.openedAt)}</td>
                  <td>${o.deviceNumber}</td>
                  <td>${o.payments.map((p) => methodLabel(p.method)).join(' + ') || '—'}</td>
                  <td class="amount">${formatMoney(o.amountTotal, o.currency || currency)}</td>
                  <td>
                    ${String(o.sessionId) !== String(session.id) ? html`<span class="rescued">${msg(str`Rescued from session ${this.sessionName(o.sessionId)}`)}</span>` : nothing}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        total > orders.length && this.shown < MAX_ORDERS_SHOWN
          ? html`<button type="button" @click=${this.onShowMore}>
              ${msg(str`Show ${formatNumber(Math.min(ORDERS_PAGE, total - orders.length))} more`)}
            </button>`
          : nothing
      }`;
  }

  /** The name of session `id` ("Main counter/00001"), or its number when it is not listed. */
  private sessionName(id: PosOrder['sessionId']): string {
    return this.sessions.find((s) => String(s.id) === String(id))?.name ?? String(id);
  }

  /** Downloads every order of the session as CSV (the list shows at most MAX_ORDERS_SHOWN). */
  private async onExport(): Promise<void> {
    const { api, session } = this;
    if (!api || !session || this.exporting) return;
    this.exporting = true;
    try {
      const { blob, filename } = await api.exportOrders(session.id);
      saveDownload(blob, filename);
    } catch (error) {
      this.error = () => msg(str`The orders could not be exported: ${errorText(error)}`);
    } finally {
      this.exporting = false;
    }
  }

  private onShowMore(): void {
    this.shown = Math.min(this.shown + ORDERS_PAGE, MAX_ORDERS_SHOWN);
    void this.load();
  }

  private async load(): Promise<void> {
    const { api, session, shown } = this;
    if (!api || !session) return;
    try {
      const [summary, orders] = await Promise.all([
        api.sessionSummary(session.id),
        api.sessionOrders(session.id, shown),
      ]);
      if (this.session !== session || this.shown !== shown) return;
      this.summary = summary;
      this.orders = orders.reverse();
      this.error = null;
    } catch (error) {
      if (this.session === session)
        this.error = () => msg(str`Orders could not be read: ${errorText(error)}`);
    }
  }
}

customElements.define('pos-admin-orders', PosAdminOrders);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-orders': PosAdminOrders;
  }
}
