import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { baseStyles } from './shared-styles.js';

/** Detail of `pad-submit`. */
export interface PadSubmitDetail {
  /** The number typed, exactly (a whole number, 0 or more). */
  value: number;
}

/** Digit keys above the last row, in a phone's order (1 2 3 on top). */
const UPPER_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * A number pad for a touch till, shown as a modal dialog while it is in the page (its owner renders
 * it only while needed): digits 0–9, delete the last digit, Clear, OK and Cancel, with the typed
 * number shown large; every key at least 64 px. The keyboard works too: digits, Backspace, Enter
 * (OK; on Cancel it cancels) and Escape (Cancel). Tab stays inside the dialog. It lies over the
 * page at the level of the payment panel, below the blocking session dialog, so a session closed
 * meanwhile still shows and still takes the screen.
 *
 * Nothing typed is ever changed: OK with nothing typed, or with a number the owner's `validate`
 * refuses, shows why on the pad and keeps the digits; the owner closes the pad on `pad-submit`.
 *
 * @fires pad-submit - {@link PadSubmitDetail}: the cashier pressed OK on a number `validate` accepts.
 * @fires pad-cancel - the cashier pressed Cancel or Escape.
 */
export class PosNumberPad extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .backdrop {
        position: fixed;
        inset: 0;
        z-index: 40;
        display: grid;
        place-items: center;
        background: rgb(17 24 39 / 0.55);
        padding: 1rem;
      }
      .pad {
        background: #fff;
        border-radius: 16px;
        width: min(380px, 100%);
        max-height: calc(100dvh - 2rem);
        overflow-y: auto;
        padding: 1rem 1.25rem 1.25rem;
        box-shadow: 0 20px 50px rgb(0 0 0 / 0.35);
      }
      h2 {
        margin: 0;
        font-size: 1.25rem;
      }
      .current {
        margin: 0.25rem 0 0;
        color: #374151;
      }
      output {
        display: block;
        margin: 0.75rem 0;
        min-height: 4.5rem;
        padding: 0.25rem 0.75rem;
        border: 2px solid var(--pos-ink, #111);
        border-radius: 10px;
        font-size: 3rem;
        font-weight: 800;
        line-height: 1.3;
        text-align: end;
        font-variant-numeric: tabular-nums;
        overflow-wrap: anywhere;
      }
      .problem {
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem;
        border: 2px solid #b91c1c;
        border-radius: 10px;
        background: #fef2f2;
        color: #7f1d1d;
        font-weight: 600;
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.5rem;
      }
      .keys button {
        min-height: 64px;
        font-size: 1.6rem;
        font-weight: 700;
      }
      .keys .word {
        font-size: 1.1rem;
      }
      .actions {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .actions button {
        min-height: 64px;
        font-size: 1.25rem;
      }
    `,
  ];

  static override properties = {
    label: { attribute: false },
    current: { attribute: false },
    validate: { attribute: false },
    typed: { state: true },
    problem: { state: true },
  };

  /** The dialog's name, naming what is typed for ("Quantity of Baguette tradition"). */
  declare label: string;
  /** The value now, shown for reference (the pad starts empty); null shows nothing. */
  declare current: number | null;
  /** Why `value` cannot be taken, in the cashier's words, or null when it can. */
  declare validate: (value: number) => string | null;
  /** The digits typed so far, exactly as typed. */
  declare typed: string;
  declare problem: string | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.label = '';
    this.current = null;
    this.validate = () => null;
    this.typed = '';
    this.problem = null;
  }

  override render() {
    return html`<div class="backdrop">
      <div
        class="pad"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pad-title"
        aria-describedby="pad-problem"
        @keydown=${this.onKey}
      >
        <h2 id="pad-title">${this.label}</h2>
        ${this.current === null ? nothing : html`<p class="current">${msg(str`Now: ${this.current}`)}</p>`}
        <output aria-label=${msg('Typed number')} aria-live="polite">${this.typed}</output>
        <div id="pad-problem" role="alert">
          ${this.problem ? html`<p class="problem">${this.problem}</p>` : nothing}
        </div>
        <div class="keys">
          ${UPPER_DIGITS.map((d) => html`<button @click=${() => this.press(d)}>${d}</button>`)}
          <button class="word" @click=${this.clear}>
            ${msg('Clear', { id: 'number-pad-clear', desc: 'Empties the number typed on the pad' })}
          </button>
          <button @click=${() => this.press('0')}>0</button>
          <button aria-label=${msg('Delete the last digit')} @click=${this.deleteLast}>⌫</button>
        </div>
        <div class="actions">
          <button class="cancel" @click=${this.cancel}>${msg('Cancel')}</button>
          <button class="primary ok" @click=${this.submit}>${msg('OK')}</button>
        </div>
      </div>
    </div>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.ok')?.focus();
  }

  private press(digit: string): void {
    this.typed += digit;
    this.problem = null;
  }

  private readonly clear = (): void => {
    this.typed = '';
    this.problem = null;
  };

  private readonly deleteLast = (): void => {
    this.typed = this.typed.slice(0, -1);
    this.problem = null;
  };

  private readonly submit = (): void => {
    if (this.typed === '') {
      this.problem = msg('Type a number, or press Cancel.');
      return;
    }
    // Only digits reach `typed`: Number reads them exactly up to 2^53, far above any limit a
    // caller sets; a longer run reads as a huge number (or Infinity), which `validate` refuses.
    const value = Number(this.typed);
    const problem = this.validate(value);
    if (problem) {
      this.problem = problem;
      return;
    }
    this.dispatchEvent(
      new CustomEvent<PadSubmitDetail>('pad-submit', { detail: { value }, bubbles: true, composed: true }),
    );
  };

  private readonly cancel = (): void => {
    this.dispatchEvent(new CustomEvent('pad-cancel', { bubbles: true, composed: true }));
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    const onCancel = event.target instanceof Element && event.target.classList.contains('cancel');
    if (/^[0-9]$/.test(event.key)) this.press(event.key);
    else if (event.key === 'Backspace') this.deleteLast();
    else if (event.key === 'Escape') this.cancel();
    else if (event.key === 'Enter' && !onCancel) this.submit();
    else if (event.key === 'Tab') this.keepFocusInside(event);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  /** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
  private keepFocusInside(event: KeyboardEvent): void {
    const controls = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button')];
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = this.shadowRoot?.activeElement;
    if (!first || !last) return;
    if (event.shiftKey && (active === first || !active)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !active)) {
      event.preventDefault();
      first.focus();
    }
  }
}

customElements.define('pos-number-pad', PosNumberPad);

declare global {
  interface HTMLElementTagNameMap {
    'pos-number-pad': PosNumberPad;
  }
  interface HTMLElementEventMap {
    'pad-submit': CustomEvent<PadSubmitDetail>;
    'pad-cancel': CustomEvent<undefined>;
  }
}
