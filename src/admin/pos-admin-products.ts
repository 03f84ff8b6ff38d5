import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { saveDownload } from './save-download.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatMoney } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PosConfig, Product } from './admin-types.js';
import { formatTaxRate, matchProducts } from './product-form.js';
import './pos-admin-product-form.js';
import './pos-admin-product-import.js';

/**
 * The Products section of one POS config: its catalog, archived products included and marked so
 * (`?includeArchived=1`), searchable by name, category or barcode; Add product and Edit open the
 * product form; Archive takes a product off the tills (orders keep it) and Restore puts it back;
 * Export CSV downloads the catalog (fetched with the admin token, saved from a Blob: a plain
 * link could not carry the token); Import CSV (pos-admin-product-import) reloads the list once
 * applied.
 */
export class PosAdminProducts extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .tools {
        margin-bottom: 0.75rem;
      }
      .tools label {
        font-weight: 600;
      }
      tr.archived th,
      tr.archived td:not(:last-child) {
        color: #4b5563;
      }
      pos-admin-product-form,
      pos-admin-product-import {
        margin: 0.75rem 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    products: { state: true },
    query: { state: true },
    editing: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  /** The catalog as last read, archived products included; null before the first read. */
  declare products: Product[] | null;
  declare query: string;
  /** The form open: 'new' adds a product, a product edits it, null shows none. */
  declare editing: Product | 'new' | null;
  declare busy: boolean;
  declare error: Words | null;
  declare notice: Words | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.products = null;
    this.query = '';
    this.editing = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
  }

  override render() {
    const config = this.config;
    if (!config) return nothing;
    return html`<section aria-labelledby="products-title">
      <h2 id="products-title">${msg(str`Products of ${config.name}`)}</h2>
      <div class="row tools">
        <label for="product-search">${msg('Search products')}</label>
        <input
          id="product-search"
          type="search"
          autocomplete="off"
          .value=${this.query}
          @input=${this.onSearch}
        />
        <button type="button" class="primary" ?disabled=${this.editing !== null} @click=${this.onAdd}>
          ${msg('Add product')}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${this.onExport}>${msg('Export CSV')}</button>
      </div>
      ${
        this.editing === null
          ? nothing
          : html`<pos-admin-product-form
              .api=${this.api}
              .configId=${config.id}
              .currency=${config.currency}
              .product=${this.editing === 'new' ? null : this.editing}
              @admin-product-saved=${this.onSaved}
              @admin-product-cancel=${this.onCancel}
            ></pos-admin-product-form>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      <p role="status">${this.notice?.() ?? ''}</p>
      ${this.renderList(config)}
      <pos-admin-product-import
        .api=${this.api}
        .configId=${config.id}
        .currency=${config.currency}
        @admin-products-imported=${this.onImported}
      ></pos-admin-product-import>
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('config') && String(changed.get('config')?.id) !== String(this.config?.id)) {
      this.products = null;
      this.editing = null;
      this.error = null;
      this.notice = null;
      void this.load();
    }
  }

  private renderList(config: PosConfig) {
    const products = this.products;
    if (products === null) return html`<p class="hint">${msg('Loading…')}</p>`;
    if (products.length === 0)
      return html`<p class="hint">${msg('No product yet: add one or import a CSV file.')}</p>`;
    const shown = matchProducts(products, this.query);
    if (shown.length === 0) return html`<p class="hint">${msg('No product matches the search.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">${msg('Name')}</th>
            <th scope="col">${msg('Category')}</th>
            <th scope="col" class="amount">${msg('Price')}</th>
            <th scope="col" class="amount">${msg('Tax')}</th>
            <th scope="col">${msg('Barcode')}</th>
            <th scope="col">${msg('State')}</th>
            <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${shown.map((p) => this.renderRow(p, config.currency))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(product: Product, currency: string) {
    const archived = product.archived === true;
    return html`<tr class=${archived ? 'archived' : ''}>
      <th scope="row">${product.name}</th>
      <td>${product.category}</td>
      <td class="amount">${formatMoney(product.price, currency)}</td>
      <td class="amount">${formatTaxRate(product.taxRate)}</td>
      <td>${product.barcode ?? '—'}</td>
      <td>${archived ? html`<span class="badge revoked">${msg('Archived')}</span>` : msg('On sale')}</td>
      <td>
        <div class="row">
          <button
            type="button"
            aria-label=${msg(str`Edit ${product.name}`)}
            ?disabled=${this.busy}
            @click=${() => this.onEdit(product)}
          >
            ${msg('Edit')}
          </button>
          <button
            type="button"
            aria-label=${archived ? msg(str`Restore ${product.name}`) : msg(str`Archive ${product.name}`)}
            ?disabled=${this.busy}
            @click=${() => this.setArchived(product, !archived)}
          >
            ${archived ? msg('Restore') : msg('Archive')}
          </button>
        </div>
      </td>
    </tr>`;
  }

  /** Reads the catalog again, archived products included. */
  async reload(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    const { api, config } = this;
    if (!api || !config) return;
    try {
      const products = await api.listProducts(config.id, true);
      if (this.config !== config) return;
      this.products = products;
    } catch (error) {
      if (this.config === config)
        this.error = () => msg(str`The products could not be read: ${errorText(error)}`);
    }
  }

  private onSearch(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
  }

  private onAdd(): void {
    this.notice = null;
    this.editing = 'new';
  }

  private onEdit(product: Product): void {
    this.notice = null;
    // Another product's form: a new element, so no field keeps the previous one's typing.
    this.editing = null;
    void this.updateComplete.then(() => (this.editing = product));
  }

  private onCancel(): void {
    this.editing = null;
  }

  private onSaved(event: CustomEvent<Product>): void {
    const saved = event.detail;
    const added = this.editing === 'new';
    this.editing = null;
    this.showSaved(saved);
    this.notice = added ? () => msg(str`${saved.name} added.`) : () => msg(str`${saved.name} saved.`);
    void this.load();
  }

  /** Puts `saved` in place of the listed product of the same id (a reload follows). */
  private showSaved(saved: Product): void {
    if (this.products) this.products = this.products.map((p) => (p.id === saved.id ? saved : p));
  }

  private onImported(): void {
    void this.load();
  }

  private async setArchived(product: Product, archived: boolean): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const saved = await api.patchProduct(product.id, { archived });
      // The row shows the server's answer before the notice announces it, so what a screen
      // reader hears and what the list shows never disagree while the list reloads.
      this.showSaved(saved);
      this.notice = archived
        ? () => msg(str`${saved.name} archived.`)
        : () => msg(str`${saved.name} restored.`);
      await this.load();
    } catch (error) {
      this.error = archived
        ? () => msg(str`${product.name} could not be archived: ${errorText(error)}`)
        : () => msg(str`${product.name} could not be restored: ${errorText(error)}`);
    } finally {
      this.busy = false;
    }
  }

  /** Downloads the catalog as the server writes it. */
  private async onExport(): Promise<void> {
    const { api, config } = this;
    if (!api || !config || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const { blob, filename } = await api.exportProducts(config.id);
      saveDownload(blob, filename);
    } catch (error) {
      this.error = () => msg(str`The products could not be exported: ${errorText(error)}`);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pos-admin-products', PosAdminProducts);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-products': PosAdminProducts;
  }
}
