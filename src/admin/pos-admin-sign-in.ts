import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { badTokenText, type Words } from './admin-errors.js';
import { adminStyles } from './admin-styles.js';
import { isTokenText, tokenFromHash } from './admin-token.js';

/**
 * Why the sign-in form is shown again: a refused token (`error`, shown at the field and announced
 * at once) or a sign out (`info`). A new object each time, even with the same words: a second
 * refused token is news again.
 */
export interface SignInMessage {
  text: Words;
  tone: 'error' | 'info';
}

/**
 * The sign-in form of the back office: one "Admin token" field and Sign in. A token that cannot
 * be one (empty, or a character outside `!`..`~`: a space inside, an accent) is refused at the
 * field without a request. `message` says why the form is shown again.
 *
 * @fires admin-sign-in - `CustomEvent<string>`, the token typed (trimmed, printable ASCII)
 */
export class PosAdminSignIn extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      :host {
        max-width: 560px;
        margin: 3rem auto;
        padding: 0 1rem;
      }
      form {
        display: grid;
        gap: 0.75rem;
      }
      .field {
        display: grid;
        gap: 0.3rem;
      }
      label {
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    message: { attribute: false },
    fieldError: { state: true },
    edited: { state: true },
  };

  /** Why the form is shown again; null for none. */
  declare message: SignInMessage | null;
  /** What is wrong with the token typed, found on this form. */
  declare fieldError: Words | null;
  /** The field was typed in since `message` came: a refusal of the previous token no longer applies. */
  declare edited: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.message = null;
    this.fieldError = null;
    this.edited = false;
  }

  override render() {
    const message = this.message;
    const problem = this.fieldError ?? (message?.tone === 'error' && !this.edited ? message.text : null);
    return html`<section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">${msg('Sign in to the back office')}</h2>
      ${message?.tone === 'info' ? html`<p class="hint" role="status">${message.text()}</p>` : nothing}
      <form novalidate @submit=${this.onSubmit} @input=${this.onInput}>
        <div class="field">
          <label for="token">${msg('Admin token')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${problem ? 'true' : 'false'}
            aria-describedby=${problem ? 'token-error token-hint' : 'token-hint'}
          />
          ${problem ? html`<p id="token-error" class="field-error" role="alert">${problem()}</p>` : nothing}
        </div>
        <p id="token-hint" class="hint">
          ${msg(
            'The server printed the back-office link with its token when it first started: paste the token or the whole link. The token is also kept on the server, in the file admin-token of its data folder (./data/admin-token by default), unless it comes from POS_ADMIN_TOKEN.',
          )}
        </p>
        <button class="primary" type="submit">${msg('Sign in')}</button>
      </form>
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('message')) this.edited = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A token the server refused: the field to correct takes focus.
    if (changed.has('message') && this.message?.tone === 'error') this.input()?.focus();
  }

  private input(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('#token');
  }

  private onInput(): void {
    this.fieldError = null;
    this.edited = true;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const typed = this.input()?.value.trim() ?? '';
    // A pasted back-office link (`…/admin#token=…`) carries the token after `#`.
    const token = typed.includes('#') ? (tokenFromHash(typed.slice(typed.indexOf('#'))) ?? '') : typed;
    this.fieldError = null;
    if (token === '')
      this.fieldError = () =>
        msg('Admin token: paste the admin token, or the back-office link that carries it.');
    else if (!isTokenText(token)) this.fieldError = badTokenText;
    if (this.fieldError) {
      await this.updateComplete;
      this.input()?.focus();
      return;
    }
    this.dispatchEvent(new CustomEvent<string>('admin-sign-in', { detail: token }));
  }
}

customElements.define('pos-admin-sign-in', PosAdminSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-sign-in': PosAdminSignIn;
  }
}
