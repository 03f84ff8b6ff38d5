import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { PosError } from '../domain/pos-error.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { adminStyles } from './admin-styles.js';
import type { Product, ProductInput } from './admin-types.js';
import {
  PRODUCT_FIELDS,
  productFieldOf,
  productFieldRule,
  productFormValues,
  productFromForm,
  type ProductField,
  type ProductFieldErrors,
} from './product-form.js';

/** The id of each field's input (its label's `for`, its error's `<id>-error`). */
const INPUT_IDS: Readonly<Record<ProductField, string>> = {
  name: 'product-name',
  category: 'product-category',
  price: 'product-price',
  taxRate: 'product-tax',
  barcode: 'product-barcode',
};

/**
 * The form that adds a product to a config's catalog, or edits one (`product` set): name,
 * category, price in major units of `currency`, tax in percent and barcode (optional). Checked
 * before sending (product-form.ts); a problem, the form's or the server's (a 400 naming its
 * field, a name or barcode in use), shows under its field and focus goes to the first. What was
 * typed stays in the fields whatever happens. The name field takes focus when the form opens.
 *
 * @fires admin-product-saved - `CustomEvent<Product>`, the product as the server saved it
 * @fires admin-product-cancel - the manager closed the form without saving
 */
export class PosAdminProductForm extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      form {
        display: grid;
        gap: 0.8rem;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: 0.8rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
        align-content: start;
      }
      label {
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    configId: { attribute: false },
    currency: { attribute: false },
    product: { attribute: false },
    busy: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
  };

  declare api: AdminApi | null;
  /** The config whose catalog a new product joins. */
  declare configId: Id | null;
  /** The config's currency (ISO 4217): how many decimals a price has. */
  declare currency: string;
  /** The product edited; null adds one. */
  declare product: Product | null;
  declare busy: boolean;
  declare error: Words | null;
  declare fieldErrors: ProductFieldErrors;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.configId = null;
    this.currency = 'EUR';
    this.product = null;
    this.busy = false;
    this.error = null;
    this.fieldErrors = {};
  }

  override render() {
    const product = this.product;
    const values = product ? productFormValues(product, this.currency) : null;
    const title = product ? msg(str`Edit ${product.name}`) : msg('Add a product');
    return html`<section aria-labelledby="product-form-title">
      <h3 id="product-form-title">${title}</h3>
      <form novalidate @submit=${this.onSubmit} @input=${this.onInput}>
        <div class="fields">
          ${this.renderField('name', msg('Name'), values?.name ?? '')}
          ${this.renderField('category', msg('Category'), values?.category ?? '')}
          ${this.renderField('price', msg(str`Price (${this.currency}, tax included)`), values?.price ?? '', 'decimal')}
          ${this.renderField('taxRate', msg('Tax (%)'), values?.taxRate ?? '', 'decimal')}
          ${this.renderField('barcode', msg('Barcode (optional)'), values?.barcode ?? '', 'numeric')}
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${product ? msg('Save product') : msg('Add product')}
          </button>
          <button type="button" ?disabled=${this.busy} @click=${this.onCancel}>${msg('Cancel')}</button>
        </div>
      </form>
    </section>`;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>(`#${INPUT_IDS.name}`)?.focus();
  }

  private renderField(field: ProductField, label: string, value: string, inputmode?: 'decimal' | 'numeric') {
    const id = INPUT_IDS[field];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${field}
        autocomplete="off"
        inputmode=${inputmode ?? nothing}
        value=${value}
        aria-invalid=${this.fieldErrors[field] ? 'true' : 'false'}
        aria-describedby=${this.fieldErrors[field] ? `${id}-error` : nothing}
        ?disabled=${this.busy}
      />
      ${this.fieldError(field)}
    </div>`;
  }

  private fieldError(field: ProductField) {
    const text = this.fieldErrors[field];
    return text ? html`<p id="${INPUT_IDS[field]}-error" class="field-error">${text()}</p>` : nothing;
  }

  /** A field being corrected loses its old problem (Save checks it again). */
  private onInput(event: Event): void {
    const name = (event.target as HTMLInputElement | null)?.name;
    const field = PRODUCT_FIELDS.find((f) => f === name);
    if (field && this.fieldErrors[field]) {
      const rest = { ...this.fieldErrors };
      delete rest[field];
      this.fieldErrors = rest;
    }
  }

  private onCancel(): void {
    this.dispatchEvent(new CustomEvent('admin-product-cancel'));
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: ProductField) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const result = productFromForm(
      {
        name: text('name'),
        category: text('category'),
        price: text('price'),
        taxRate: text('taxRate'),
        barcode: text('barcode'),
      },
      this.currency,
    );
    this.error = null;
    if ('errors' in result) {
      void this.showFieldErrors(result.errors);
      return;
    }
    this.fieldErrors = {};
    void this.save(result.product);
  }

  private async showFieldErrors(errors: ProductFieldErrors): Promise<void> {
    this.fieldErrors = errors;
    await this.updateComplete;
    const first = PRODUCT_FIELDS.find((f) => errors[f]);
    if (first) this.renderRoot.querySelector<HTMLInputElement>(`#${INPUT_IDS[first]}`)?.focus();
  }

  private async save(fields: ProductInput): Promise<void> {
    const { api, configId, product } = this;
    if (!api || configId === null) return;
    this.busy = true;
    let refused: ProductFieldErrors | null = null;
    try {
      const saved = product
        ? await api.patchProduct(product.id, fields)
        : await api.createProduct(configId, fields);
      this.dispatchEvent(new CustomEvent<Product>('admin-product-saved', { detail: saved }));
    } catch (error) {
      const refusal = refusalOf(error, this.currency);
      if ('fields' in refusal) refused = refusal.fields;
      else this.error = refusal.message;
    } finally {
      this.busy = false;
    }
    if (refused) await this.showFieldErrors(refused);
  }
}

/**
 * How a refused save is shown: a 409 at the name or the barcode (the field the server names, else
 * the one its message speaks of), a 400 naming a field of this form at that field in the form's
 * own words; anything else as a line under the form.
 */
function refusalOf(error: unknown, currency: string): { fields: ProductFieldErrors } | { message: Words } {
  if (error instanceof PosError && error.code === 'conflict') {
    const barcode = productFieldOf(error.field) === 'barcode' || /barcode/i.test(error.message);
    return {
      fields: barcode
        ? { barcode: () => msg('Barcode: another product of this register already has this barcode') }
        : { name: () => msg('Name: another product of this register already has this name') },
    };
  }
  if (error instanceof PosError && error.code === 'validation_failed') {
    const field = productFieldOf(error.field);
    if (field) return { fields: { [field]: () => productFieldRule(field, currency) } };
  }
  return { message: () => msg(str`Not saved: ${errorText(error)}`) };
}

customElements.define('pos-admin-product-form', PosAdminProductForm);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-product-form': PosAdminProductForm;
  }
}
