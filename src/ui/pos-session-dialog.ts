import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { SessionRecord } from '../domain/session-record.js';
import type { GuardState } from '../domain/session-state.js';
import { sessionName } from '../app/sale-guard.js';
import { blockedSentence } from '../app/session-wording.js';
import { baseStyles, blockingScreenStyles } from './shared-styles.js';

/**
 * The dialog's title for each state, in the till's language ("closing" is not "closed": the two must never be
 * swapped).
 */
function title(state: GuardState): string {
  switch (state) {
    case 'opening_control':
      return msg('Session not open yet');
    case 'opened':
      return msg('Session open');
    case 'closing_control':
      return msg('Session closing');
    case 'closed':
      return msg('Session closed');
    case 'missing':
      return msg('Session no longer exists');
    case 'unknown':
      return msg('Session state unknown');
  }
}

/**
 * Where focus may go while the dialog is up besides the dialog: the Held orders button,
 * kept reachable above it on purpose since held orders exist precisely when a session closed,
 * and the dialogs this one opens (the Z report, closing the register).
 */
const FOCUS_ESCAPE_HATCHES: ReadonlySet<string> = new Set([
  'POS-HELD-ORDERS',
  'POS-REPORT-DIALOG',
  'POS-CLOSE-REGISTER',
]);

/**
 * The blocking dialog of rule 2: shown over everything when the session is not `opened` (or there
 * is none). It names the session, says what happened ("closing" vs "closed", never swapped), how many orders
 * this tablet still holds (kept, never lost), and what Reload will do (continue in the register's
 * new session when the server already has one), and offers Reload; once the session is closed,
 * also its Z report, and while it is `closing_control` under cash control, "Close the register"
 * (the manager counts the drawer on this till). It cannot be dismissed: no close button,
 * Escape does nothing; the shell behind it is made `inert` by `pos-app`. It is announced (an
 * `alertdialog` that takes focus; a later change of state is read out by its live sentence) and
 * keeps focus: Tab goes round its buttons, and focus that falls outside comes back.
 *
 * @fires z-report-open - the cashier asked for the Z report of the closed session.
 * @fires register-close-open - the manager asked to count the drawer and close the session.
 */
export class PosSessionDialog extends LitElement {
  static override styles = [
    baseStyles,
    blockingScreenStyles,
    css`
      .dialog {
        background: #fff;
        border-radius: 18px;
        border: 4px solid #b91c1c;
        width: min(620px, 100%);
        padding: 1.75rem 2rem;
        box-shadow: 0 30px 70px rgb(0 0 0 / 0.5);
        font-size: 1.2rem;
        line-height: 1.45;
      }
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.75rem;
      }
      .what,
      .next {
        font-weight: 700;
      }
      .reload {
        margin-top: 1rem;
        width: 100%;
        min-height: 64px;
        font-size: 1.4rem;
      }
      .more {
        margin-top: 0.75rem;
        width: 100%;
        min-height: 56px;
      }
    `,
  ];

  static override properties = {
    record: { attribute: false },
    configName: { attribute: false },
    kept: { type: Number },
    canClose: { type: Boolean },
  };

  /** The current session's record; null when this till has no session at all. */
  declare record: SessionRecord | null;
  declare configName: string | null;
  /** Orders on this tablet the server has not confirmed (pending and held). */
  declare kept: number;
  /** The till may close the register itself (cash control, `closing_control`). */
  declare canClose: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.record = null;
    this.configName = null;
    this.kept = 0;
    this.canClose = false;
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') event.preventDefault();
      if (event.key === 'Tab') {
        event.preventDefault(); // Tab and Shift+Tab go round the dialog's buttons only
        this.focusNext(event.shiftKey ? -1 : 1);
      }
    });
    this.addEventListener('focusout', () => requestAnimationFrame(() => this.reclaimFocus()));
  }

  override render() {
    const record = this.record;
    const heading = record ? title(record.state) : msg('No open session');
    const what = record
      ? blockedSentence(record.state, sessionName(record))
      : this.configName
        ? msg(str`No session is open for ${this.configName} on this till.`)
        : msg('No session is open on this till.');
    return html`<div
      class="dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="title"
      aria-describedby="what kept next"
    >
      <h2 id="title">${heading}</h2>
      <p id="what" class="what" aria-live="assertive">${what}</p>
      <p id="kept">${msg('No new sale can be made.')} ${this.keptSentence()}</p>
      <p id="next" class="next">${this.nextSentence()}</p>
      <button class="primary reload" @click=${() => location.reload()}>${msg('Reload')}</button>
      ${
        record?.state === 'closed'
          ? html`<button class="more" @click=${() => this.fire('z-report-open')}>${msg('Z report')}</button>`
          : nothing
      }
      ${
        this.canClose
          ? html`<button class="more" @click=${() => this.fire('register-close-open')}>
              ${msg('Close the register')}
            </button>`
          : nothing
      }
    </div>`;
  }

  private fire(type: 'z-report-open' | 'register-close-open'): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }

  /** Moves focus `step` buttons on from the focused one, round the dialog's buttons. */
  private focusNext(step: 1 | -1): void {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button')];
    if (buttons.length === 0) return;
    const at = buttons.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    const next = at === -1 ? 0 : (at + step + buttons.length) % buttons.length;
    buttons[next]?.focus();
  }

  /** What this tablet still holds: the cashier's first worry when the till blocks. */
  private keptSentence(): string {
    if (this.kept === 0) return msg('Every sale made on this tablet has reached the server.');
    if (this.kept === 1)
      return msg('This tablet holds 1 order not yet on the server: it is kept and will not be lost.');
    return msg(
      str`This tablet holds ${this.kept} orders not yet on the server: they are kept and will not be lost.`,
    );
  }

  /** What Reload does: continue in the register's new session when the server has one. */
  private nextSentence(): string {
    const next = this.record?.session?.nextSession;
    if (next)
      return msg(str`Session ${next.name} is now the register's session: press Reload to continue in it.`);
    return msg('When a manager has opened a new session, press Reload.');
  }

  override firstUpdated(): void {
    this.focusReload();
  }

  /** Moves focus to Reload, the only thing the cashier can do here. */
  focusReload(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.reload')?.focus();
  }

  /** After focus left the dialog: brings it back unless it went to the escape hatch. */
  private reclaimFocus(): void {
    if (!this.isConnected) return;
    const path: Element[] = [];
    let el: Element | null = document.activeElement;
    while (el) {
      path.push(el);
      el = el.shadowRoot?.activeElement ?? null;
    }
    if (path.some((e) => e === this || FOCUS_ESCAPE_HATCHES.has(e.tagName))) return;
    this.focusReload();
  }
}

customElements.define('pos-session-dialog', PosSessionDialog);

declare global {
  interface HTMLElementTagNameMap {
    'pos-session-dialog': PosSessionDialog;
  }
  interface HTMLElementEventMap {
    'z-report-open': CustomEvent<undefined>;
  }
}
