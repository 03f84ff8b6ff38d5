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
import { closingCountFromForm, countRefusal, openingCountFromForm, type CountErrors } from './count-form.js';
import type { CountValues } from './pos-admin-cash-count.js';
import { EMPTY_COUNT, typedCount, type PendingCount, type PendingOpen } from './pending-count.js';
import './pos-admin-cash-count.js';
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

/**
 * The close being confirmed: the session and what its devices last reported (null if unreadable);
 * under cash control, its report (the expected cash; null if unreadable) and the count typed.
 */
interface PendingClose {
  session: SessionListItem;
  summary: SessionSummary | null;
  summaryError: Words | null;
  cash: PendingCount | null;
}

/**
 * Sessions of one POS config, newest first: state, opened and closed times, order count and
 * total. Opens a session when none is unclosed; moves the unclosed one to closing control after
 * a confirmation saying what that does (tills stop new sales at once, orders already made are
 * still sent); closes it after a confirmation that says how many orders the devices still hold
 * or have not sent (their last session check reports, from the session summary). Under cash
 * control (the session's, else the config's), opening a session in opening control asks for the
 * counted float (a difference from the expected float is shown, never blocking), and closing asks
 * for the counted cash against the expected cash of the session's report, with a note when they
 * differ: refused at the field before sending, and the server's refusals of a count shown there
 * too, the confirmation staying open with what was typed.
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
    opening: { state: true },
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
  /** The session whose float is being counted before it opens for sales. */
  declare opening: PendingOpen | null;
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
    this.opening = null;
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
      // Likewise a session opened meanwhile (a till counted its float) needs no count here any more.
      const opening = this.opening;
      if (
        opening &&
        !this.busy &&
        sessions.find((s) => String(s.id) === String(opening.session.id))?.state !== 'opening_control'
      )
        this.opening = null;
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
    let expected: number | null | undefined;
    try {
      [summary, expected] = await Promise.all([
        api.sessionSummary(session.id),
        closing.cash ? api.sessionReport(session.id).then((r) => r.cash?.expected ?? null) : undefined,
      ]);
    } catch {
      return;
    }
    // What was typed meanwhile stays: only the figures follow the server.
    const now = this.closing;
    if (now?.session.id !== closing.session.id || this.busy) return;
    const cash =
      now.cash && expected !== undefined ? { ...now.cash, expected, expectedError: null } : now.cash;
    this.closing = { ...now, session, summary, summaryError: null, cash };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('config') && changed.get('config')?.id !== this.config?.id) || changed.has('api')) {
      this.sessions = null;
      this.error = null;
      this.closing = null;
      this.opening = null;
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
      ${this.renderConfirmClose(config)} ${this.renderConfirmOpen(config)} ${this.renderConfirmControl()}
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
      >${closing ? closeDetails(closing.session, closing.summary, closing.summaryError, config.currency, this.clock.now) : nothing}
      ${closing?.cash ? this.renderCount('closing', closing.cash, config, this.onClosingCount) : nothing}</pos-admin-confirm
    >`;
  }

  private renderConfirmOpen(config: PosConfig) {
    const opening = this.opening;
    return html`<pos-admin-confirm
      .open=${opening !== null}
      .busy=${this.busy}
      heading=${opening ? msg(str`Open session ${opening.session.name} for sales?`) : ''}
      confirmLabel=${msg('Open for sales')}
      @admin-confirm=${this.onConfirmOpen}
      @admin-cancel=${this.onCancelOpen}
      >${
        opening
          ? html`<p>${msg('Count the cash in the drawer before the first sale.')}</p>
              ${this.renderCount('opening', opening.count, config, this.onOpeningCount)}`
          : nothing
      }</pos-admin-confirm
    >`;
  }

  private renderCount(
    kind: 'opening' | 'closing',
    count: PendingCount,
    config: PosConfig,
    onInput: (event: CustomEvent<CountValues>) => void,
  ) {
    return html`<pos-admin-cash-count
      kind=${kind}
      .currency=${config.currency}
      .expected=${count.expected}
      .expectedError=${count.expectedError}
      .values=${count.values}
      .errors=${count.errors}
      ?disabled=${this.busy}
      @admin-count-input=${onInput}
    ></pos-admin-cash-count>`;
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
    if (action === 'open-for-sales' && this.cashControl(session)) {
      const expected = session.expectedOpeningCash ?? null;
      this.opening = { session, count: { expected, expectedError: null, values: EMPTY_COUNT, errors: {} } };
      return;
    }
    void this.run(async () => {
      await api.setSessionState(session.id, targetState(action));
    });
  }

  /** Whether `session` runs under cash control: as the server says, else as its config is set. */
  private cashControl(session: SessionListItem): boolean {
    return session.cashControl ?? this.config?.cashControl ?? false;
  }

  private async askToClose(api: AdminApi, session: SessionListItem): Promise<void> {
    this.busy = true;
    const [summary, cash] = await Promise.all([
      api.sessionSummary(session.id).then(
        (value): { value: SessionSummary | null; error: Words | null } => ({ value, error: null }),
        (error: unknown) => ({ value: null, error: () => errorText(error) }),
      ),
      this.cashControl(session) ? this.expectedCash(api, session) : null,
    ]);
    this.closing = { session, summary: summary.value, summaryError: summary.error, cash };
    this.busy = false;
  }

  /** A fresh count of `session`'s drawer, with the expected cash of its report (X: computed now). */
  private async expectedCash(api: AdminApi, session: SessionListItem): Promise<PendingCount> {
    try {
      const report = await api.sessionReport(session.id);
      return {
        expected: report.cash?.expected ?? null,
        expectedError: null,
        values: EMPTY_COUNT,
        errors: {},
      };
    } catch (error) {
      return { expected: null, expectedError: () => errorText(error), values: EMPTY_COUNT, errors: {} };
    }
  }

  private onConfirmClose(): void {
    const { api, closing, config } = this;
    if (!api || !closing || !config) return;
    const cash = closing.cash;
    if (!cash) {
      void this.run(async () => {
        try {
          await api.setSessionState(closing.session.id, 'closed');
        } finally {
          this.closing = null;
        }
      });
      return;
    }
    const result = closingCountFromForm(cash.values, cash.expected, config.currency);
    if ('errors' in result) {
      void this.showCountErrors('closing', result.errors);
      return;
    }
    void this.sendCount('closing', () =>
      api.patchSession(closing.session.id, { state: 'closed', ...result }),
    );
  }

  private onConfirmOpen(): void {
    const { api, opening, config } = this;
    if (!api || !opening || !config) return;
    const result = openingCountFromForm(opening.count.values.counted, config.currency);
    if ('errors' in result) {
      void this.showCountErrors('opening', result.errors);
      return;
    }
    void this.sendCount('opening', () =>
      api.patchSession(opening.session.id, { state: 'opened', ...result }),
    );
  }

  private onCancelOpen(): void {
    this.opening = null;
  }

  private onOpeningCount(event: CustomEvent<CountValues>): void {
    const opening = this.opening;
    if (opening) this.opening = { ...opening, count: typedCount(opening.count, event.detail) };
  }

  private onClosingCount(event: CustomEvent<CountValues>): void {
    const closing = this.closing;
    if (closing?.cash) this.closing = { ...closing, cash: typedCount(closing.cash, event.detail) };
  }

  /**
   * Sends a count: done, the confirmation ends; refused for a reason that belongs to a field of
   * the count (a missing or bad count, a missing note), it stays open with the problem at that
   * field and what was typed; any other failure ends it with the error under the sessions.
   */
  private async sendCount(kind: 'opening' | 'closing', send: () => Promise<unknown>): Promise<void> {
    const currency = this.config?.currency ?? '';
    let refusal: CountErrors | null = null;
    await this.run(async () => {
      try {
        await send();
      } catch (error) {
        refusal = countRefusal(error, currency);
        if (!refusal) throw error;
        return;
      } finally {
        if (!refusal) this.endCount(kind);
      }
    });
    if (refusal) await this.showCountErrors(kind, refusal);
  }

  private endCount(kind: 'opening' | 'closing'): void {
    if (kind === 'opening') this.opening = null;
    else this.closing = null;
  }

  /** Shows each problem of a count at its field and moves focus to the first. */
  private async showCountErrors(kind: 'opening' | 'closing', errors: CountErrors): Promise<void> {
    if (kind === 'opening' && this.opening)
      this.opening = { ...this.opening, count: { ...this.opening.count, errors } };
    const closing = this.closing;
    if (kind === 'closing' && closing?.cash) this.closing = { ...closing, cash: { ...closing.cash, errors } };
    await this.updateComplete;
    const form = this.renderRoot.querySelector('pos-admin-cash-count');
    const first = errors.counted ? 'counted' : errors.note ? 'note' : null;
    if (form && first) await form.focusField(first);
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
