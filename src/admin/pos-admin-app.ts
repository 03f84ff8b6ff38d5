import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { APP_LOCALES, changeLocale, currentLocale, LANGUAGE_NAMES, type AppLocale } from '../app/locale.js';
import type { Id } from '../domain/ids.js';
import { lazily } from '../domain/lazily.js';
import type { PosError } from '../domain/pos-error.js';
import { AdminApi } from './admin-api.js';
import { badTokenText, errorText, refusedTokenText, type Words } from './admin-errors.js';
import { adminStyles } from './admin-styles.js';
import { adoptToken, forgetToken, isTokenText, storeToken, tokenFromHash } from './admin-token.js';
import { formatClock, formatNumber } from './admin-format.js';
import { LazyPart } from './lazy-part.js';
import { LIVE_REFRESH_MS, LiveRefresh } from './live-refresh.js';
import {
  ADMIN_SECTIONS,
  reportFromHash,
  sectionFromHash,
  sectionHash,
  type AdminSection,
} from './admin-route.js';
import type { PosConfig, SessionListItem } from './admin-types.js';
import './pos-admin-registers.js';
import './pos-admin-sign-in.js';
import type { SignInMessage } from './pos-admin-sign-in.js';

/**
 * The code of every section but Registers (the first, where an address without a section lands),
 * each a chunk of its own fetched when the section is first shown (lazy-part.ts): a manager who
 * signs in waits only for the sign-in, the navigation and Registers. A session's Report page is
 * one of them; Sessions brings its orders list with it.
 */
const SECTION_CODE = {
  products: lazily(() => import('./pos-admin-products.js')),
  sessions: lazily(() => Promise.all([import('./pos-admin-sessions.js'), import('./pos-admin-orders.js')])),
  report: lazily(() => import('./pos-admin-report.js')),
  'day-report': lazily(() => import('./pos-admin-day-report.js')),
  devices: lazily(() => import('./pos-admin-devices.js')),
  settings: lazily(() => import('./pos-admin-config.js')),
} as const;
type LazySection = keyof typeof SECTION_CODE;

/**
 * The back office at `/admin`, in English or French: the till's language choice
 * (src/app/locale.ts, kept on the device), switched in the header. Signs in with the admin token
 * (from the `#token=` link the server prints, or typed), keeps it in sessionStorage and sends it
 * on every call; a token that cannot be one is refused before any request, and a 401 or 403
 * comes back to the sign-in form saying the token is not valid. Signed in, it shows one section
 * at a time, chosen by links and kept in the address (admin-route.ts: `#/products`): Registers
 * (the POS configs, a new one), and for the chosen config its Products, Sessions (with the
 * orders of a session, and each session's Report page), Day report, Devices and Settings. Choosing another config keeps the section. Sessions,
 * orders and devices are read again every `refreshIntervalMs` (LIVE_REFRESH_MS unless the page
 * that holds the element sets another) while the page is visible and shows them.
 */
/** Shortest live refresh interval (ms) the back office takes: a re-read reads three sections. */
export const MIN_REFRESH_INTERVAL_MS = 1_000;

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
      .languages {
        display: flex;
        gap: 0.25rem;
      }
      nav {
        padding: 0.75rem 1.25rem 0;
      }
      nav.sections {
        background: #fff;
        border-bottom: 1px solid #c9d1dc;
        padding: 0.4rem 1.25rem;
        gap: 0.25rem;
      }
      /* Links as tabs, each a 44 px target; the open one marked by more than colour. */
      nav.sections a {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        padding: 0 0.9rem;
        border-radius: 8px;
        color: var(--pos-accent, #0b4fb3);
        font-weight: 600;
        text-decoration: none;
      }
      nav.sections a:hover {
        text-decoration: underline;
      }
      nav.sections a[aria-current='page'] {
        background: var(--pos-accent, #0b4fb3);
        color: #fff;
      }
      main {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem;
        padding: 1rem 1.25rem 2rem;
        align-items: start;
      }
      main.sign-in {
        display: block;
        padding: 0;
      }
      .live {
        padding: 0.5rem 1.25rem 0;
      }
      /* Printed (a report), only the section shows: no header, navigation or refresh line. */
      @media print {
        :host {
          min-height: 0;
        }
        /* !important: .row (a class) would otherwise win over these element selectors. */
        header,
        nav,
        .live {
          display: none !important;
        }
        main {
          display: block;
          padding: 0;
        }
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
    loadError: { state: true },
    readAt: { state: true },
    section: { state: true },
    reportOf: { state: true },
    refreshIntervalMs: { attribute: false },
  };

  /** The signed-in API; null shows the sign-in form. */
  declare api: AdminApi | null;
  declare configs: PosConfig[] | null;
  declare configId: Id | null;
  /** The session whose orders are shown. */
  declare session: SessionListItem | null;
  /** The config's sessions as last read (names for the orders list). */
  declare sessions: SessionListItem[];
  declare signInMessage: SignInMessage | null;
  declare loadError: Words | null;
  /** When the sections were last read again by the live refresh (epoch ms), or null. */
  declare readAt: number | null;
  /** The section shown: the address's (admin-route.ts). */
  declare section: AdminSection;
  /** The session whose Report page the address opens (`#/sessions/12/report`), or null. */
  declare reportOf: string | null;
  /**
   * Gap (ms, whole, at least MIN_REFRESH_INTERVAL_MS) between live re-reads, LIVE_REFRESH_MS by
   * default: the page that holds the back office chooses it (a wall screen watching closings may
   * want it shorter; the browser tests use 1 s to see a re-read without waiting 10 s). Another
   * value throws a RangeError when the element updates.
   */
  declare refreshIntervalMs: number;
  private live = this.liveRefresh(LIVE_REFRESH_MS);
  /** Each lazily loaded section's code, as this page has it (loading, loaded, failed). */
  private readonly sectionCode = Object.fromEntries(
    Object.entries(SECTION_CODE).map(([section, load]) => [section, new LazyPart(this, load)]),
  ) as Record<LazySection, LazyPart>;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.configs = null;
    this.configId = null;
    this.session = null;
    this.sessions = [];
    this.signInMessage = null;
    this.loadError = null;
    this.readAt = null;
    this.section = sectionFromHash(location.hash);
    this.reportOf = reportFromHash(location.hash);
    this.refreshIntervalMs = LIVE_REFRESH_MS;
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
    await Promise.all([
      root.querySelector('pos-admin-sessions')?.reload(),
      root.querySelector('pos-admin-devices')?.reload(),
    ]);
    this.readAt = Date.now();
  }

  override render() {
    if (!this.api) {
      return html`<header class="row">
          <h1>${msg('pos-shell back office')}</h1>
          ${this.renderLanguages()}
        </header>
        <main class="sign-in">
          <pos-admin-sign-in
            .message=${this.signInMessage}
            @admin-sign-in=${this.onSignIn}
          ></pos-admin-sign-in>
        </main>`;
    }
    const config = this.configs?.find((c) => String(c.id) === String(this.configId)) ?? null;
    return html`<header class="row">
        <h1>${msg('pos-shell back office')}${config ? html` · ${config.name}` : nothing}</h1>
        ${this.renderLanguages()}
        <button type="button" @click=${this.onSignOut}>${msg('Sign out')}</button>
      </header>
      ${this.renderSections()} ${this.renderPicker()}
      ${this.loadError ? html`<p class="error" role="alert">${this.loadError()}</p>` : nothing}
      ${this.renderSection(config)}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('refreshIntervalMs') || this.live.intervalMs === this.refreshIntervalMs) return;
    const ms = this.refreshIntervalMs;
    if (!Number.isSafeInteger(ms) || ms < MIN_REFRESH_INTERVAL_MS)
      throw new RangeError(
        `refreshIntervalMs is a whole number of ms from ${MIN_REFRESH_INTERVAL_MS}: got ${String(ms)}`,
      );
    const running = this.live.running;
    this.live.stop();
    this.live = this.liveRefresh(ms);
    if (running) this.live.start();
  }

  protected override updated(): void {
    document.title = msg('pos-shell back office');
  }

  private liveRefresh(intervalMs: number): LiveRefresh {
    return new LiveRefresh({ visibility: document, run: () => this.readAgain(), intervalMs });
  }

  /** The language switch, as on the till: each language named in itself. */
  private renderLanguages() {
    const now = currentLocale();
    return html`<div class="languages" role="group" aria-label=${msg('Language')}>
      ${APP_LOCALES.map(
        (locale) =>
          html`<button
            type="button"
            lang=${locale}
            aria-pressed=${locale === now ? 'true' : 'false'}
            @click=${() => this.onLocale(locale)}
          >
            ${LANGUAGE_NAMES[locale]}
          </button>`,
      )}
    </div>`;
  }

  private renderPicker() {
    const configs = this.configs;
    if (!configs || configs.length < 2) return nothing;
    return html`<nav aria-label=${msg('POS configs')} class="row">
      ${configs.map(
        (c) =>
          html`<button
            type="button"
            aria-pressed=${String(c.id) === String(this.configId) ? 'true' : 'false'}
            @click=${() => this.choose(c.id)}
          >
            ${c.name}
          </button>`,
      )}
    </nav>`;
  }

  /** The sections' links; the open one is `aria-current="page"`. */
  private renderSections() {
    const names: Record<AdminSection, string> = {
      registers: msg('Registers'),
      products: msg('Products'),
      sessions: msg('Sessions'),
      'day-report': msg('Day report'),
      devices: msg('Devices'),
      settings: msg('Settings'),
    };
    return html`<nav class="sections row" aria-label=${msg('Sections')}>
      ${ADMIN_SECTIONS.map(
        (section) =>
          html`<a href=${sectionHash(section)} aria-current=${section === this.section ? 'page' : nothing}
            >${names[section]}</a
          >`,
      )}
    </nav>`;
  }

  /**
   * The open section: Registers needs no config; the others show the chosen one's, once their
   * code is loaded ("Loading…" until then, or why it could not be, with Try again).
   */
  private renderSection(config: PosConfig | null) {
    if (this.section === 'registers') {
      return html`<main>
        <pos-admin-registers
          .api=${this.api}
          .configs=${this.configs}
          .configId=${this.configId}
          @admin-config-created=${this.onConfigCreated}
        ></pos-admin-registers>
      </main>`;
    }
    if (!config)
      return html`<p role="status" class="live">
        ${this.configs ? msg('No POS config yet.') : msg('Loading…')}
      </p>`;
    const part = this.section === 'sessions' && this.reportOf !== null ? 'report' : this.section;
    const waiting = this.sectionCode[part].placeholder();
    if (waiting) return html`<main>${waiting}</main>`;
    switch (part) {
      case 'products':
        return html`<main>
          <pos-admin-products .api=${this.api} .config=${config}></pos-admin-products>
        </main>`;
      case 'report':
        return html`<main>
          <pos-admin-report .api=${this.api} .config=${config} .sessionId=${this.reportOf}></pos-admin-report>
        </main>`;
      case 'sessions':
        return html`${this.renderLive()}
          <main>
            <pos-admin-sessions
              .api=${this.api}
              .config=${config}
              .selectedSessionId=${this.session?.id ?? null}
              @admin-session-selected=${this.onSessionSelected}
              @admin-sessions-read=${this.onSessionsRead}
            ></pos-admin-sessions>
            <pos-admin-orders
              .api=${this.api}
              .config=${config}
              .session=${this.session}
              .sessions=${this.sessions}
            ></pos-admin-orders>
          </main>`;
      case 'day-report':
        return html`<main>
          <pos-admin-day-report .api=${this.api} .config=${config}></pos-admin-day-report>
        </main>`;
      case 'devices':
        return html`${this.renderLive()}
          <main><pos-admin-devices .api=${this.api} .config=${config}></pos-admin-devices></main>`;
      case 'settings':
        return html`<main>
          <pos-admin-config
            .api=${this.api}
            .config=${config}
            @admin-config-saved=${this.onConfigSaved}
          ></pos-admin-config>
        </main>`;
    }
  }

  /** What the live refresh re-reads and when it last did, above the sections it re-reads. */
  private renderLive() {
    const every = formatNumber(this.refreshIntervalMs / 1000);
    return html`<p class="hint live">
      ${
        this.readAt
          ? msg(
              str`Sessions, orders and devices are read again every ${every} s, last at ${formatClock(this.readAt)}.`,
            )
          : msg(str`Sessions, orders and devices are read again every ${every} s.`)
      }
    </p>`;
  }

  private signIn(token: string): void {
    // fetch throws on a header with such a character: the page would look signed in and stay empty.
    if (!isTokenText(token)) {
      this.signOut({ text: badTokenText, tone: 'error' });
      return;
    }
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
      if (this.api === api)
        this.loadError = () => msg(str`The configs could not be read: ${errorText(error)}`);
    }
  }

  private choose(configId: Id | null): void {
    if (String(configId) === String(this.configId)) return;
    this.configId = configId;
    this.session = null;
  }

  private signOut(message: SignInMessage): void {
    forgetToken(window);
    this.live.stop();
    this.api = null;
    this.configs = null;
    this.configId = null;
    this.session = null;
    this.loadError = null;
    this.signInMessage = message;
  }

  private onUnauthorized(api: AdminApi, error: PosError): void {
    // Only the API in use signs out: a late answer to a replaced token says nothing of the new one.
    if (this.api !== api) return;
    this.signOut({ text: () => refusedTokenText(error), tone: 'error' });
  }

  /**
   * The address changed (a section's link, Back or Forward, a back-office link opened in this
   * tab): show its section, and sign in with its token when it has one.
   */
  private readonly onHashChange = (): void => {
    this.section = sectionFromHash(location.hash);
    this.reportOf = reportFromHash(location.hash);
    if (tokenFromHash(location.hash) === null) return;
    const token = adoptToken(window);
    if (token) this.signIn(token);
  };

  private onSignIn(event: CustomEvent<string>): void {
    storeToken(window, event.detail);
    this.signIn(event.detail);
  }

  private onSignOut(): void {
    this.signOut({ text: () => msg('Signed out.'), tone: 'info' });
  }

  private onLocale(locale: AppLocale): void {
    void changeLocale(locale);
  }

  private onSessionsRead(event: CustomEvent<SessionListItem[]>): void {
    this.sessions = event.detail;
  }

  private onSessionSelected(event: CustomEvent<SessionListItem>): void {
    this.session = event.detail;
  }

  /** A new config: listed at once and chosen (its sections show it). */
  private onConfigCreated(event: CustomEvent<PosConfig>): void {
    const created = event.detail;
    this.configs = [...(this.configs ?? []).filter((c) => String(c.id) !== String(created.id)), created];
    this.choose(created.id);
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
