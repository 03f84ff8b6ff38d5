import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { keyed } from 'lit/directives/keyed.js';
import type { AdminApi } from './admin-api.js';
import { PosError } from '../domain/pos-error.js';
import { errorText, type Words } from './admin-errors.js';
import { formatDateTime } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { BackupStatus, ConfigPatch, PosConfig } from './admin-types.js';
import {
  CONFIG_FIELDS,
  configFieldOf,
  configFieldRule,
  configPatchFromForm,
  timeZoneChoices,
  type ConfigField,
  type ConfigFieldErrors,
} from './config-form.js';

/** The id of each field's input (its label's `for`, its error's `<id>-error`). */
const INPUT_IDS: Readonly<Record<ConfigField, string>> = {
  name: 'name',
  checkSessionStateFrequency: 'frequency',
  maxUnverifiedSeconds: 'max-unverified',
  syncedRetentionDays: 'retention',
  managerPin: 'pin',
  cashControl: 'cash-control',
  timeZone: 'time-zone',
};

/**
 * Settings of one POS config: name, check frequency (s), max unverified time (s, empty = none),
 * retention of synced orders (days), the manager PIN (set or remove), cash control (counting the
 * drawer at opening and closing) and the shop's time zone (the day of the day report); the currency is shown
 * read-only. Below, the server's scheduled backups (`GET /api/backups/last`, read when the section
 * opens): "Last backup: <time>", "Backups are off", and the last failure while the latest attempt
 * failed; nothing when the server cannot say. Save checks every field first (config-form.ts) and
 * sends nothing while one is wrong: each problem shows under its field (`aria-invalid`, `aria-describedby`) and focus goes
 * to the first. What the manager typed stays in the fields whatever happens. Number fields are
 * text fields with a numeric keyboard: a `type="number"` field empties what it cannot read and
 * steps its value under a scroll wheel, so what the form read would not be what was typed.
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
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .check input {
        width: 1.4rem;
        height: 1.4rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
    fieldErrors: { state: true },
    backups: { state: true },
  };

  /** The signed-in API. */
  declare api: AdminApi | null;
  /** The config shown. */
  declare config: PosConfig | null;
  declare busy: boolean;
  /** A problem that is no one field's (the network, a refusal naming no field). */
  declare error: Words | null;
  declare notice: Words | null;
  /** Each bad field's problem, shown under it. */
  declare fieldErrors: ConfigFieldErrors;
  /** The server's scheduled backups, null until read (or when it could not be). */
  declare backups: BackupStatus | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
    this.fieldErrors = {};
    this.backups = null;
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    return html`<section aria-labelledby="config-title">
        <h2 id="config-title">${msg(str`Settings of ${config.name}`)}</h2>
        ${keyed(config.id, this.renderForm(config))}
      </section>
      ${this.renderBackups()}`;
  }

  /** The server's scheduled backups, in one or two lines; nothing before they are read. */
  private renderBackups() {
    const backups = this.backups;
    if (!backups) return nothing;
    const failure = backups.lastFailure;
    return html`<section aria-labelledby="backups-title">
      <h2 id="backups-title">${msg('Backups')}</h2>
      <p id="backup-state">
        ${
          backups.scheduled
            ? backups.last
              ? msg(str`Last backup: ${formatDateTime(backups.last.at)}`)
              : msg('Backups are on; none made yet.')
            : msg('Backups are off')
        }
      </p>
      ${
        failure
          ? html`<p class="error" id="backup-failure">
              ${msg(str`The last backup failed (${formatDateTime(failure.at)}): ${failure.message}`)}
            </p>`
          : nothing
      }
    </section>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('api')) void this.readBackups();
  }

  /** Reads the backups' status; a server that cannot say leaves the part out. */
  private async readBackups(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      this.backups = await api.lastBackup();
    } catch {
      this.backups = null;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another config: the last save's messages were about the previous one.
    if (changed.has('config') && changed.get('config')?.id !== this.config?.id) {
      this.error = null;
      this.notice = null;
      this.fieldErrors = {};
    }
  }

  private renderForm(config: PosConfig) {
    const pinSet = config.managerPinHash !== null;
    return html`<form novalidate @submit=${this.onSave} @input=${this.onInput}>
      <div class="field">
        <label for="name">${msg('Name')}</label>
        <input
          id="name"
          name="name"
          autocomplete="off"
          aria-invalid=${this.invalid('name')}
          aria-describedby=${this.describedBy('name')}
          .value=${config.name}
          ?disabled=${this.busy}
        />
        ${this.fieldError('name')}
      </div>
      <p class="hint">${msg(str`Currency: ${config.currency} (set when the config was created)`)}</p>
      ${this.renderNumberField(
        'checkSessionStateFrequency',
        msg('Check session state every (s)'),
        String(config.checkSessionStateFrequency),
        {
          id: 'frequency-hint',
          text: msg('How often each till asks the server whether its session is still open (5 s to 1 day).'),
        },
      )}
      ${this.renderNumberField(
        'maxUnverifiedSeconds',
        msg('Max unverified time (s)'),
        config.maxUnverifiedSeconds === null ? '' : String(config.maxUnverifiedSeconds),
        {
          id: 'max-unverified-hint',
          text: msg(
            'Tills stop new sales when they could not verify the session for this long. Empty: no limit.',
          ),
        },
      )}
      ${this.renderNumberField('syncedRetentionDays', msg('Keep synced orders on tablets (days)'), String(config.syncedRetentionDays))}
      <fieldset>
        <legend>${msg('Manager PIN')}</legend>
        <p id="pin-state" class="hint">
          ${pinSet ? msg('A manager PIN is set.') : msg('No manager PIN: held orders cannot be rescued from a tablet.')}
        </p>
        <div class="field">
          <label for="pin"
            >${pinSet ? msg('New manager PIN (4–8 digits)') : msg('Manager PIN (4–8 digits)')}</label
          >
          <input
            id="pin"
            name="managerPin"
            type="password"
            inputmode="numeric"
            autocomplete="new-password"
            aria-invalid=${this.invalid('managerPin')}
            aria-describedby=${this.describedBy('managerPin', 'pin-state')}
            ?disabled=${this.busy}
          />
          ${this.fieldError('managerPin')}
        </div>
        ${pinSet ? html`<div class="row"><button type="button" ?disabled=${this.busy} @click=${this.onRemovePin}>${msg('Remove PIN')}</button></div>` : nothing}
      </fieldset>
      ${this.renderCash(config)}
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${msg('Save')}</button>
        <span role="status">${this.notice?.() ?? ''}</span>
      </div>
    </form>`;
  }

  /** Cash control (a checkbox) and the shop's time zone (a list of every zone the browser knows). */
  private renderCash(config: PosConfig) {
    return html`<fieldset>
      <legend>${msg('Cash and reports')}</legend>
      <div class="field">
        <span class="check">
          <input
            id="cash-control"
            name="cashControl"
            type="checkbox"
            aria-describedby="cash-control-hint"
            .checked=${config.cashControl}
            ?disabled=${this.busy}
          />
          <label for="cash-control">${msg('Cash control')}</label>
        </span>
        <span id="cash-control-hint" class="hint"
          >${msg('Sessions open once the float is counted, and close once the drawer is counted and any difference explained.')}</span
        >
      </div>
      <div class="field">
        <label for="time-zone">${msg('Time zone of the shop')}</label>
        <select
          id="time-zone"
          name="timeZone"
          aria-invalid=${this.invalid('timeZone')}
          aria-describedby=${this.describedBy('timeZone', 'time-zone-hint')}
          ?disabled=${this.busy}
        >
          ${timeZoneChoices(config.timeZone).map(
            (zone) => html`<option value=${zone} ?selected=${zone === config.timeZone}>${zone}</option>`,
          )}
        </select>
        ${this.fieldError('timeZone')}
        <span id="time-zone-hint" class="hint"
          >${msg('The day report counts each session on the day it opened here.')}</span
        >
      </div>
    </fieldset>`;
  }

  /**
   * A whole-number field: a text input with the numeric keyboard (a number input would empty what
   * it cannot read, and change under the scroll wheel), its hint and its problem tied to it.
   */
  private renderNumberField(
    field: ConfigField,
    label: string,
    value: string,
    hint?: { id: string; text: string },
  ) {
    const id = INPUT_IDS[field];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        inputmode="numeric"
        autocomplete="off"
        aria-invalid=${this.invalid(field)}
        aria-describedby=${hint ? this.describedBy(field, hint.id) : this.describedBy(field)}
        .value=${value}
        ?disabled=${this.busy}
      />
      ${this.fieldError(field)} ${hint ? html`<span id=${hint.id} class="hint">${hint.text}</span>` : nothing}
    </div>`;
  }

  private invalid(field: ConfigField): 'true' | 'false' {
    return this.fieldErrors[field] ? 'true' : 'false';
  }

  /** The field's hint ids, then its error's when it has one. */
  private describedBy(field: ConfigField, ...hints: string[]): string | typeof nothing {
    return [...hints, ...(this.fieldErrors[field] ? [`${INPUT_IDS[field]}-error`] : [])].join(' ') || nothing;
  }

  private fieldError(field: ConfigField) {
    const text = this.fieldErrors[field];
    return text ? html`<p id="${INPUT_IDS[field]}-error" class="field-error">${text()}</p>` : nothing;
  }

  /** A field being corrected loses its old problem (Save checks it again). */
  private onInput(event: Event): void {
    const name = (event.target as HTMLInputElement | null)?.name;
    const field = CONFIG_FIELDS.find((f) => f === name);
    if (field && this.fieldErrors[field]) {
      const rest = { ...this.fieldErrors };
      delete rest[field];
      this.fieldErrors = rest;
    }
  }

  private onSave(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: ConfigField) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const result = configPatchFromForm({
      name: text('name'),
      checkSessionStateFrequency: text('checkSessionStateFrequency'),
      maxUnverifiedSeconds: text('maxUnverifiedSeconds'),
      syncedRetentionDays: text('syncedRetentionDays'),
      managerPin: text('managerPin'),
      cashControl: text('cashControl'),
      timeZone: text('timeZone'),
    });
    this.error = null;
    this.notice = null;
    if ('errors' in result) {
      void this.showFieldErrors(result.errors);
      return;
    }
    this.fieldErrors = {};
    void this.save(result.patch, form);
  }

  private onRemovePin(): void {
    void this.save({ managerPin: null }, null);
  }

  /** Shows each field's problem under it and moves focus to the first bad field. */
  private async showFieldErrors(errors: ConfigFieldErrors): Promise<void> {
    this.fieldErrors = errors;
    await this.updateComplete;
    const first = CONFIG_FIELDS.find((f) => errors[f]);
    if (first) this.renderRoot.querySelector<HTMLInputElement>(`#${INPUT_IDS[first]}`)?.focus();
  }

  private async save(patch: ConfigPatch, form: HTMLFormElement | null): Promise<void> {
    const { api, config } = this;
    if (!api || !config) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    let refused: ConfigFieldErrors | null = null;
    try {
      const saved = await api.patchConfig(config.id, patch);
      const pin = form?.querySelector<HTMLInputElement>('input[name="managerPin"]');
      if (pin) pin.value = '';
      this.notice = patch.managerPin === null ? () => msg('PIN removed.') : () => msg('Saved.');
      this.dispatchEvent(new CustomEvent<PosConfig>('admin-config-saved', { detail: saved }));
    } catch (error) {
      const refusal = refusalOf(error, patch);
      if ('fields' in refusal) refused = refusal.fields;
      else this.error = refusal.message;
    } finally {
      this.busy = false;
    }
    // After busy: a disabled field cannot take focus.
    if (refused) await this.showFieldErrors(refused);
  }
}

/**
 * How a failed save is shown: a refusal the server pins on one field of this form (a 400 whose
 * `error.field` names it) in this form's own words at that field, a name another config has at
 * the name field; a 400 naming no known field as a general sentence, never the server's text (it
 * may be a schema's); anything else (network, 401, 500) as a line under the form.
 */
function refusalOf(error: unknown, patch: ConfigPatch): { fields: ConfigFieldErrors } | { message: Words } {
  if (error instanceof PosError && error.code === 'conflict' && patch.name !== undefined) {
    return { fields: { name: () => msg('Name: another POS config already has this name') } };
  }
  if (error instanceof PosError && error.code === 'validation_failed') {
    const field = configFieldOf(error.field ?? null);
    if (field) return { fields: { [field]: () => configFieldRule(field) } };
    return {
      message: () => msg('Not saved: the server refused these settings. Check each field and save again.'),
    };
  }
  return { message: () => msg(str`Not saved: ${errorText(error)}`) };
}

customElements.define('pos-admin-config', PosAdminConfig);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-config': PosAdminConfig;
  }
}
