import { LitElement, css, html, nothing } from 'lit';
import { adminStyles } from './admin-styles.js';
import { tokenFromHash } from './admin-token.js';

/**
 * The sign-in form of the back office: one "Admin token" field and Sign in. `message` says why
 * the form is shown again (a token the server refused, a sign out).
 *
 * @fires admin-sign-in - `CustomEvent<string>`, the token typed (trimmed, not empty)
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
      label {
        display: grid;
        gap: 0.3rem;
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    message: {},
    tone: {},
  };

  /** Shown above the form as an alert; null for none. */
  declare message: string | null;
  /** `error` (a refused token, red, announced at once) or `info` (e.g. signed out). */
  declare tone: 'error' | 'info';

  constructor() {
    super();
    this.message = null;
    this.tone = 'error';
  }

  override render() {
    return html`<section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in to the back office</h2>
      ${this.message
        ? this.tone === 'info'
          ? html`<p class="hint" role="status">${this.message}</p>`
          : html`<p class="error" role="alert">${this.message}</p>`
        : nothing}
      <form @submit=${this.onSubmit}>
        <label
          >Admin token
          <input name="token" type="password" autocomplete="off" spellcheck="false" required />
        </label>
        <p class="hint">
          The server printed the back-office link with its token when it first started: paste the token or the whole
          link. The token is also kept on the server, in the file <code>admin-token</code> of its data folder
          (<code>./data/admin-token</code> by default), unless it comes from <code>POS_ADMIN_TOKEN</code>.
        </p>
        <button class="primary" type="submit">Sign in</button>
      </form>
    </section>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name="token"]');
    const typed = input?.value.trim() ?? '';
    // A pasted back-office link (`…/admin#token=…`) carries the token after `#`.
    const token = typed.includes('#') ? (tokenFromHash(typed.slice(typed.indexOf('#'))) ?? '') : typed;
    if (token === '') return;
    this.dispatchEvent(new CustomEvent<string>('admin-sign-in', { detail: token }));
  }
}

customElements.define('pos-admin-sign-in', PosAdminSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-sign-in': PosAdminSignIn;
  }
}
