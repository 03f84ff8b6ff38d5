import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { baseStyles } from './shared-styles.js';

/** Detail of `pair-submit`: the code as typed (the controller normalizes it). */
export interface PairSubmitDetail {
  code: string;
}

/**
 * The pairing screen, shown instead of the till while the tablet has no working device
 * token: `none` (never paired: "Pair this tablet") or `unpaired` (the server refused its token:
 * "This device was unpaired", saying the orders kept on the tablet are safe and how many wait).
 * A "Pairing code" field (XXXX-XXXX, any case, dash optional) and a Pair button; the last error
 * is announced (role="alert"), and offline the screen says the network is needed.
 *
 * @fires pair-submit - the cashier asked to pair with the code typed ({@link PairSubmitDetail})
 */
export class PosPairing extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100%;
        padding: 1.5rem;
      }
      .card {
        background: #fff;
        border-radius: 18px;
        border: 4px solid var(--pos-accent, #0b4fb3);
        width: min(620px, 100%);
        padding: 1.75rem 2rem;
        box-shadow: 0 20px 50px rgb(0 0 0 / 0.25);
        font-size: 1.15rem;
        line-height: 1.45;
      }
      :host([mode='unpaired']) .card {
        border-color: #b91c1c;
      }
      h1 {
        margin: 0 0 0.75rem;
        font-size: 1.75rem;
      }
      .kept {
        font-weight: 700;
      }
      form {
        display: grid;
        gap: 0.5rem;
        margin-top: 1.25rem;
      }
      label {
        font-weight: 700;
      }
      input {
        font-size: 1.6rem;
        letter-spacing: 0.12em;
        text-transform: uppercase;
        min-height: 56px;
      }
      .hint {
        margin: 0;
        font-size: 1rem;
        color: #374151;
      }
      button[type='submit'] {
        min-height: 60px;
        font-size: 1.3rem;
        margin-top: 0.5rem;
      }
      .error {
        color: #991b1b;
        font-weight: 700;
        margin: 0.75rem 0 0;
      }
      .offline {
        color: #92400e;
        font-weight: 700;
      }
    `,
  ];

  static override properties = {
    mode: { reflect: true },
    kept: { type: Number },
    online: { type: Boolean },
    busy: { type: Boolean },
    error: { attribute: false },
    code: { attribute: false },
    typed: { state: true },
  };

  /** `none`: never paired; `unpaired`: the server refused this tablet's token. */
  declare mode: 'none' | 'unpaired';
  /** Orders kept on the tablet and not yet on the server (pending + held). */
  declare kept: number;
  declare online: boolean;
  /** A pairing request is in flight: the button waits. */
  declare busy: boolean;
  /** Why the last pairing failed, or null. */
  declare error: string | null;
  /** A code to put in the field (a pairing link's that could not be used), or null. */
  declare code: string | null;
  declare typed: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.mode = 'none';
    this.kept = 0;
    this.online = true;
    this.busy = false;
    this.error = null;
    this.code = null;
    this.typed = '';
  }

  override render() {
    const unpaired = this.mode === 'unpaired';
    return html`<section class="card" aria-labelledby="title">
      <h1 id="title">${unpaired ? msg('This device was unpaired') : msg('Pair this tablet')}</h1>
      <p>
        ${
          unpaired
            ? msg(
                'A manager unpaired this tablet: it makes no new sale until it is paired again with a new code.',
              )
            : msg(
                'Ask a manager for a pairing code: the back office makes one for this register. A code works once, for 10 minutes.',
              )
        }
      </p>
      ${
        unpaired || this.kept > 0
          ? html`<p class="kept">
              ${msg(str`Orders kept on this tablet are safe: ${this.kept} not on the server yet.`)}
            </p>`
          : nothing
      }
      ${!this.online && !this.error ? html`<p class="offline">${msg('Connect to the network to pair this tablet.')}</p>` : nothing}
      <form @submit=${this.onSubmit}>
        <label for="code">${msg('Pairing code')}</label>
        <input
          id="code"
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          placeholder="ABCD-2345"
          aria-describedby=${this.error ? 'hint pair-error' : 'hint'}
          .value=${this.typed}
          @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
        />
        <p id="hint" class="hint">${msg('8 letters or digits, with or without the dash.')}</p>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? msg('Pairing…') : msg('Pair')}
        </button>
      </form>
      <div role="alert">
        ${this.error ? html`<p id="pair-error" class="error">${this.error}</p>` : nothing}
      </div>
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && this.code) this.typed = this.code;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    this.dispatchEvent(
      new CustomEvent<PairSubmitDetail>('pair-submit', {
        detail: { code: this.typed },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define('pos-pairing', PosPairing);

declare global {
  interface HTMLElementTagNameMap {
    'pos-pairing': PosPairing;
  }
  interface HTMLElementEventMap {
    'pair-submit': CustomEvent<PairSubmitDetail>;
  }
}
