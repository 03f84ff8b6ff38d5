import { LitElement, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { CashDesk, type CashDeskDeps } from '../app/cash-desk.js';
import { needsNetwork } from '../app/cash-messages.js';
import { managerPinField, pinShapeProblem } from './manager-pin-field.js';
import { cashDifference, closingNoteMissing } from '../domain/cash-count.js';
import { MAX_CLOSING_NOTE_LENGTH } from '../domain/cash.js';
import type { Id } from '../domain/ids.js';
import { PosError } from '../domain/pos-error.js';
import type { SessionReport } from '../domain/report.js';
import { amountField } from './amount-field.js';
import { cashStyles } from './cash-styles.js';
import { differenceSentence, failureView, readCount } from './cash-count-text.js';
import { formatMoney } from './money.js';
import { baseStyles } from './shared-styles.js';

/**
 * "Close the register", in a modal dialog (the top layer: it opens from the toolbar, or from the
 * blocking dialog of a session in `closing_control`). First the manager PIN, checked offline
 * against the config's hash (and sent along, as the server checks it again); then, online, the
 * cash the drawer should hold (the X report's `cash.expected`), the counted cash in the till's
 * money field with the difference shown as it is typed, and a note, required when the
 * difference is not zero (refused here before anything is sent, as the server would). Close
 * sends `PATCH … {state: 'closed', closingCash, closingNote}`; the check that follows blocks every
 * till as a closure from the back office does. A refusal says why and keeps what was typed.
 *
 * @fires register-closed - the server closed the session.
 * @fires cash-panel-close - the manager closed the dialog without closing the register.
 */
export class PosCloseRegister extends LitElement {
  static override styles = [baseStyles, cashStyles];

  static override properties = {
    deps: { attribute: false },
    sessionId: { attribute: false },
    sessionName: { attribute: false },
    currency: { attribute: false },
    online: { type: Boolean },
    pin: { state: true },
    pinError: { state: true },
    busy: { state: true },
    report: { state: true },
    loading: { state: true },
    text: { state: true },
    note: { state: true },
    problem: { state: true },
    noteProblem: { state: true },
    failure: { state: true },
  };

  declare deps: CashDeskDeps | null;
  declare sessionId: Id | null;
  declare sessionName: string;
  declare currency: string | null;
  /** `navigator.onLine`: closing needs the server. */
  declare online: boolean;
  /** The manager PIN once it matched (memory only, while the dialog is up); null before. */
  declare pin: string | null;
  declare pinError: string | null;
  declare busy: boolean;
  /** The X report the expected cash comes from; null until read. */
  declare report: SessionReport | null;
  declare loading: boolean;
  /** The counted cash as typed, and the note: kept whatever happens to a request. */
  declare text: string;
  declare note: string;
  declare problem: string | null;
  declare noteProblem: string | null;
  /** The last request's failure (PosError), or null. */
  declare failure: unknown;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.deps = null;
    this.sessionId = null;
    this.sessionName = '';
    this.currency = null;
    this.online = true;
    this.pin = null;
    this.pinError = null;
    this.busy = false;
    this.report = null;
    this.loading = false;
    this.text = '';
    this.note = '';
    this.problem = null;
    this.noteProblem = null;
    this.failure = null;
  }

  override render() {
    return html`<dialog class="panel" aria-labelledby="close-title" @cancel=${this.onCancel}>
      <div class="top">
        <h2 id="close-title">${msg('Close the register')}</h2>
        <button class="close" @click=${this.cancel}>${msg('Cancel')}</button>
      </div>
      <p>${msg(str`Session ${this.sessionName}`)}</p>
      ${this.pin === null ? this.renderPin() : this.renderCount()}
    </dialog>`;
  }

  override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) {
      dialog.showModal();
      this.renderRoot.querySelector<HTMLInputElement>('#close-pin')?.focus();
    }
  }

  private renderPin() {
    return html`<form novalidate @submit=${this.onPin}>
      ${managerPinField({
        id: 'close-pin',
        errorId: 'close-pin-error',
        error: this.pinError,
        busy: this.busy,
        onInput: () => (this.pinError = null),
      })}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${msg('Continue')}</button>
      </div>
      <div role="alert">
        ${this.pinError ? html`<p id="close-pin-error" class="failure">${this.pinError}</p>` : nothing}
      </div>
    </form>`;
  }

  private renderCount() {
    const expected = this.expected();
    return html`${this.loading ? html`<p role="status">${msg('Reading the expected cash…')}</p>` : nothing}
      ${
        expected === null
          ? nothing
          : html`<p class="expected">${msg(str`Expected cash: ${formatMoney(expected, this.currency)}`)}</p>`
      }
      ${amountField({
        id: 'closing-cash',
        label: msg('Counted cash'),
        action: msg('Close the register'),
        text: this.text,
        problem: this.problem,
        disabled: this.busy || expected === null,
        onInput: (text) => {
          this.text = text;
          this.problem = null;
        },
        onSubmit: () => void this.submit(),
      })}
      <p class="difference ${this.difference() ? 'off' : ''}" role="status">${this.differenceText()}</p>
      <div class="note">
        <label
          >${msg('Note (required when the counted cash differs)')}
          <textarea
            id="closing-note"
            aria-invalid=${this.noteProblem ? 'true' : 'false'}
            aria-describedby=${ifDefined(this.noteProblem ? 'closing-note-problem' : undefined)}
            .value=${this.note}
            @input=${(e: Event) => {
              this.note = (e.target as HTMLTextAreaElement).value;
              this.noteProblem = null;
            }}
          ></textarea>
        </label>
      </div>
      <div role="alert">
        ${this.noteProblem ? html`<p id="closing-note-problem" class="failure">${this.noteProblem}</p>` : nothing}
        ${this.online ? nothing : html`<p class="failure">${needsNetwork('close')}</p>`}
        ${failureView(this.failure, this.report ? 'close' : 'report')}
      </div>
      ${
        this.report || this.loading
          ? nothing
          : html`<div class="actions">
              <button @click=${() => void this.loadReport()}>${msg('Try again')}</button>
            </div>`
      }`;
  }

  /** The cash the drawer should hold, minor units; null until the report is read (or without cash control). */
  private expected(): number | null {
    return this.report?.cash?.expected ?? null;
  }

  /** Counted minus expected for what is typed; null while either is unknown. */
  private difference(): number | null {
    const expected = this.expected();
    if (expected === null || this.text.trim() === '') return null;
    const read = readCount(this.text, this.currency);
    return read.ok ? cashDifference(read.minor, expected) : null;
  }

  private differenceText(): string {
    const difference = this.difference();
    return difference === null ? '' : differenceSentence(difference, this.currency);
  }

  private readonly onPin = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#close-pin');
    if (!input || !this.deps) return;
    const shapeProblem = pinShapeProblem(input.value);
    if (shapeProblem) {
      this.pinError = shapeProblem;
      input.focus();
      return;
    }
    this.busy = true;
    const checked = await new CashDesk(this.deps).checkPin(input.value).catch(() => 'wrong' as const);
    this.busy = false;
    if (checked !== 'ok') {
      this.pinError =
        checked === 'no-pin' ? msg('Ask a manager to set a PIN in the back office.') : msg('Wrong PIN.');
      input.value = '';
      input.focus();
      return;
    }
    this.pin = input.value;
    await this.loadReport();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#closing-cash')?.focus();
  };

  private async loadReport(): Promise<void> {
    if (!this.deps || this.sessionId === null || this.loading) return;
    this.failure = null;
    if (!this.online) return; // the alert says closing needs the network
    this.loading = true;
    try {
      this.report = await new CashDesk(this.deps).report(this.sessionId);
    } catch (error) {
      console.warn('pos-shell: reading the expected cash failed', error);
      this.failure = error;
    } finally {
      this.loading = false;
    }
  }

  private async submit(): Promise<void> {
    const expected = this.expected();
    if (this.busy || !this.deps || this.sessionId === null || this.pin === null || expected === null) return;
    const read = readCount(this.text, this.currency);
    if (!read.ok) {
      this.problem = read.message;
      return;
    }
    // Checked here, not cut by a maxlength: a pasted note is never shortened without a word.
    const noteProblem = closingNoteMissing(cashDifference(read.minor, expected), this.note)
      ? msg('The counted cash differs from the expected cash: write a note saying why.')
      : this.note.trim().length > MAX_CLOSING_NOTE_LENGTH
        ? msg(str`A note holds at most ${MAX_CLOSING_NOTE_LENGTH} characters.`)
        : null;
    if (noteProblem) {
      this.noteProblem = noteProblem;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#closing-note')?.focus();
      return;
    }
    this.failure = null;
    if (!this.online) return; // the alert says closing needs the network
    this.busy = true;
    try {
      await new CashDesk(this.deps).closeRegister(this.sessionId, {
        pin: this.pin,
        closingCash: read.minor,
        closingNote: this.note,
      });
      this.dispatchEvent(new CustomEvent('register-closed', { bubbles: true, composed: true }));
    } catch (error) {
      console.warn('pos-shell: closing the register failed', error);
      this.failure = error;
      // Sales since the report changed the expected cash: read it again, so the difference
      // shown is the one the server judged.
      if (error instanceof PosError && error.code === 'closing_note_required') {
        this.report = await new CashDesk(this.deps).report(this.sessionId).catch(() => this.report);
      }
    } finally {
      this.busy = false;
    }
  }

  private readonly cancel = (): void => {
    this.dispatchEvent(new CustomEvent('cash-panel-close', { bubbles: true, composed: true }));
  };

  private readonly onCancel = (event: Event): void => {
    event.preventDefault(); // the owner removes the dialog
    this.cancel();
  };
}

customElements.define('pos-close-register', PosCloseRegister);

declare global {
  interface HTMLElementTagNameMap {
    'pos-close-register': PosCloseRegister;
  }
  interface HTMLElementEventMap {
    'register-closed': CustomEvent<undefined>;
  }
}
