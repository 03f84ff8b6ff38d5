import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { CashDesk, type CashDeskDeps } from '../app/cash-desk.js';
import type { Id } from '../domain/ids.js';
import { cashDifference } from '../domain/cash-count.js';
import { amountField } from './amount-field.js';
import { cashStyles } from './cash-styles.js';
import { differenceSentence, failureView, readCount } from './cash-count-text.js';
import { formatMoney } from './money.js';
import { baseStyles, blockingScreenStyles } from './shared-styles.js';

/**
 * "Open the register": shown instead of the blocking dialog while the session waits in
 * `opening_control` under cash control. It names the session, shows the float the drawer should
 * hold (the last counted drawer of the register) and takes the counted float in the till's money
 * field, with its difference from the expected float shown as it is typed (never blocking). Open
 * sends the count (`PATCH … {state: 'opened', openingCash}`, the device token); the till sells
 * once the check that follows sees the session `opened`, and this screen goes, as it does when
 * someone else opened the session meanwhile. Offline, or refused, it says why and keeps the count
 * typed. Once the server took the count, the till's notice says the float counted and its
 * difference, so it stays in sight after this screen went. Lies over the till like the session
 * dialog, below the Held orders button.
 */
export class PosOpenRegister extends LitElement {
  static override styles = [
    baseStyles,
    blockingScreenStyles,
    cashStyles,
    css`
      .screen {
        background: #fff;
        border-radius: 18px;
        border: 4px solid var(--pos-accent, #0b4fb3);
        width: min(620px, 100%);
        padding: 1.75rem 2rem;
        box-shadow: 0 30px 70px rgb(0 0 0 / 0.5);
        font-size: 1.15rem;
      }
      p {
        margin: 0.25rem 0;
      }
    `,
  ];

  static override properties = {
    deps: { attribute: false },
    sessionId: { attribute: false },
    sessionName: { attribute: false },
    expected: { attribute: false },
    currency: { attribute: false },
    online: { type: Boolean },
    text: { state: true },
    problem: { state: true },
    failure: { state: true },
    busy: { state: true },
    sent: { state: true },
  };

  /** What the desk works on (the till controller's); null before the till started. */
  declare deps: CashDeskDeps | null;
  declare sessionId: Id | null;
  declare sessionName: string;
  /** The float the drawer should hold, minor units; null when the server did not say. */
  declare expected: number | null;
  declare currency: string | null;
  /** `navigator.onLine`: opening needs the server. */
  declare online: boolean;
  /** The count as typed, kept whatever happens to the request. */
  declare text: string;
  declare problem: string | null;
  /** The last request's failure (PosError), or null. */
  declare failure: unknown;
  declare busy: boolean;
  /** The server took the count: waiting for the check that lets the till sell. */
  declare sent: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.deps = null;
    this.sessionId = null;
    this.sessionName = '';
    this.expected = null;
    this.currency = null;
    this.online = true;
    this.text = '';
    this.problem = null;
    this.failure = null;
    this.busy = false;
    this.sent = false;
  }

  override render() {
    return html`<div class="screen" role="dialog" aria-modal="true" aria-labelledby="title">
      <h2 id="title">${msg('Open the register')}</h2>
      <p>${msg(str`Session ${this.sessionName} waits for the opening float to be counted.`)}</p>
      ${
        this.expected === null
          ? nothing
          : html`<p class="expected">
              ${msg(str`Expected float: ${formatMoney(this.expected, this.currency)}`)}
            </p>`
      }
      ${amountField({
        id: 'opening-cash',
        label: msg('Counted opening cash'),
        action: msg('Open the register'),
        text: this.text,
        problem: this.problem,
        disabled: this.busy || this.sent,
        onInput: (text) => {
          this.text = text;
          this.problem = null;
        },
        onSubmit: () => void this.submit(),
      })}
      <p class="difference" role="status">${this.differenceText()}</p>
      <div role="alert">
        ${this.online || this.sent ? nothing : html`<p class="failure">${msg('Opening the register needs the network: connect and try again. The count is kept.')}</p>`}
        ${failureView(this.failure, 'open')}
        ${this.sent ? html`<p class="done">${msg('The register is open: the till is getting ready to sell…')}</p>` : nothing}
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  /** The difference of what is typed with the expected float, or nothing while it cannot be read. */
  private differenceText(): string {
    if (this.expected === null || this.text.trim() === '') return '';
    const read = readCount(this.text, this.currency);
    return read.ok ? differenceSentence(cashDifference(read.minor, this.expected), this.currency) : '';
  }

  private async submit(): Promise<void> {
    if (this.busy || this.sent) return;
    const read = readCount(this.text, this.currency);
    if (!read.ok) {
      this.problem = read.message;
      return;
    }
    this.failure = null;
    if (!this.online || !this.deps || this.sessionId === null) return; // the alert says why
    this.busy = true;
    try {
      await new CashDesk(this.deps).openRegister(this.sessionId, read.minor);
      this.sent = true;
      const { currency, expected } = this;
      this.deps.notify?.(() => openedNotice(read.minor, expected, currency));
    } catch (error) {
      console.warn('pos-shell: opening the register failed', error);
      this.failure = error;
      // Refused because the session moved meanwhile (opened from the back office): the check
      // that follows shows the till as it is now.
      this.deps.checkNow();
    } finally {
      this.busy = false;
    }
  }
}

/** "The register was opened with €150.00 (difference: …)", read in the till's language when shown. */
function openedNotice(counted: number, expected: number | null, currency: string | null): string {
  const opened = msg(str`The register was opened with ${formatMoney(counted, currency)}.`);
  if (expected === null) return opened;
  return `${opened} ${differenceSentence(cashDifference(counted, expected), currency)}`;
}

customElements.define('pos-open-register', PosOpenRegister);

declare global {
  interface HTMLElementTagNameMap {
    'pos-open-register': PosOpenRegister;
  }
}
