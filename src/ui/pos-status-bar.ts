import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { verificationAgeMs, type OutboxCounts, type SessionRecord } from '../domain/session-record.js';
import { formatSeconds, sessionName } from '../app/sale-guard.js';
import { STATE_WORDS } from '../app/session-wording.js';
import { failureSentence } from '../app/till-messages.js';
import { EMPTY_COUNTS } from '../app/till-state.js';
import { baseStyles } from './shared-styles.js';

/** How often the "verified N s ago" text is recomputed. */
export const AGE_TICK_MS = 1_000;

/**
 * The status line: network, POS config, session name and state, age of the last verification,
 * last check error, and the outbox ("2 pending · 1 held"). A polite live region; the age, which
 * changes every second, is kept out of announcements.
 */
export class PosStatusBar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        overflow: hidden;
        background: var(--pos-bar, #14213d);
        color: #fff;
        font-size: 1rem;
      }
      /* One line on a tablet whatever it says: the rows of products are what the cashier needs.
         Long parts give way (ellipsis) in order: failures, config, session; the state words, the
         pause and the counts never do. */
      .bar {
        display: flex;
        flex-wrap: nowrap;
        align-items: center;
        gap: 1rem;
        padding: 0.5rem 1rem;
        min-height: 48px;
        white-space: nowrap;
      }
      .bar > * {
        flex: none;
      }
      .bar > .shrink {
        flex: 0 1 auto;
        min-width: 3rem;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .bar > .shrink-first {
        flex-shrink: 10;
      }
      /* The session's name may give way; its state never does. */
      .bar > .session {
        display: flex;
        flex: 0 1 auto;
        align-items: center;
        gap: 0.5rem;
        min-width: 8rem;
      }
      .session .name {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .state {
        flex: none;
        padding: 0 0.5rem;
        border-radius: 6px;
        background: rgb(255 255 255 / 0.14);
        font-weight: 700;
      }
      .pill {
        font-weight: 700;
        padding: 0.15rem 0.7rem;
        border-radius: 999px;
        background: #1b7f3b;
      }
      .pill.offline {
        background: #b45309;
      }
      .state-blocked {
        font-weight: 700;
        color: #fecaca;
      }
      .error {
        color: #fde68a;
      }
      .counts {
        margin-inline-start: auto;
        font-weight: 700;
      }
      .held {
        color: #fde68a;
      }
    `,
  ];

  static override properties = {
    online: { type: Boolean },
    configName: { attribute: false },
    record: { attribute: false },
    counts: { attribute: false },
    deviceNumber: { attribute: false },
    uploadError: { attribute: false },
    now: { state: true },
  };

  declare online: boolean;
  declare configName: string | null;
  declare record: SessionRecord | null;
  declare counts: OutboxCounts;
  declare deviceNumber: number | null;
  /**
   * Why the last upload failed while orders wait, so an outage is visible, not a silent retry loop; null once
   * one got through.
   */
  declare uploadError: { code: string; message: string } | null;
  declare now: number;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.online = true;
    this.configName = null;
    this.record = null;
    this.counts = EMPTY_COUNTS;
    this.deviceNumber = null;
    this.uploadError = null;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => (this.now = Date.now()), AGE_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  override render() {
    const record = this.record;
    return html`<div class="bar" role="status" aria-live="polite">
      <span class="pill ${this.online ? '' : 'offline'}"
        >${this.online ? msg('Online') : msg('Offline')}</span
      >
      ${this.configName ? html`<span class="shrink shrink-first">${this.configName}${this.deviceNumber != null ? ` · ${msg(str`till ${this.deviceNumber}`)}` : ''}</span>` : nothing}
      ${record ? this.renderSession(record) : html`<span>${msg('No session')}</span>`}
      <span class="counts"
        >${msg(str`${this.counts.pending} pending`)} ·
        <span class=${this.counts.held > 0 ? 'held' : ''}>${msg(str`${this.counts.held} held`)}</span
        >${this.counts.rejected > 0 ? ` · ${msg(str`${this.counts.rejected} rejected`)}` : ''}</span
      >
      ${
        this.uploadError && this.counts.pending > 0 && this.shows(this.uploadError)
          ? html`<span class="error shrink shrink-first"
              >${msg(str`Last upload failed: ${failureSentence(this.uploadError.code)}`)}</span
            >`
          : nothing
      }
    </div>`;
  }

  private renderSession(record: SessionRecord) {
    const ageMs = verificationAgeMs(record, this.now);
    const blocked = record.state !== 'opened';
    return html`<span class="session"
        ><span class="name">${msg(str`Session ${sessionName(record)}`)}</span>
        <span class="state ${blocked ? 'state-blocked' : ''}">${STATE_WORDS[record.state]}</span></span
      >
      <span class="shrink" aria-live="off">${verificationText(record, ageMs)}</span>
      ${tooLongUnverified(record, ageMs) ? html`<span class="state-blocked">${msg('Sales paused')}</span>` : nothing}
      ${
        record.lastError && this.shows(record.lastError)
          ? html`<span class="error shrink shrink-first"
              >${msg(str`Last check failed: ${failureSentence(record.lastError.code)}`)}</span
            >`
          : nothing
      }`;
  }

  /**
   * Offline is normal (rule 6): while the device is offline a failure to reach the server is what
   * the "Offline" pill already says, so it is not shown again as an error.
   */
  private shows(error: { code: string }): boolean {
    return this.online || error.code !== 'network';
  }
}

/** "last verified 3 min ago" (server clock); says so when there was none or the age is unknown. */
function verificationText(record: SessionRecord, ageMs: number | null): string {
  if (ageMs != null) return msg(str`last verified ${formatSeconds(ageMs / 1000)} ago`);
  return record.deviceCheckedAt == null
    ? msg('not verified yet')
    : msg('last verified at an unknown time (the device clock was changed)');
}

/** True when the session's `maxUnverifiedSeconds` is set and the last verification is older. */
function tooLongUnverified(record: SessionRecord, ageMs: number | null): boolean {
  const limitS = record.session?.maxUnverifiedSeconds;
  return record.state === 'opened' && limitS != null && (ageMs == null || ageMs > limitS * 1000);
}

customElements.define('pos-status-bar', PosStatusBar);

declare global {
  interface HTMLElementTagNameMap {
    'pos-status-bar': PosStatusBar;
  }
}
