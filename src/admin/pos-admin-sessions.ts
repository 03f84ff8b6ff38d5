import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Id } from '../domain/ids.js';
import { errorMessage, type AdminApi } from './admin-api.js';
import { runChange } from './run-change.js';
import { formatDateTime, formatMoney, plural, stateLabel } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig, SessionListItem, SessionSummary, SummaryDevice } from './admin-types.js';
import './pos-admin-confirm.js';
import { sessionActions, targetState, unclosedSession, type SessionAction } from './session-actions.js';

/** Button text of each session action. */
const ACTION_LABELS: Record<SessionAction, string> = {
  'open-for-sales': 'Open for sales',
  'start-closing-control': 'Start closing control',
  close: 'Close session',
};

/** The close being confirmed: the session and what its devices last reported (null if unreadable). */
interface PendingClose {
  session: SessionListItem;
  summary: SessionSummary | null;
  summaryError: string | null;
}

/**
 * Sessions of one POS config, newest first: state, opened and closed times, order count and
 * total. Opens a session when none is unclosed, moves the unclosed one to closing control, and
 * closes it after a confirmation that says how many orders the devices still hold or have not
 * sent (their last session check reports, from the session summary).
 *
 * @fires admin-session-selected - `CustomEvent<SessionListItem>`, the session whose orders to show;
 *   fired again with fresh figures after each reload
 * @fires admin-sessions-changed - a session was opened or changed state
 * @fires admin-sessions-read - `CustomEvent<SessionListItem[]>`, the sessions as just read
 */
export class PosAdminSessions extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .current {
        margin: 0 0 0.75rem;
      }
      ul.devices {
        padding-left: 1.2rem;
      }
      button.session-name {
        font-weight: 700;
        text-align: start;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    selectedSessionId: { attribute: false },
    sessions: { state: true },
    busy: { state: true },
    error: { state: true },
    closing: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  /** Id of the session whose orders are shown (set by the page from `admin-session-selected`). */
  declare selectedSessionId: Id | null;
  declare sessions: SessionListItem[] | null;
  declare busy: boolean;
  declare error: string | null;
  declare closing: PendingClose | null;

  constructor() {
    super();
    this.api = null;
    this.config = null;
    this.selectedSessionId = null;
    this.sessions = null;
    this.busy = false;
    this.error = null;
    this.closing = null;
  }

  /**
   * Reads the sessions again (after a change made elsewhere, the Refresh button or the live
   * refresh), and the figures of an open close confirmation with them.
   */
  async reload(): Promise<void> {
    const { api, config } = this;
    if (!api || !config) return;
    try {
      const sessions = await api.listSessions(config.id);
      if (this.config?.id !== config.id) return;
      this.sessions = sessions;
      this.error = null;
      this.dispatchEvent(new CustomEvent<SessionListItem[]>('admin-sessions-read', { detail: sessions }));
      const selected = sessions.find((s) => String(s.id) === String(this.selectedSessionId)) ?? sessions[0];
      if (selected) this.select(selected);
      await this.rereadClosing(api, sessions);
    } catch (error) {
      this.error = `Sessions could not be read: ${errorMessage(error)}`;
    }
  }

  /**
   * While the close confirmation is open, its figures follow the tablets' newest reports: a manager
   * waiting for the last pending orders sees them arrive before pressing Close. A session closed
   * meanwhile (another back office) ends the confirmation; a summary that cannot be read keeps the
   * figures last shown. Nothing changes under a confirmed close that is being sent.
   */
  private async rereadClosing(api: AdminApi, sessions: readonly SessionListItem[]): Promise<void> {
    const closing = this.closing;
    if (!closing || this.busy) return;
    const session = sessions.find((s) => String(s.id) === String(closing.session.id));
    if (!session || session.state === 'closed') {
      this.closing = null;
      return;
    }
    let summary: SessionSummary;
    try {
      summary = await api.sessionSummary(session.id);
    } catch {
      return;
    }
    if (this.closing === closing && !this.busy) this.closing = { session, summary, summaryError: null };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('config') && changed.get('config')?.id !== this.config?.id) || changed.has('api')) {
      this.sessions = null;
      this.error = null;
      this.closing = null;
      void this.reload();
    }
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    return html`<section aria-labelledby="sessions-title">
      <div class="row spread">
        <h2 id="sessions-title">Sessions</h2>
        <button type="button" aria-label="Refresh sessions" ?disabled=${this.busy} @click=${this.onRefresh}>Refresh</button>
      </div>
      ${this.renderCurrent()} ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.renderTable(config)} ${this.renderConfirm(config)}
    </section>`;
  }

  private renderCurrent() {
    const sessions = this.sessions;
    if (!sessions) return html`<p role="status">Loading sessions…</p>`;
    const current = unclosedSession(sessions);
    if (!current) {
      return html`<div class="row current">
        <p>No session is open: tills cannot sell.</p>
        <button class="primary" type="button" ?disabled=${this.busy} @click=${this.onOpenSession}>Open session</button>
      </div>`;
    }
    return html`<div class="row current">
      <p>Session <strong>${current.name}</strong> is <span class="badge ${current.state}">${stateLabel(current.state)}</span>.</p>
      ${sessionActions(current.state).map(
        (action) =>
          html`<button type="button" class=${action === 'close' ? 'danger' : ''} ?disabled=${this.busy} @click=${() => this.onAction(current, action)}>${ACTION_LABELS[action]}</button>`,
      )}
    </div>`;
  }

  private renderTable(config: PosConfig) {
    const sessions = this.sessions;
    if (!sessions || sessions.length === 0) return sessions ? html`<p>No sessions yet.</p>` : nothing;
    // The session's name is the button that shows its orders: first in the row, so a phone that
    // scrolls the table sideways still shows it.
    return html`<p class="hint">Choose a session to see its orders.</p>
      <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Sessions of ${config.name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">State</th>
            <th scope="col">Opened</th>
            <th scope="col">Closed</th>
            <th scope="col" class="amount">Orders</th>
            <th scope="col" class="amount">Total</th>
          </tr>
        </thead>
        <tbody>
          ${sessions.map((s) => {
            const selected = String(s.id) === String(this.selectedSessionId);
            return html`<tr aria-current=${selected ? 'true' : 'false'}>
              <th scope="row">
                <button type="button" class="session-name" aria-pressed=${selected ? 'true' : 'false'} @click=${() => this.select(s)}>${s.name}</button>
              </th>
              <td><span class="badge ${s.state}">${stateLabel(s.state)}</span></td>
              <td>${formatDateTime(s.openedAt)}</td>
              <td>${formatDateTime(s.closedAt)}</td>
              <td class="amount">${s.orderCount}</td>
              <td class="amount">${formatMoney(s.amountTotal, config.currency)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderConfirm(config: PosConfig) {
    const closing = this.closing;
    return html`<pos-admin-confirm
      .open=${closing !== null}
      .busy=${this.busy}
      heading=${closing ? `Close session ${closing.session.name}?` : ''}
      confirmLabel="Close session"
      @admin-confirm=${this.onConfirmClose}
      @admin-cancel=${this.onCancelClose}
      >${closing ? this.renderCloseDetails(closing, config) : nothing}</pos-admin-confirm
    >`;
  }

  private renderCloseDetails(closing: PendingClose, config: PosConfig) {
    const { session, summary, summaryError } = closing;
    const totals = html`<p>${plural(session.orderCount, 'order')} received, ${formatMoney(session.amountTotal, config.currency)}.</p>`;
    if (!summary) return html`${totals}<p class="error">What the devices hold is unknown: ${summaryError}</p>`;
    const waiting = summary.held + summary.pending;
    const silent = summary.silentDevices ?? 0;
    return html`${totals}
      <p class=${waiting > 0 ? 'error' : ''}>
        ${waiting > 0
          ? `Devices still hold ${heldWords(summary)} of this session (their last reports, read again every 10 s).`
          : silent > 0
            ? 'The devices that reported have no orders left to send.'
            : 'No device reported orders left to send.'}
      </p>
      ${silent > 0
        ? html`<p class="error">
            ${plural(silent, 'device')} did not report for more than two check intervals (offline?): sales made there
            may not have reached the server. Whatever a tablet still holds waits on it for a rescue.
          </p>`
        : nothing}
      ${summary.devices.length > 0
        ? html`<ul class="devices">
            ${summary.devices.map(
              (d) =>
                html`<li>${deviceLine(d)}</li>`,
            )}
          </ul>`
        : nothing}
      <p class="hint">Orders not sent when the session closes stay on their tablet as held orders until a manager rescues them.</p>`;
  }

  private select(session: SessionListItem): void {
    this.selectedSessionId = session.id;
    this.dispatchEvent(new CustomEvent<SessionListItem>('admin-session-selected', { detail: session }));
  }

  private onRefresh(): void {
    void this.reload();
  }

  private onOpenSession(): void {
    const { api, config } = this;
    if (!api || !config) return;
    void this.run(async () => {
      await api.openSession(config.id);
    });
  }

  private onAction(session: SessionListItem, action: SessionAction): void {
    const api = this.api;
    if (!api) return;
    if (action === 'close') {
      void this.askToClose(api, session);
      return;
    }
    void this.run(async () => {
      await api.setSessionState(session.id, targetState(action));
    });
  }

  private async askToClose(api: AdminApi, session: SessionListItem): Promise<void> {
    this.busy = true;
    try {
      this.closing = { session, summary: await api.sessionSummary(session.id), summaryError: null };
    } catch (error) {
      this.closing = { session, summary: null, summaryError: errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  private onConfirmClose(): void {
    const { api, closing } = this;
    if (!api || !closing) return;
    void this.run(async () => {
      try {
        await api.setSessionState(closing.session.id, 'closed');
      } finally {
        this.closing = null;
      }
    });
  }

  private onCancelClose(): void {
    this.closing = null;
  }

  /** Runs a change, then reads the sessions again and tells the page; a failure is shown. */
  private async run(change: () => Promise<void>): Promise<void> {
    await runChange(this, change);
    this.dispatchEvent(new Event('admin-sessions-changed'));
  }
}

customElements.define('pos-admin-sessions', PosAdminSessions);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-sessions': PosAdminSessions;
  }
}

/** "2 orders not yet sent and 1 held order", leaving out a zero. */
function heldWords(summary: Pick<SessionSummary, 'pending' | 'held'>): string {
  const parts = [];
  if (summary.pending > 0) parts.push(`${plural(summary.pending, 'order')} not yet sent`);
  if (summary.held > 0) parts.push(plural(summary.held, 'held order'));
  return parts.join(' and ');
}

/** One device's line in the close confirmation: its last report, or that it has none. */
function deviceLine(d: SummaryDevice): string {
  const report = d.lastSeenAt === null ? 'no report this session' : `${d.pending ?? 0} pending, ${d.held ?? 0} held, last seen ${formatDateTime(d.lastSeenAt)}`;
  return `Device ${d.deviceNumber ?? d.deviceId}: ${report}${d.silent ? ' (silent)' : ''}`;
}
