import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { APP_VERSION } from '../app/app-version.js';
import { openTillDb, readTillStored } from '../app/early-db.js';
import { APP_LOCALES, changeLocale, currentLocale } from '../app/locale.js';
import { sessionName } from '../app/sale-guard.js';
import { cashMovesOffered } from '../app/cash-move-guard.js';
import type { TillCashMoves } from '../app/till-cash-moves.js';
import { TillController } from '../app/till-controller.js';
import type { TillState } from '../app/till-state.js';
import type { UpdateFlow, UpdateStatus } from '../app/update-flow.js';
import { isUpdateSource } from '../bridge/update-source.js';
import { canCloseRegister, tillScreen } from '../domain/cash-count.js';
import type { Id } from '../domain/ids.js';
import { loadTillSchemas } from '../domain/load-till-schemas.js';
import { cartTotals } from '../domain/order-totals.js';
import type { RefundLookup, RefundView, TillRefunds } from '../app/till-refunds.js';
import type { OrderEntry } from '../store/db.js';
import { appStyles } from './pos-app.styles.js';
import { baseStyles } from './shared-styles.js';
import './pos-cart.js';
import './pos-product-grid.js';
import './pos-register-actions.js';
import './pos-session-dialog.js';
import './pos-status-bar.js';
import './pos-toolbar.js';
import './pos-alert-strip.js';
import { tillStripItems } from './till-strip-items.js';

/**
 * The till's shell: owns the {@link TillController} and the {@link UpdateFlow}, lays out the status
 * bar, the toolbar (order history, Held orders, language, version), the one-line message strip
 * (failures, "Update available", the storage warning), the catalog and the sale (cart and Pay, or
 * the receipt), and passes state down as properties. When the session is not `opened` it shows
 * `pos-session-dialog` and makes everything else `inert` but the Held orders button, which stays
 * reachable above the dialog (held orders exist precisely when a session closed); while the
 * payment panel or the order history is open, what is behind is `inert`. While the session waits
 * for its opening float under cash control, `pos-open-register` takes the dialog's place; the cash
 * dialogs (closing the register, the X and Z reports) open over everything. While the tablet is
 * not paired, `pos-pairing` replaces all of it.
 */
export class PosApp extends LitElement {
  static override styles = [baseStyles, appStyles];

  static override properties = {
    till: { state: true },
    paymentOpen: { state: true },
    updateStatus: { state: true },
    history: { state: true },
    partsMissing: { state: true },
    cashMoveOpen: { state: true },
    cashPanel: { state: true },
    refund: { state: true },
    noReceiptOpen: { state: true },
    lookupProblem: { state: true },
    scanNotice: { state: true },
  };

  declare till: TillState;
  declare paymentOpen: boolean;
  /** Where the "Update available" prompt stands (an update never switches the till mid-sale). */
  declare updateStatus: UpdateStatus;
  /** The order history panel: closed (null), or open with its orders (null while read) or error. */
  declare history: { entries: readonly OrderEntry[] | null; error: string | null } | null;
  /** The parts loaded after the till (payment, receipt, Held orders) could not be loaded. */
  declare partsMissing: boolean;
  /** The Cash in / out panel is open. */
  declare cashMoveOpen: boolean;
  /** The cash dialog on screen: closing the register, or the report of a session; null for none. */
  declare cashPanel: { kind: 'close' } | { kind: 'report'; sessionId: Id } | null;
  /** The refund panel: closed (null), or open on an order of the outbox or of the server. */
  declare refund: RefundView | null;
  /** The refund without receipt panel is open. */
  declare noReceiptOpen: boolean;
  /** Why a reference typed in the order history opened no refund, shown there; or null. */
  declare lookupProblem: string | null;
  /** Why a scanned order reference could not be opened, shown under the search field; or null. */
  declare scanNotice: { text: string } | null;
  private readonly controller: TillController;
  private unsubscribe: (() => void) | null = null;
  private updates: UpdateFlow | null = null;
  /** The till's refunds once loaded (at the first refund), for the refund panels. */
  private refundDesk: TillRefunds | null = null;
  /** The till's cash moves once loaded (at the first cash move), for the cash move panel. */
  private cashMoveDesk: TillCashMoves | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.controller = new TillController({ openDb: openTillDb, readStoredTill: readTillStored });
    this.till = this.controller.state;
    this.paymentOpen = false;
    this.updateStatus = 'none';
    this.history = null;
    this.partsMissing = false;
    this.cashMoveOpen = false;
    this.cashPanel = null;
    this.refund = null;
    this.noReceiptOpen = false;
    this.lookupProblem = null;
    this.scanNotice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.controller.subscribe((state) => (this.till = state));
    void this.controller.start().then(async () => {
      this.followUpdates();
      await this.updateComplete;
      await afterNextPaint();
      this.loadLaterParts();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.updates?.dispose();
    this.updates = null;
    this.controller.stop();
  }

  /**
   * The Held orders area (outside the shell, so a closed session does not make it inert), the
   * payment panel and the receipt load once the stored till is painted, keeping them out of the
   * first load and out of the way of the first render: no tap can reach them before the catalog
   * and cart are shown. The chunks are precached, so they arrive offline too, in milliseconds.
   * The schemas every answer, pushed session and cash move is checked with load then too (or
   * earlier, with the first request that needs them), so no sale waits on them.
   */
  private loadLaterParts(): void {
    // A failed load is not the till's to report here: each check that needs the schemas loads
    // them again and fails (or waits) on its own.
    loadTillSchemas().catch(() => undefined);
    Promise.all([
      import('./pos-held-orders.js'),
      import('./pos-payment.js'),
      import('./pos-receipt.js'),
    ]).catch((error: unknown) => {
      // Without them there is no Pay button: say so, never fail silently (a reload fetches again).
      console.error('pos-shell: loading the payment panel, receipt or Held orders area failed', error);
      this.partsMissing = true;
    });
  }

  override render() {
    const s = this.till;
    if (s.pairing === 'none' || s.pairing === 'unpaired') return this.renderPairing();
    const blocked = this.isBlocked();
    const frozen = blocked || this.updateStatus === 'applying';
    const overlay = this.history !== null || this.cashMoveOpen || this.refund !== null || this.noReceiptOpen;
    const covered = frozen || this.paymentOpen || overlay;
    return html`<div class="shell">
        <h1 class="visually-hidden">${s.configName ?? msg('Till')}</h1>
        <header class="top">
          <pos-status-bar
            ?inert=${covered}
            .online=${s.online}
            .configName=${s.configName}
            .record=${s.sessionRecord}
            .counts=${s.counts}
            .deviceNumber=${s.deviceNumber}
            .uploadError=${s.uploadError}
          ></pos-status-bar>
          <div class="tools">
            <pos-held-orders
              ?raised=${blocked}
              ?inert=${this.paymentOpen || overlay || this.updateStatus === 'applying'}
              .deps=${this.controller.heldOrdersDeps}
              .online=${s.online}
              .counts=${s.counts}
            ></pos-held-orders>
            <pos-register-actions
              ?inert=${covered}
              .record=${s.sessionRecord}
              @x-report-open=${this.openReport}
              @register-close-open=${this.openCloseRegister}
            ></pos-register-actions>
            <pos-toolbar
              ?inert=${covered}
              .locale=${currentLocale()}
              .locales=${APP_LOCALES}
              .version=${APP_VERSION}
              @locale-change=${(e: HTMLElementEventMap['locale-change']) => void changeLocale(e.detail.locale)}
              @history-open=${this.openHistory}
              .cashMoves=${cashMovesOffered(s)}
              @cash-move-open=${() => void this.openCashMove()}
            ></pos-toolbar>
          </div>
          <pos-alert-strip ?inert=${covered} .items=${this.stripItems()}></pos-alert-strip>
        </header>
        <main ?inert=${frozen}>
          <section class="panel" aria-label=${msg('Products')} ?inert=${covered}>
            <pos-product-grid
              .products=${s.catalog}
              .currency=${s.currency}
              .notice=${this.scanNotice}
              @product-select=${this.onProductSelect}
              @reference-scan=${this.onReferenceScan}
            ></pos-product-grid>
          </section>
          <section class="panel" aria-label=${msg('Sale')} ?inert=${overlay}>${this.renderSale()}</section>
        </main>
        ${this.renderHistory(frozen)} ${this.renderCashMove()} ${this.renderRefund(frozen)}
        ${this.renderNoReceipt(frozen)}
      </div>
      ${blocked ? this.renderBlocked() : nothing} ${this.renderCashPanel()}`;
  }

  /**
   * What covers the till while it may not sell: "Open the register" while the session waits for
   * its opening float under cash control, else the blocking dialog.
   */
  private renderBlocked() {
    const s = this.till;
    const record = s.sessionRecord;
    if (record && tillScreen(s) === 'open-register') {
      // Its own chunk: only a session waiting for its float needs it.
      void import('./pos-open-register.js');
      return html`<pos-open-register
        .deps=${this.controller.cashDeskDeps}
        .sessionId=${record.id}
        .sessionName=${sessionName(record)}
        .expected=${record.session?.expectedOpeningCash ?? null}
        .currency=${s.currency}
        .online=${s.online}
      ></pos-open-register>`;
    }
    return html`<pos-session-dialog
      .record=${record}
      .configName=${s.configName}
      .kept=${s.counts.pending + s.counts.held}
      .canClose=${record?.state === 'closing_control' && canCloseRegister(record)}
      @z-report-open=${this.openReport}
      @register-close-open=${this.openCloseRegister}
    ></pos-session-dialog>`;
  }

  /** The cash dialog asked for (closing the register, a report), in the top layer over everything. */
  private renderCashPanel() {
    const panel = this.cashPanel;
    const s = this.till;
    if (!panel) return nothing;
    const close = () => (this.cashPanel = null);
    if (panel.kind === 'report')
      return html`<pos-report-dialog
        .deps=${this.controller.cashDeskDeps}
        .sessionId=${panel.sessionId}
        .online=${s.online}
        @cash-panel-close=${close}
      ></pos-report-dialog>`;
    const record = s.sessionRecord;
    if (!record) return nothing;
    return html`<pos-close-register
      .deps=${this.controller.cashDeskDeps}
      .sessionId=${record.id}
      .sessionName=${sessionName(record)}
      .currency=${s.currency}
      .online=${s.online}
      @cash-panel-close=${close}
      @register-closed=${close}
    ></pos-close-register>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('till') && this.paymentOpen && (this.isBlocked() || this.till.cart.length === 0))
      this.paymentOpen = false;
    if (changed.has('till') && this.cashMoveOpen && this.isBlocked()) this.cashMoveOpen = false;
    const before = changed.get('till');
    if (this.history && before && before.counts !== this.till.counts) void this.readHistory(); // outbox states moved
  }

  protected override updated(): void {
    this.updates?.setBusy(this.saleInProgress());
  }

  /**
   * An update waits while a sale is in progress: from the first line in the cart until "New sale" after its
   * receipt; a new version is never applied in between.
   */
  private saleInProgress(): boolean {
    const s = this.till;
    return s.cart.length > 0 || s.paying || this.paymentOpen || s.lastReceipt !== null;
  }

  /** Starts the update prompt once the bridge exists (after `controller.start()`). */
  private followUpdates(): void {
    const bridge = this.controller.syncBridge;
    if (this.updates || !this.isConnected || !isUpdateSource(bridge)) return;
    // Its own chunk, loaded once the till has started: the bridge keeps "an update is waiting" for
    // a late listener, so none is missed meanwhile. Should the chunk fail to load, the till sells
    // on without the prompt until the next load (the error is logged).
    void import('../app/update-flow.js')
      .then(({ UpdateFlow }) => {
        if (this.updates || !this.isConnected) return;
        this.updates = new UpdateFlow({ source: bridge, reload: () => location.reload() });
        this.updates.setBusy(this.saleInProgress());
        this.updates.subscribe((status) => (this.updateStatus = status));
        this.updateStatus = this.updates.status;
      })
      .catch((error: unknown) => console.error('pos-shell: the update prompt could not be loaded', error));
  }

  /** Rule 2: blocked when the session is known and not `opened`, or when there is none at all. */
  private isBlocked(): boolean {
    return tillScreen(this.till) !== 'sell';
  }

  /** The pairing screen, instead of the till: no sale, the outbox kept. */
  private renderPairing() {
    // Its own chunk: a paired till (every start but the first) never needs it.
    void import('./pos-pairing.js');
    const s = this.till;
    return html`<pos-pairing
        .mode=${s.pairing === 'unpaired' ? 'unpaired' : 'none'}
        .kept=${s.counts.pending + s.counts.held}
        .online=${s.online}
        .busy=${s.pairingBusy}
        .error=${s.pairingError?.() ?? null}
        .code=${s.pairingCode}
        @pair-submit=${(e: HTMLElementEventMap['pair-submit']) => void this.controller.pair(e.detail.code)}
      ></pos-pairing>
      ${
        s.pairing === 'unpaired' && s.counts.held + s.counts.pending > 0
          ? // What the unpaired tablet keeps stays in reach: the manager can export it (rescue needs pairing again).
            html`<pos-held-orders
              floating
              .deps=${this.controller.heldOrdersDeps}
              .online=${s.online}
              .counts=${s.counts}
            ></pos-held-orders>`
          : nothing
      }`;
  }

  private renderSale() {
    const s = this.till;
    if (s.lastReceipt) {
      return html`<pos-receipt
        .order=${s.lastReceipt}
        .shopName=${s.configName}
        .sessionName=${this.sessionLabel()}
        .refundOf=${s.lastRefundOf}
        @new-sale=${() => this.controller.newSale()}
      ></pos-receipt>`;
    }
    return html`<pos-cart
        ?inert=${this.paymentOpen}
        .lines=${s.cart}
        .currency=${s.currency}
        @line-quantity=${(e: HTMLElementEventMap['line-quantity']) => this.controller.setQuantity(e.detail.index, e.detail.quantity)}
        @line-remove=${(e: HTMLElementEventMap['line-remove']) => this.controller.removeLine(e.detail.index)}
        @line-discount=${(e: HTMLElementEventMap['line-discount']) => this.controller.setDiscount(e.detail.index, e.detail.percent)}
        @cart-clear=${() => this.controller.clearCart()}
      ></pos-cart>
      <pos-payment
        .total=${cartTotals(s.cart).amountTotal}
        .hasLines=${s.cart.length > 0}
        .currency=${s.currency}
        .open=${this.paymentOpen}
        .busy=${s.paying}
        .error=${s.error?.() ?? null}
        .blockedReason=${s.saleBlock?.() ?? null}
        @payment-open=${this.onPaymentOpen}
        @payment-cancel=${() => (this.paymentOpen = false)}
        @payment-confirm=${this.onPaymentConfirm}
      ></pos-payment>`;
  }

  private renderHistory(frozen: boolean) {
    if (!this.history) return nothing;
    return html`<pos-order-history
      ?inert=${frozen || this.refund !== null || this.noReceiptOpen}
      .entries=${this.history.entries}
      .error=${this.history.error}
      .shopName=${this.till.configName}
      .sessionName=${this.sessionLabel()}
      .lookupProblem=${this.lookupProblem}
      @history-close=${() => {
        this.history = null;
        this.lookupProblem = null;
      }}
      @refund-open=${(e: HTMLElementEventMap['refund-open']) => void this.openRefund({ uuid: e.detail.uuid })}
      @refund-lookup=${(e: HTMLElementEventMap['refund-lookup']) =>
        void this.openRefund({ reference: e.detail.reference, fromHistory: true })}
      @refund-no-receipt=${() => void this.openNoReceipt()}
    ></pos-order-history>`;
  }

  /** The refund without receipt panel, over the order history it was opened from. */
  private renderNoReceipt(frozen: boolean) {
    if (!this.noReceiptOpen) return nothing;
    return html`<pos-refund-no-receipt
      ?inert=${frozen}
      .desk=${this.refundDesk}
      .products=${this.till.catalog}
      .currency=${this.till.currency}
      .blockedReason=${this.controller.refundBlockReason()?.() ?? null}
      @refund-close=${() => (this.noReceiptOpen = false)}
      @refund-done=${() => {
        // The refund's receipt is the till's last receipt now, in the sale's place.
        this.noReceiptOpen = false;
        this.history = null;
      }}
    ></pos-refund-no-receipt>`;
  }

  private readonly openNoReceipt = async (): Promise<void> => {
    // Its own chunk, like the refund panel: not needed to sell.
    void import('./pos-refund-no-receipt.js');
    if (!(await this.loadRefundDesk())) {
      this.lookupProblem = refundsUnavailable();
      return;
    }
    this.noReceiptOpen = true;
  };

  /**
   * The till's refunds, loaded at the first refund (see TillController.refunds); false, with the
   * error logged, when their chunk cannot load (the caller says so where the cashier asked).
   */
  private async loadRefundDesk(): Promise<boolean> {
    try {
      this.refundDesk ??= await this.controller.refunds();
      return true;
    } catch (error) {
      console.error('pos-shell: the refunds could not be loaded', error);
      return false;
    }
  }

  /** The refund panel, over the order history when it was opened from there. */
  private renderRefund(frozen: boolean) {
    if (!this.refund) return nothing;
    return html`<pos-refund
      ?inert=${frozen}
      .desk=${this.refundDesk}
      .view=${this.refund}
      .currency=${this.till.currency}
      .blockedReason=${this.controller.refundBlockReason()?.() ?? null}
      @refund-close=${() => (this.refund = null)}
      @refund-done=${() => {
        // The refund's receipt is the till's last receipt now, in the sale's place.
        this.refund = null;
        this.history = null;
      }}
    ></pos-refund>`;
  }

  /**
   * Opens the refund panel on an order of this tablet's outbox, by uuid (from the history) or by
   * reference (typed or scanned; online, looked up on the server when this tablet does not hold
   * it); when it cannot, says why where the cashier asked: under the search field, or in the
   * history panel.
   */
  private async openRefund(
    by: { uuid: string } | { reference: string; fromHistory?: boolean },
  ): Promise<void> {
    // Its own chunk, like the order history: not needed to sell.
    void import('./pos-refund.js');
    const refunds = (await this.loadRefundDesk()) ? this.refundDesk : null;
    const found: RefundLookup = !refunds
      ? { ok: false, error: refundsUnavailable }
      : 'uuid' in by
        ? await refunds.open(by.uuid)
        : await refunds.openByReference(by.reference);
    if (found.ok) {
      this.scanNotice = null;
      this.lookupProblem = null;
      this.refund = found.view;
    } else if ('uuid' in by && this.history) this.history = { entries: null, error: found.error() };
    else if ('fromHistory' in by && by.fromHistory && this.history) this.lookupProblem = found.error();
    else this.scanNotice = { text: found.error() };
  }

  private readonly onReferenceScan = (event: HTMLElementEventMap['reference-scan']): void => {
    void this.openRefund({ reference: event.detail.reference });
  };

  private renderCashMove() {
    if (!this.cashMoveOpen) return nothing;
    return html`<pos-cash-move
      .desk=${this.cashMoveDesk}
      .currency=${this.till.currency}
      .blockedReason=${this.controller.cashMoveBlockReason()?.() ?? null}
      @cash-move-close=${() => (this.cashMoveOpen = false)}
    ></pos-cash-move>`;
  }

  private async openCashMove(): Promise<void> {
    // Its own chunk, like the order history: not needed to sell.
    void import('./pos-cash-move.js');
    try {
      this.cashMoveDesk ??= await this.controller.cashMoves();
    } catch (error) {
      console.error('pos-shell: the cash moves could not be loaded', error);
      this.scanNotice = { text: cashMovesUnavailable() };
      return;
    }
    this.cashMoveOpen = true;
  }

  private sessionLabel(): string | null {
    const record = this.till.sessionRecord;
    return record ? sessionName(record) : null;
  }

  /** The report of the current session: X while it runs, Z once it is closed (the server says which). */
  private readonly openReport = (): void => {
    const id = this.till.sessionRecord?.id;
    if (id === undefined) return;
    void import('./pos-report-dialog.js'); // its own chunk, as every cash dialog
    this.cashPanel = { kind: 'report', sessionId: id };
  };

  private readonly openCloseRegister = (): void => {
    void import('./pos-close-register.js');
    this.cashPanel = { kind: 'close' };
  };

  private openHistory(): void {
    // Its own chunk: the panel is not needed to sell, so it stays out of the first load.
    void import('./pos-order-history.js');
    this.history = { entries: null, error: null };
    void this.readHistory();
  }

  /** (Re-)reads the session's orders from IndexedDB while the panel is open. */
  private async readHistory(): Promise<void> {
    try {
      const entries = await this.controller.sessionHistory();
      if (this.history) this.history = { entries, error: null };
    } catch (error) {
      if (this.history)
        this.history = { entries: null, error: msg('The orders on this device could not be read.') };
      console.warn('pos-shell: reading the order history failed', error);
    }
  }

  /** The messages of the one-line strip; the payment panel shows a failed payment itself. */
  private stripItems() {
    return tillStripItems(
      {
        partsMissing: this.partsMissing,
        error: this.paymentOpen ? null : this.till.error,
        notice: this.till.notice,
        update: this.updateStatus,
        saleInProgress: this.saleInProgress(),
      },
      {
        reload: () => location.reload(),
        dismissError: () => this.controller.dismissError(),
        dismissNotice: () => this.controller.dismissNotice(),
        requestUpdate: () => this.updates?.request(),
      },
    );
  }

  private onProductSelect(event: HTMLElementEventMap['product-select']): void {
    this.scanNotice = null;
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

/**
 * Resolves once the next frame was painted (a task after its animation frame), or when no frame
 * comes (a hidden page paints none) after `timeoutMs` (ms; a hidden page's timers may be slowed to
 * one a second, which only delays loading the parts no one can tap yet).
 */
/** Said under the search field when the cash moves' chunk cannot load (a broken install). */
function cashMovesUnavailable(): string {
  return msg('The cash in / out screen could not be loaded. Reload the till and try again.');
}

/** Said where a refund was asked when the refunds' chunk cannot load (a broken install). */
function refundsUnavailable(): string {
  return msg('The refund screen could not be loaded. Reload the till and try again.');
}

function afterNextPaint(timeoutMs = 250): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}
