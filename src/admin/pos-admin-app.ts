import { LitElement, css, html, nothing } from 'lit';
import type { Id } from '../domain/ids.js';
import type { PosError } from '../domain/pos-error.js';
import { AdminApi, errorMessage } from './admin-api.js';
import { adminStyles } from './admin-styles.js';
import { adoptToken, forgetToken, storeToken, tokenFromHash } from './admin-token.js';
import { formatClock } from './admin-format.js';
import { LIVE_REFRESH_MS, LiveRefresh } from './live-refresh.js';
import type { PosConfig, SessionListItem } from './admin-types.js';
import './pos-admin-config.js';
import './pos-admin-devices.js';
import './pos-admin-orders.js';
import './pos-admin-sessions.js';
import './pos-admin-sign-in.js';

/**
 * The back office at `/admin` (issue 6), English only. Signs in with the admin token (from the
 * `#token=` link the server prints, or typed), keeps it in sessionStorage and sends it on every
 * call; a 401 comes back to the sign-in form with the reason. Signed in, it shows the POS
 * configs and, for the chosen one, its settings, sessions, the orders of a session and devices;
 * sessions, orders and devices are read again every LIVE_REFRESH_MS while the page is visible.
 */
export class PosAdminApp extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      :host {
        min-height: 100vh;
      }
      header {
        background: #14213d;
        color: #fff;
        padding: 0.6rem 1.25rem;
      }
      header h1 {
        margin: 0;
        font-size: 1.4rem;
        flex: 1;
      }
      header button {
        border-color: #fff;
      }
      nav {
        padding: 0.75rem 1.25rem 0;
      }
      main {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem;
        padding: 1rem 1.25rem 2rem;
        align-items: start;
      }
      /* Landscape tablet and wider: the tables on the left, the settings form on the right. */
      @media (min-width: 1000px) {
        main {
          grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        }
      }
      main.sign-in {
        display: block;
        padding: 0;
      }
      .live {
        padding: 0.5rem 1.25rem 0;
      }
      .column {
        display: grid;
        gap: 1rem;
        min-width: 0;
      }
    `,
  ];

  static override properties = {
    api: { state: true },
    configs: { state: true },
    configId: { state: true },
    session: { state: true },
    sessions: { state: true },
    signInMessage: { state: true },
    signInTone: { state: true },
    loadError: { state: true },
    readAt: { state: true },
  };

  /** The signed-in API; null shows the sign-in form. */
  declare api: AdminApi | null;
  declare configs: PosConfig[] | null;
  declare configId: Id | null;
  /** The session whose orders are shown. */
  declare session: SessionListItem | null;
  /** The config's sessions as last read (names for the orders list). */
  declare sessions: SessionListItem[];
  declare signInMessage: string | null;
  declare signInTone: 'error' | 'info';
  declare loadError: string | null;
  /** When the sections were last read again by the live refresh (epoch ms), or null. */
  declare readAt: number | null;
  private readonly live = new LiveRefresh({ visibility: document, run: () => this.readAgain() });

  constructor() {
    super();
    this.api = null;
    this.configs = null;
    this.configId = null;
    this.session = null;
    this.sessions = [];
    this.signInMessage = null;
    this.signInTone = 'error';
    this.loadError = null;
    this.readAt = null;
    const token = adoptToken(window);
    if (token) this.signIn(token);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    if (this.api) this.live.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.live.stop();
    super.disconnectedCallback();
  }

  /**
   * The live refresh: sessions (whose reload hands the shown session back with fresh figures, so
   * its orders are read again) and devices. Each section shows its own read error.
   */
  private async readAgain(): Promise<void> {
    const root = this.renderRoot;
    await Promise.all([root.querySelector('pos-admin-sessions')?.reload(), root.querySelector('pos-admin-devices')?.reload()]);
    this.readAt = Date.now();
  }

  override render() {
    if (!this.api) {
      return html`<header class="row"><h1>pos-shell back office</h1></header>
        <main class="sign-in"><pos-admin-sign-in .message=${this.signInMessage} .tone=${this.signInTone} @admin-sign-in=${this.onSignIn}></pos-admin-sign-in></main>`;
    }
    const config = this.configs?.find((c) => String(c.id) === String(this.configId)) ?? null;
    return html`<header class="row">
        <h1>pos-shell back office${config ? html` · ${config.name}` : nothing}</h1>
        <button type="button" @click=${this.onSignOut}>Sign out</button>
      </header>
      ${this.renderPicker()} ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>` : nothing}
      ${config ? this.renderConfig(config) : html`<p role="status">${this.configs ? 'No POS config yet.' : 'Loading…'}</p>`}`;
  }

  private renderPicker() {
    const configs = this.configs;
    if (!configs || configs.length < 2) return nothing;
    return html`<nav aria-label="POS configs" class="row">
      ${configs.map(
        (c) => html`<button type="button" aria-pressed=${String(c.id) === String(this.configId) ? 'true' : 'false'} @click=${() => this.choose(c.id)}>${c.name}</button>`,
      )}
    </nav>`;
  }

  private renderConfig(config: PosConfig) {
    const every = `${LIVE_REFRESH_MS / 1000} s`;
    return html`<p class="hint live">Sessions, orders and devices are read again every ${every}${this.readAt ? `, last at ${formatClock(this.readAt)}` : ''}.</p>
      <main>
      <div class="column">
        <pos-admin-sessions
          .api=${this.api}
          .config=${config}
          .selectedSessionId=${this.session?.id ?? null}
          @admin-session-selected=${this.onSessionSelected}
          @admin-sessions-read=${this.onSessionsRead}
        ></pos-admin-sessions>
        <pos-admin-orders .api=${this.api} .config=${config} .session=${this.session} .sessions=${this.sessions}></pos-admin-orders>
        <pos-admin-devices .api=${this.api} .config=${config}></pos-admin-devices>
      </div>
      <div class="column">
        <pos-admin-config .api=${this.api} .config=${config} @admin-config-saved=${this.onConfigSaved}></pos-admin-config>
      </div>
    </main>`;
  }

  private signIn(token: string): void {
    const api: AdminApi = new AdminApi(token, (error) => this.onUnauthorized(api, error));
    this.api = api;
    this.signInMessage = null;
    this.readAt = null;
    if (this.isConnected) this.live.start();
    void this.loadConfigs();
  }

  private async loadConfigs(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const configs = await api.listConfigs();
      if (this.api !== api) return;
      this.configs = configs;
      this.loadError = null;
      if (!configs.some((c) => String(c.id) === String(this.configId))) this.choose(configs[0]?.id ?? null);
    } catch (error) {
      if (this.api === api) this.loadError = `The configs could not be read: ${errorMessage(error)}`;
    }
  }

  private choose(configId: Id | null): void {
    if (String(configId) === String(this.configId)) return;
    this.configId = configId;
    this.session = null;
  }

  private signOut(message: string, tone: 'error' | 'info' = 'error'): void {
    forgetToken(window);
    this.live.stop();
    this.api = null;
    this.configs = null;
    this.configId = null;
    this.session = null;
    this.loadError = null;
    this.signInMessage = message;
    this.signInTone = tone;
  }

  private onUnauthorized(api: AdminApi, error: PosError): void {
    // Only the API in use signs out: a late answer to a replaced token says nothing of the new one.
    if (this.api !== api) return;
    this.signOut(`The server refused the admin token (${error.message}). Sign in again.`);
  }

  /** A back-office link opened in this tab while it was open: sign in with its token. */
  private readonly onHashChange = (): void => {
    if (tokenFromHash(location.hash) === null) return;
    const token = adoptToken(window);
    if (token) this.signIn(token);
  };

  private onSignIn(event: CustomEvent<string>): void {
    storeToken(window, event.detail);
    this.signIn(event.detail);
  }

  private onSignOut(): void {
    this.signOut('Signed out.', 'info');
  }

  private onSessionsRead(event: CustomEvent<SessionListItem[]>): void {
    this.sessions = event.detail;
  }

  private onSessionSelected(event: CustomEvent<SessionListItem>): void {
    this.session = event.detail;
  }

  private onConfigSaved(event: CustomEvent<PosConfig>): void {
    const saved = event.detail;
    this.configs = (this.configs ?? []).map((c) => (String(c.id) === String(saved.id) ? saved : c));
  }
}

customElements.define('pos-admin-app', PosAdminApp);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-app': PosAdminApp;
  }
}
