import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { catalogSearch, searchCatalog, type CatalogSearch } from '../domain/catalog-search.js';
import { REFERENCE_PATTERN } from '../domain/order-reference.js';
import { isValidBarcode } from '../domain/barcode.js';
import type { Product } from '../domain/product.js';
import { formatMoney } from './money.js';
import { baseStyles } from './shared-styles.js';

/** Detail of `product-select`. */
export interface ProductSelectDetail {
  product: Product;
}

/** Detail of `reference-scan`. */
export interface ReferenceScanDetail {
  /** An order reference, `<session>-<device>-<sequence>`, as typed or scanned from a receipt. */
  reference: string;
}

/** A code as scanned and its other written form: a UPC-A is the EAN-13 with a leading 0. */
function sameCodeForms(code: string): string[] {
  if (code.length === 12) return [code, `0${code}`];
  if (code.length === 13 && code.startsWith('0')) return [code, code.slice(1)];
  return [code];
}

/**
 * Tiles rendered at once. A catalog of thousands rendered whole took seconds to show and made
 * each keystroke of a search wait for thousands of buttons (measured: bench/catalog.bench.ts);
 * a cashier finds a product by category or search, and "Show more" renders the next ones.
 */
export const TILES_PER_PAGE = 120;

/**
 * The catalog: category tabs, a search field (name or barcode; Enter on an EAN-13, EAN-8 or UPC-A
 * code adds that product, and a wrong check digit is said plainly) and one tile per product. A tile is a
 * button whose accessible name is exactly the product's name; its price is aria-hidden. Enter on
 * an order reference (a receipt's barcode) asks for that order's refund; the shell answers with
 * `notice` when it cannot open it.
 *
 * @fires product-select - {@link ProductSelectDetail}: the cashier chose a product.
 * @fires reference-scan - {@link ReferenceScanDetail}: an order reference was typed or scanned.
 */
export class PosProductGrid extends LitElement {
  // The category tabs wrap instead of scrolling sideways: a category out of sight is a category
  // the cashier does not know is there (a scrolling row gave no cue at 1280 px). Past three rows
  // (a large catalog) they scroll down, with half of the fourth row in sight as the cue.
  // The inside of a tile far out of sight is not laid out (content-visibility: auto; 96 px tall
  // until it was seen): the panel shows about a third of the 120 tiles at 1280 × 800, and the
  // first render of a large catalog, or a keystroke that changes the tiles, need not lay out the
  // rest. It stays in the accessibility tree, and in reach of Tab and find-in-page.
  // (Comments inside css`` would ship in the first-load JS.)
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        gap: 0.75rem;
      }
      .search {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-weight: 600;
      }
      .search input {
        width: 100%;
        font-size: 1.15rem;
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        max-height: calc(3.5 * 44px + 3 * 0.5rem);
        overflow-y: auto;
        padding-bottom: 0.25rem;
      }
      [role='tab'] {
        flex: none;
        white-space: nowrap;
        font-weight: 600;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--pos-ink, #111);
        color: #fff;
      }
      .message {
        border: 2px solid #b91c1c;
        background: #fef2f2;
        color: #7f1d1d;
        border-radius: 10px;
        padding: 0.5rem 0.75rem;
        font-weight: 600;
      }
      [role='tabpanel'] {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 0.75rem;
        padding: 2px;
      }
      .tile {
        content-visibility: auto;
        contain-intrinsic-size: auto 150px auto 96px;
        display: flex;
        flex-direction: column;
        justify-content: space-between;
        align-items: flex-start;
        gap: 0.5rem;
        min-height: 96px;
        text-align: start;
        font-size: 1.1rem;
        font-weight: 600;
        border-color: #9ca3af;
        background: #f8fafc;
      }
      .tile:active {
        background: #e0e7ff;
      }
      .price {
        font-weight: 800;
        font-size: 1.15rem;
        color: var(--pos-accent, #0b4fb3);
      }
      .empty {
        font-size: 1.1rem;
        color: #374151;
      }
      .more {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.75rem;
        color: #374151;
      }
    `,
  ];

  static override properties = {
    products: { attribute: false },
    currency: { attribute: false },
    category: { state: true },
    query: { state: true },
    message: { state: true },
    notice: { attribute: false },
    limit: { state: true },
  };

  declare products: readonly Product[];
  declare currency: string | null;
  /** Selected category, or null for all. */
  declare category: string | null;
  declare query: string;
  declare message: string | null;
  /**
   * Why the shell could not open what was scanned (a reference not on this tablet), or null; a new
   * object each time, so the same words said twice show twice. Hidden once the cashier types.
   */
  declare notice: { text: string } | null;
  private noticeHidden = false;
  /** Tiles rendered now; back to TILES_PER_PAGE when the tab or the search changes. */
  declare limit: number;
  /** `products` made ready for search, built again only when `products` changes. */
  private search: CatalogSearch = catalogSearch([]);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.products = [];
    this.currency = null;
    this.category = null;
    this.query = '';
    this.message = null;
    this.notice = null;
    this.limit = TILES_PER_PAGE;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('products')) this.search = catalogSearch(this.products);
    if (changed.has('notice')) this.noticeHidden = false;
  }

  override render() {
    const { categories } = this.search;
    const tabs: (string | null)[] = [null, ...categories];
    const selected = this.category !== null && categories.includes(this.category) ? this.category : null;
    const shown = this.visibleProducts(selected);
    return html`
      <label class="search"
        >${msg('Search by name or barcode')}
        <input
          type="search"
          enterkeyhint="enter"
          autocomplete="off"
          .value=${this.query}
          @input=${this.onInput}
          @keydown=${this.onSearchKey}
      /></label>
      ${this.renderMessage()}
      <div role="tablist" aria-label=${msg('Categories')} @keydown=${this.onTabKey}>
        ${tabs.map((c, i) => {
          const isSelected = c === selected;
          return html`<button
            role="tab"
            id="tab-${i}"
            aria-selected=${isSelected ? 'true' : 'false'}
            aria-controls="products-panel"
            tabindex=${isSelected ? '0' : '-1'}
            @click=${() => {
              this.category = c;
              this.limit = TILES_PER_PAGE;
            }}
          >
            ${c ?? msg('All')}
          </button>`;
        })}
      </div>
      <div role="tabpanel" id="products-panel" aria-labelledby="tab-${tabs.indexOf(selected)}">
        ${
          shown.length === 0
            ? html`<p class="empty">
                ${this.products.length === 0 ? msg('No products on this device yet: connect to the network and reload.') : msg('No product matches.')}
              </p>`
            : html`<div class="tiles">
                  ${shown
                    .slice(0, this.limit)
                    .map(
                      (p) =>
                        html`<button class="tile" @click=${() => this.select(p)}>
                          <span class="name">${p.name}</span
                          ><span class="price" aria-hidden="true"
                            >${formatMoney(p.price, this.currency)}</span
                          >
                        </button>`,
                    )}
                </div>
                ${shown.length > this.limit ? this.renderMore(shown.length) : nothing}`
        }
      </div>
    `;
  }

  /** The grid's own message (a bad barcode), else the shell's notice about a scanned reference. */
  private renderMessage() {
    const text = this.message ?? (this.noticeHidden ? null : this.notice?.text);
    return text ? html`<div class="message" role="alert">${text}</div>` : nothing;
  }

  /** How many tiles are out of sight, and the button that shows the next ones. */
  private renderMore(total: number) {
    const shownCount = this.limit;
    return html`<p class="more">
      ${msg(str`${shownCount} of ${total} products shown: search or choose a category to find the others.`)}
      <button @click=${() => (this.limit += TILES_PER_PAGE)}>${msg('Show more')}</button>
    </p>`;
  }

  /** Products of the tab, or across all tabs while searching (by name, or barcode prefix). */
  private visibleProducts(category: string | null): readonly Product[] {
    const found = searchCatalog(this.search, this.query);
    if (found) return found;
    return category === null ? this.products : this.products.filter((p) => p.category === category);
  }

  private select(product: Product): void {
    this.message = null;
    this.dispatchEvent(
      new CustomEvent<ProductSelectDetail>('product-select', {
        detail: { product },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.message = null;
    this.noticeHidden = true;
    this.limit = TILES_PER_PAGE;
  }

  /**
   * Enter: an EAN-13, EAN-8 or UPC-A code adds its product (a UPC-A also finds the product stored
   * under its EAN-13 form, a leading 0, and back); 8 or more digits of another length are refused
   * as a misread scan; an order reference fires `reference-scan`; otherwise a single name match is added.
   */
  private onSearchKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = this.query.trim();
    if (REFERENCE_PATTERN.test(text)) {
      // A receipt's barcode: the order to refund, never a product search.
      this.query = '';
      this.message = null;
      this.dispatchEvent(
        new CustomEvent<ReferenceScanDetail>('reference-scan', {
          detail: { reference: text },
          bubbles: true,
          composed: true,
        }),
      );
      return;
    }
    if (/^(?:\d{8}|\d{12}|\d{13})$/.test(text)) {
      if (!isValidBarcode(text)) {
        this.message = msg(str`Barcode ${text} is not valid (wrong check digit): scan it again.`);
        return;
      }
      const forms = sameCodeForms(text);
      const product = this.products.find((p) => p.barcode !== null && forms.includes(p.barcode));
      if (!product) {
        this.message = msg(str`No product has barcode ${text}.`);
        return;
      }
      this.query = '';
      this.select(product);
      return;
    }
    if (/^\d{8,}$/.test(text)) {
      // A scanner types digits then Enter: a code of the wrong length is a misread, never a search.
      this.message = msg(str`Barcode ${text} is not a full EAN-13, EAN-8 or UPC-A code: scan it again.`);
      return;
    }
    const matches = this.visibleProducts(null);
    const only = matches[0];
    if (text && matches.length === 1 && only) {
      this.query = '';
      this.select(only);
    }
  }

  /** Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern, automatic activation). */
  private onTabKey(event: KeyboardEvent): void {
    const tabs = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const index = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    const last = tabs.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    target?.click();
    target?.focus();
  }
}

customElements.define('pos-product-grid', PosProductGrid);

declare global {
  interface HTMLElementTagNameMap {
    'pos-product-grid': PosProductGrid;
  }
  interface HTMLElementEventMap {
    'product-select': CustomEvent<ProductSelectDetail>;
    'reference-scan': CustomEvent<ReferenceScanDetail>;
  }
}
