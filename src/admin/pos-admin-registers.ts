import { LitElement, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { lazily } from '../domain/lazily.js';
import type { AdminApi } from './admin-api.js';
import { formatNumber } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig } from './admin-types.js';
import { LazyPart } from './lazy-part.js';

/**
 * The New register form's code: a chunk of its own, fetched once the list is shown (lazy-part.ts),
 * since Registers is the section a manager lands on and the list is what they came for.
 */
const loadNewRegisterForm = lazily(() => import('./pos-admin-new-register.js'));

/**
 * The Registers section: every POS config (name, currency, check frequency; the chosen one
 * marked) and the New register form under it.
 *
 * @fires admin-config-created - `CustomEvent<PosConfig>` (from the form), the config as the server made it
 */
export class PosAdminRegisters extends LitElement {
  static override styles = adminStyles;

  static override properties = {
    api: { attribute: false },
    configs: { attribute: false },
    configId: { attribute: false },
  };

  /** The signed-in API. */
  declare api: AdminApi | null;
  /** Every config as last read, null while loading. */
  declare configs: PosConfig[] | null;
  /** The chosen config. */
  declare configId: Id | null;
  private readonly newRegisterForm = new LazyPart(this, loadNewRegisterForm);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.configs = null;
    this.configId = null;
  }

  override render() {
    const configs = this.configs ?? [];
    return html`<section aria-labelledby="registers-title">
        <h2 id="registers-title">${msg('Registers')}</h2>
        ${
          configs.length === 0
            ? html`<p role="status">${this.configs ? msg('No POS config yet.') : msg('Loading…')}</p>`
            : html`<div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Name')}</th>
                      <th scope="col">${msg('Currency')}</th>
                      <th scope="col" class="amount">${msg('Check every (s)')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${configs.map(
                      (c) =>
                        html`<tr aria-current=${String(c.id) === String(this.configId) ? 'true' : nothing}>
                          <th scope="row">${c.name}</th>
                          <td>${c.currency}</td>
                          <td class="amount">${formatNumber(c.checkSessionStateFrequency)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </section>
      ${
        this.newRegisterForm.placeholder() ??
        html`<pos-admin-new-register .api=${this.api} .configs=${configs}></pos-admin-new-register>`
      }`;
  }
}

customElements.define('pos-admin-registers', PosAdminRegisters);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-registers': PosAdminRegisters;
  }
}
