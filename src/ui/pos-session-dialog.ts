import { LitElement, css, html } from 'lit';
import type { SessionRecord } from '../domain/session-record.js';
import type { GuardState } from '../domain/session-state.js';
import { sessionName } from '../app/sale-guard.js';
import { blockedSentence } from '../app/session-wording.js';
import { baseStyles } from './shared-styles.js';

const TITLES: Readonly<Record<GuardState, string>> = {
  opening_control: 'Session not open yet',
  opened: 'Session open',
  closing_control: 'Session closing',
  closed: 'Session closed',
  missing: 'Session no longer exists',
  unknown: 'Session state unknown',
};

/**
 * The blocking dialog of rule 2: shown over everything when the session is not `opened` (or there
 * is none). It names the session, says what happened (C18: "closing" vs "closed"), says that the
 * sales already made are kept, and offers only Reload. It cannot be dismissed: no close button,
 * Escape does nothing; the shell behind it is made `inert` by `pos-app`.
 */
export class PosSessionDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 100;
        display: grid;
        place-items: center;
        padding: 1.5rem;
        background: rgb(17 24 39 / 0.82);
      }
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
      .what {
        font-weight: 700;
      }
      .reload {
        margin-top: 1rem;
        width: 100%;
        min-height: 64px;
        font-size: 1.4rem;
      }
    `,
  ];

  static override properties = {
    record: { attribute: false },
    configName: { attribute: false },
  };

  /** The current session's record; null when this till has no session at all. */
  declare record: SessionRecord | null;
  declare configName: string | null;

  constructor() {
    super();
    this.record = null;
    this.configName = null;
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') event.preventDefault();
    });
  }

  override render() {
    const record = this.record;
    const title = record ? TITLES[record.state] : 'No open session';
    const what = record
      ? blockedSentence(record.state, sessionName(record))
      : `No session is open${this.configName ? ` for ${this.configName}` : ''} on this till.`;
    return html`<div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="title" aria-describedby="what kept">
      <h2 id="title">${title}</h2>
      <p id="what" class="what">${what}</p>
      <p id="kept">No new sale can be made. The sales already made are kept on this device and are not lost. When a manager has opened a session, press Reload.</p>
      <button class="primary reload" @click=${() => location.reload()}>Reload</button>
    </div>`;
  }

  override firstUpdated(): void {
    this.focusReload();
  }

  /** Moves focus to Reload, the only thing the cashier can do here. */
  focusReload(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.reload')?.focus();
  }
}

customElements.define('pos-session-dialog', PosSessionDialog);

declare global {
  interface HTMLElementTagNameMap {
    'pos-session-dialog': PosSessionDialog;
  }
}
