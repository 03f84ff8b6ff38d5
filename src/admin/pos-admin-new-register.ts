import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { DEFAULT_CHECK_FREQUENCY_S } from '../domain/config-limits.js';
import { PosError } from '../domain/pos-error.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { adminStyles } from './admin-styles.js';
import type { NewConfig, PosConfig } from './admin-types.js';
import {
  NEW_REGISTER_FIELDS,
  newConfigFromForm,
  newRegisterFieldOf,
  newRegisterRule,
  type NewRegisterErrors,
  type NewRegisterField,
} from './new-register-form.js';

/** The id of each field's input (its label's `for`, its error's `<id>-error`). */
const INPUT_IDS: Readonly<Record<NewRegisterField, string>> = {
  name: 'new-name',
  currency: 'new-currency',
  checkSessionStateFrequency: 'new-frequency',
  copyCatalogFrom: 'new-copy',
};

/**
 * The New register form: name, currency, check frequency (s) and the register whose catalog the
 * new one starts with (or none). Checked before sending (new-register-form.ts); a problem, the
 * form's or the server's (a 400 naming a field, a name in use, a register to copy that is gone),
 * shows under its field and focus goes to the first. Made, the form empties and says so.
 *
 * @fires admin-config-created - `CustomEvent<PosConfig>`, the config as the server made it
 */
export class PosAdminNewRegister extends LitElement {
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
      input,
      select {
        max-width: 22rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    configs: { attribute: false },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
    fieldErrors: { state: true },
  };

  declare api: AdminApi | null;
  /** The configs a catalog may be copied from. */
  declare configs: PosConfig[];
  declare busy: boolean;
  declare error: Words | null;
  declare notice: Words | null;
  declare fieldErrors: NewRegisterErrors;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.configs = [];
    this.busy = false;
    this.error = null;
    this.notice = null;
    this.fieldErrors = {};
  }

  override render() {
    return html`<section aria-labelledby="new-register-title">
      <h2 id="new-register-title">${msg('New register')}</h2>
      <form novalidate @submit=${this.onSubmit} @input=${this.onInput} @change=${this.onInput}>
        ${this.renderInput('name', msg('Name'))}
        ${this.renderInput('currency', msg('Currency (ISO 4217 code)'), { placeholder: 'EUR', value: '' })}
        ${this.renderInput('checkSessionStateFrequency', msg('Check session state every (s)'), {
          value: String(DEFAULT_CHECK_FREQUENCY_S),
          inputmode: 'numeric',
        })}
        <div class="field">
          <label for=${INPUT_IDS.copyCatalogFrom}>${msg('Copy the catalog from')}</label>
          <select
            id=${INPUT_IDS.copyCatalogFrom}
            name="copyCatalogFrom"
            aria-invalid=${this.invalid('copyCatalogFrom')}
            aria-describedby=${this.describedBy('copyCatalogFrom')}
            ?disabled=${this.busy}
          >
            <option value="">${msg('None: start with an empty catalog')}</option>
            ${this.configs.map((c) => html`<option value=${String(c.id)}>${c.name}</option>`)}
          </select>
          ${this.fieldError('copyCatalogFrom')}
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${msg('Create register')}</button>
          <span role="status">${this.notice?.() ?? ''}</span>
        </div>
      </form>
    </section>`;
  }

  private renderInput(
    field: Exclude<NewRegisterField, 'copyCatalogFrom'>,
    label: string,
    options: { value?: string; placeholder?: string; inputmode?: 'numeric' } = {},
  ) {
    const id = INPUT_IDS[field];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        autocomplete="off"
        inputmode=${options.inputmode ?? nothing}
        placeholder=${options.placeholder ?? nothing}
        value=${options.value ?? ''}
        aria-invalid=${this.invalid(field)}
        aria-describedby=${this.describedBy(field)}
        ?disabled=${this.busy}
      />
      ${this.fieldError(field)}
    </div>`;
  }

  private invalid(field: NewRegisterField): 'true' | 'false' {
    return this.fieldErrors[field] ? 'true' : 'false';
  }

  private describedBy(field: NewRegisterField): string | typeof nothing {
    return this.fieldErrors[field] ? `${INPUT_IDS[field]}-error` : nothing;
  }

  private fieldError(field: NewRegisterField) {
    const text = this.fieldErrors[field];
    return text ? html`<p id="${INPUT_IDS[field]}-error" class="field-error">${text()}</p>` : nothing;
  }

  /** A field being corrected loses its old problem (Create checks it again). */
  private onInput(event: Event): void {
    const name = (event.target as HTMLInputElement | null)?.name;
    const field = NEW_REGISTER_FIELDS.find((f) => f === name);
    if (field && this.fieldErrors[field]) {
      const rest = { ...this.fieldErrors };
      delete rest[field];
      this.fieldErrors = rest;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: NewRegisterField) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const result = newConfigFromForm(
      {
        name: text('name'),
        currency: text('currency'),
        checkSessionStateFrequency: text('checkSessionStateFrequency'),
        copyCatalogFrom: text('copyCatalogFrom'),
      },
      this.configs,
    );
    this.error = null;
    this.notice = null;
    if ('errors' in result) {
      void this.showFieldErrors(result.errors);
      return;
    }
    this.fieldErrors = {};
    void this.create(result.body, form);
  }

  private async showFieldErrors(errors: NewRegisterErrors): Promise<void> {
    this.fieldErrors = errors;
    await this.updateComplete;
    const first = NEW_REGISTER_FIELDS.find((f) => errors[f]);
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${INPUT_IDS[first]}`)?.focus();
  }

  private async create(body: NewConfig, form: HTMLFormElement): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.busy = true;
    let refused: NewRegisterErrors | null = null;
    try {
      const created = await api.createConfig(body);
      form.reset();
      this.notice = () => msg(str`Register ${created.name} created.`);
      this.dispatchEvent(
        new CustomEvent<PosConfig>('admin-config-created', {
          detail: created,
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      const refusal = refusalOf(error, body);
      if ('fields' in refusal) refused = refusal.fields;
      else this.error = refusal.message;
    } finally {
      this.busy = false;
    }
    if (refused) await this.showFieldErrors(refused);
  }
}

/**
 * How a refused creation is shown: a name in use (409) at the name, a register to copy that is
 * gone (404 with copyCatalogFrom) at the select, a 400 naming a field of this form at that field;
 * anything else as a line under the form.
 */
function refusalOf(error: unknown, body: NewConfig): { fields: NewRegisterErrors } | { message: Words } {
  if (error instanceof PosError && error.code === 'conflict')
    return { fields: { name: () => msg('Name: another POS config already has this name') } };
  if (error instanceof PosError && error.code === 'not_found' && body.copyCatalogFrom !== undefined)
    return { fields: { copyCatalogFrom: () => newRegisterRule('copyCatalogFrom') } };
  if (error instanceof PosError && error.code === 'validation_failed') {
    const field = newRegisterFieldOf(error.field ?? null);
    if (field) return { fields: { [field]: () => newRegisterRule(field) } };
  }
  return { message: () => msg(str`Not created: ${errorText(error)}`) };
}

customElements.define('pos-admin-new-register', PosAdminNewRegister);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-new-register': PosAdminNewRegister;
  }
}
