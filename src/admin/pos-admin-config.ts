import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { AdminApi } from './admin-api.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig } from './admin-types.js';
import { configPatchFromForm } from './config-form.js';

/**
 * Settings of one POS config: name, check frequency (s), max unverified time (s, empty = none),
 * retention of synced orders (days) and the manager PIN (set or remove); the currency is shown
 * read-only. The form does not validate ranges itself (`novalidate`): Save shows the server's
 * validation message.
 *
 * @fires admin-config-saved - `CustomEvent<PosConfig>`, the config as the server saved it
 */
export class PosAdminConfig extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      form {
        display: grid;
        gap: 0.8rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      label {
        font-weight: 600;
      }
      input {
        max-width: 22rem;
      }
      fieldset {
        border: 1px solid #c9d1dc;
        border-radius: 10px;
        display: grid;
        gap: 0.5rem;
      }
      legend {
        font-weight: 700;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  /** The signed-in API. */
  declare api: AdminApi | null;
  /** The config shown. */
  declare config: PosConfig | null;
  declare busy: boolean;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.api = null;
    this.config = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    return html`<section aria-labelledby="config-title">
      <h2 id="config-title">Settings of ${config.name}</h2>
      ${keyed(config.id, this.renderForm(config))}
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another config: the last save's message was about the previous one.
    if (changed.has('config') && changed.get('config')?.id !== this.config?.id) {
      this.error = null;
      this.notice = null;
    }
  }

  private renderForm(config: PosConfig) {
    const pinSet = config.managerPinHash !== null;
    return html`<form novalidate @submit=${this.onSave}>
      <div class="field">
        <label for="name">Name</label>
        <input id="name" name="name" autocomplete="off" required .value=${config.name} ?disabled=${this.busy} />
      </div>
      <p class="hint">Currency: <strong>${config.currency}</strong> (set when the config was created)</p>
      <div class="field">
        <label for="frequency">Check session state every (s)</label>
        <input
          id="frequency"
          name="checkSessionStateFrequency"
          type="number"
          inputmode="numeric"
          min="5"
          max="86400"
          step="1"
          aria-describedby="frequency-hint"
          .value=${String(config.checkSessionStateFrequency)}
          ?disabled=${this.busy}
        />
        <span id="frequency-hint" class="hint">How often each till asks the server whether its session is still open (5 s to 1 day).</span>
      </div>
      <div class="field">
        <label for="max-unverified">Max unverified time (s)</label>
        <input
          id="max-unverified"
          name="maxUnverifiedSeconds"
          type="number"
          inputmode="numeric"
          min="1"
          step="1"
          aria-describedby="max-unverified-hint"
          .value=${config.maxUnverifiedSeconds === null ? '' : String(config.maxUnverifiedSeconds)}
          ?disabled=${this.busy}
        />
        <span id="max-unverified-hint" class="hint">Tills stop new sales when they could not verify the session for this long. Empty: no limit.</span>
      </div>
      <div class="field">
        <label for="retention">Keep synced orders on tablets (days)</label>
        <input id="retention" name="syncedRetentionDays" type="number" inputmode="numeric" min="1" max="365" step="1" .value=${String(config.syncedRetentionDays)} ?disabled=${this.busy} />
      </div>
      <fieldset>
        <legend>Manager PIN</legend>
        <p id="pin-state" class="hint">${pinSet ? 'A manager PIN is set.' : 'No manager PIN: held orders cannot be rescued from a tablet.'}</p>
        <div class="field">
          <label for="pin">${pinSet ? 'New manager PIN (4–8 digits)' : 'Manager PIN (4–8 digits)'}</label>
          <input id="pin" name="managerPin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="8" aria-describedby="pin-state" ?disabled=${this.busy} />
        </div>
        ${pinSet ? html`<div class="row"><button type="button" ?disabled=${this.busy} @click=${this.onRemovePin}>Remove PIN</button></div>` : nothing}
      </fieldset>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>Save</button>
        <span role="status">${this.notice ?? ''}</span>
      </div>
    </form>`;
  }

  private onSave(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const result = configPatchFromForm({
      name: text('name'),
      checkSessionStateFrequency: text('checkSessionStateFrequency'),
      maxUnverifiedSeconds: text('maxUnverifiedSeconds'),
      syncedRetentionDays: text('syncedRetentionDays'),
      managerPin: text('managerPin'),
    });
    if ('error' in result) {
      this.error = result.error;
      this.notice = null;
      return;
    }
    void this.save(result.patch, form);
  }

  private onRemovePin(): void {
    void this.save({ managerPin: null }, null);
  }

  private async save(patch: Parameters<AdminApi['patchConfig']>[1], form: HTMLFormElement | null): Promise<void> {
    const { api, config } = this;
    if (!api || !config) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const saved = await api.patchConfig(config.id, patch);
      const pin = form?.querySelector<HTMLInputElement>('input[name="managerPin"]');
      if (pin) pin.value = '';
      this.notice = 'Saved.';
      this.dispatchEvent(new CustomEvent<PosConfig>('admin-config-saved', { detail: saved }));
    } catch (error) {
      this.error = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pos-admin-config', PosAdminConfig);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-config': PosAdminConfig;
  }
}
