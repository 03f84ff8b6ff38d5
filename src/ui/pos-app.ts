import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { TillController } from '../app/till-controller.js';
import type { TillState } from '../app/till-state.js';
import { cartTotals } from '../domain/order-totals.js';
import { appStyles } from './pos-app.styles.js';
import { baseStyles } from './shared-styles.js';
import './pos-cart.js';
import './pos-payment.js';
import './pos-product-grid.js';
import './pos-receipt.js';
import './pos-session-dialog.js';
import './pos-status-bar.js';

/**
 * The till's shell: owns the {@link TillController}, lays out the status bar, the catalog, the
 * sale (cart and Pay, or the receipt) and the error area, and passes state down as properties.
 * When the session is not `opened` it shows `pos-session-dialog` and makes everything else
 * `inert`; while the payment panel is open, the rest of the sale is `inert`.
 */
export class PosApp extends LitElement {
  static override styles = [baseStyles, appStyles];

  static override properties = {
    till: { state: true },
    paymentOpen: { state: true },
  };

  declare till: TillState;
  declare paymentOpen: boolean;
  private readonly controller: TillController;
  private unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    this.controller = new TillController();
    this.till = this.controller.state;
    this.paymentOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.controller.subscribe((state) => (this.till = state));
    void this.controller.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.controller.stop();
  }

  override render() {
    const s = this.till;
    const blocked = this.isBlocked();
    const covered = blocked || this.paymentOpen;
    return html`<div class="shell" ?inert=${blocked}>
        <h1 class="visually-hidden">${s.configName ?? 'Till'}</h1>
        <pos-status-bar
          ?inert=${covered}
          .online=${s.online}
          .configName=${s.configName}
          .record=${s.sessionRecord}
          .counts=${s.counts}
          .deviceNumber=${s.deviceNumber}
        ></pos-status-bar>
        ${this.renderAlerts()}
        <main>
          <section class="panel" aria-label="Products" ?inert=${covered}>
            <pos-product-grid .products=${s.catalog} .currency=${s.currency} @product-select=${this.onProductSelect}></pos-product-grid>
          </section>
          <section class="panel" aria-label="Sale">${this.renderSale()}</section>
        </main>
      </div>
      ${blocked ? html`<pos-session-dialog .record=${s.sessionRecord} .configName=${s.configName}></pos-session-dialog>` : nothing}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('till') && this.paymentOpen && (this.isBlocked() || this.till.cart.length === 0)) this.paymentOpen = false;
  }

  /** Rule 2: blocked when the session is known and not `opened`, or when there is none at all. */
  private isBlocked(): boolean {
    const s = this.till;
    if (!s.loaded) return false;
    return s.sessionRecord ? s.sessionRecord.state !== 'opened' : s.refreshed;
  }

  private renderSale() {
    const s = this.till;
    if (s.lastReceipt) return html`<pos-receipt .order=${s.lastReceipt} @new-sale=${() => this.controller.newSale()}></pos-receipt>`;
    return html`<pos-cart
        ?inert=${this.paymentOpen}
        .lines=${s.cart}
        .currency=${s.currency}
        @line-quantity=${(e: HTMLElementEventMap['line-quantity']) => this.controller.setQuantity(e.detail.index, e.detail.quantity)}
        @line-remove=${(e: HTMLElementEventMap['line-remove']) => this.controller.removeLine(e.detail.index)}
      ></pos-cart>
      <pos-payment
        .total=${cartTotals(s.cart).amountTotal}
        .currency=${s.currency}
        .open=${this.paymentOpen}
        .busy=${s.paying}
        .error=${s.error}
        @payment-open=${this.onPaymentOpen}
        @payment-cancel=${() => (this.paymentOpen = false)}
        @payment-confirm=${this.onPaymentConfirm}
      ></pos-payment>`;
  }

  private renderAlerts() {
    const { notice } = this.till;
    const error = this.paymentOpen ? null : this.till.error; // the payment panel shows it itself
    if (!error && !notice) return nothing;
    return html`<div class="alerts" role="alert">
      ${error ? html`<p class="error"><span>${error}</span><button @click=${() => this.controller.dismissError()}>Dismiss</button></p>` : nothing}
      ${notice ? html`<p class="notice"><span>${notice}</span><button @click=${() => this.controller.dismissNotice()}>Dismiss</button></p>` : nothing}
    </div>`;
  }

  private onProductSelect(event: HTMLElementEventMap['product-select']): void {
    this.controller.addProduct(event.detail.product);
  }

  private onPaymentOpen(): void {
    this.controller.dismissError();
    this.paymentOpen = true;
  }

  private async onPaymentConfirm(event: HTMLElementEventMap['payment-confirm']): Promise<void> {
    if (await this.controller.pay(event.detail.payments)) this.paymentOpen = false;
  }
}

customElements.define('pos-app', PosApp);

declare global {
  interface HTMLElementTagNameMap {
    'pos-app': PosApp;
  }
}
