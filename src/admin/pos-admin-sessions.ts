import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { stateLabel } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig, SessionListItem, SessionSummary } from './admin-types.js';
import { closeDetails } from './close-details.js';
import { NowClock } from './now-clock.js';
import './pos-admin-confirm.js';
import { runChange } from './run-change.js';
import { sessionsTable } from './sessions-table.js';
import { sessionActions, targetState, unclosedSession, type SessionAction } from './session-actions.js';

/** Button text of each session action. */
function actionLabel(action: SessionAction): string {
  switch (action) {
    case 'open-for-sales':
      return msg('Open for sales');
    case 'start-closing-control':
      return msg('Start closing control');
    case 'close':
      return msg('Close session');
  }
}

/** The close being confirmed: the session and what its devices last reported (null if unreadable). */
interface PendingClose {
  session: SessionListItem;
  summary: SessionSummary | null;
  summaryError: Words | null;
}

/**
 * Sessions of one POS config, newest first: state, opened and closed times, order count and
 * total. Opens a session when none is unclosed; moves the unclosed one to closing control after
 * a confirmation saying what that does (tills stop new sales at once, orders already made are
 * still sent); closes it after a confirmation that says how many orders the devices still hold
 * or have not sent (their last session check reports, from the session summary).
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
    startingControl: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  /** Id of the session whose orders are shown (set by the page from `admin-session-selected`). */
  declare selectedSessionId: Id | null;
  declare sessions: SessionListItem[] | null;
  declare busy: boolean;
  declare error: Words | null;
  declare closing: PendingClose | null;
  /** The session whose move to closing control is being confirmed. */
  declare startingControl: SessionListItem | null;
  private readonly clock = new NowClock(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.selectedSessionId = null;
    this.sessions = null;
    this.busy = false;
    this.error = null;
    this.closing = null;
    this.startingControl = null;
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
      // A session that left `opened` meanwhile (another back office) can no longer start closing control.
      const starting = this.startingControl;
      if (
        starting &&
        !this.busy &&
        sessions.find((s) => String(s.id) === String(starting.id))?.state !== 'opened'
      )
        this.startingControl = null;
      await this.rereadClosing(api, sessions);
    } catch (error) {
      this.error = () => msg(str`Sessions could not be read: ${errorText(error)}`);
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
      this.startingControl = null;
      void this.reload();
    }
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    return html`<section aria-labelledby="sessions-title">
      <div class="row spread">
        <h2 id="sessions-title">${msg('Sessions')}</h2>
        <button
          type="button"
          aria-label=${msg('Refresh sessions')}
          ?disabled=${this.busy}
          @click=${this.onRefresh}
        >
          ${msg('Refresh')}
        </button>
      </div>
      ${this.renderCurrent()}
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${this.sessions ? sessionsTable(this.sessions, config, this.selectedSessionId, (session) => this.select(session)) : nothing}
      ${this.renderConfirmClose(config)} ${this.renderConfirmControl()}
    </section>`;
  }

  private renderCurrent() {
    const sessions = this.sessions;
    if (!sessions) return html`<p role="status">${msg('Loading sessions…')}</p>`;
    const current = unclosedSession(sessions);
    if (!current) {
      return html`<div class="row current">
        <p>${msg('No session is open: tills cannot sell.')}</p>
        <button class="primary" type="button" ?disabled=${this.busy} @click=${this.onOpenSession}>
          ${msg('Open session')}
        </button>
      </div>`;
    }
    // Messages stay plain text (no markup in a translation): the till's French chunk then needs no lit.
    return html`<div class="row current">
      <p>
        ${msg('Current session:')} <strong>${current.name}</strong>
        <span class="badge ${current.state}">${stateLabel(current.state)}</span>
      </p>
      ${sessionActions(current.state).map(
        (action) =>
          html`<button
            type="button"
            class=${action === 'close' ? 'danger' : ''}
            ?disabled=${this.busy}
            @click=${() => this.onAction(current, action)}
          >
            ${actionLabel(action)}
          </button>`,
      )}
    </div>`;
  }

  private renderConfirmClose(config: PosConfig) {
    const closing = this.closing;
    return html`<pos-admin-confirm
      .open=${closing !== null}
      .busy=${this.busy}
      heading=${closing ? msg(str`Close session ${closing.session.name}?`) : ''}
      confirmLabel=${msg('Close session')}
      @admin-confirm=${this.onConfirmClose}
      @admin-cancel=${this.onCancelClose}
      >${closing ? closeDetails(closing.session, closing.summary, closing.summaryError, config.currency, this.clock.now) : nothing}</pos-admin-confirm
    >`;
  }

  private renderConfirmControl() {
    const session = this.startingControl;
    return html`<pos-admin-confirm
      .open=${session !== null}
      .busy=${this.busy}
      heading=${session ? msg(str`Start closing control of session ${session.name}?`) : ''}
      confirmLabel=${msg('Start closing control')}
      @admin-confirm=${this.onConfirmControl}
      @admin-cancel=${this.onCancelControl}
      >${
        session
          ? html`<p>${msg('Tills stop new sales at once.')}</p>
              <p>
                ${msg('Orders already made are still sent to the server: wait until the tablets have sent them, then close the session.')}
              </p>`
          : nothing
      }</pos-admin-confirm
    >`;
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
    if (action === 'start-closing-control') {
      this.startingControl = session;
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
      this.closing = { session, summary: null, summaryError: () => errorText(error) };
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

  private onConfirmControl(): void {
    const { api, startingControl } = this;
    if (!api || !startingControl) return;
    void this.run(async () => {
      try {
        await api.setSessionState(startingControl.id, 'closing_control');
      } finally {
        this.startingControl = null;
      }
    });
  }

  private onCancelControl(): void {
    this.startingControl = null;
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
