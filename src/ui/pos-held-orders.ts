import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { managerPinField, pinShapeProblem } from './manager-pin-field.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { HeldOrdersDesk, type HeldOrdersDeskDeps } from '../app/held-orders-desk.js';
import { heldOrderRow, type HeldOrderRow } from '../app/held-orders-export.js';
import type { RescueSummary } from '../app/held-orders-rescue.js';
import type { OutboxCounts } from '../domain/session-record.js';
import { failureSentence } from '../app/till-messages.js';
import { formatDateTime, formatMoney } from './money.js';
import { heldOrdersStyles } from './pos-held-orders.styles.js';
import { baseStyles } from './shared-styles.js';

/** How long a download's blob URL lives after the click (the browser reads it asynchronously). */
const BLOB_URL_LIFETIME_MS = 60_000;

/** Where the area stands: reading the PIN hash, no PIN configured, waiting for it, or open. */
type Phase = 'checking' | 'no-pin' | 'locked' | 'unlocked';

/** An outbox status as the table shows it, in the till's language. */
function statusWord(status: string): string {
  if (status === 'held') return msg('Held');
  if (status === 'rejected') return msg('Rejected');
  if (status === 'pending') return msg('Waiting to be sent');
  return status;
}

/**
 * Why an order is held or rejected, in the till's language; for an order the server refused, its
 * own reason follows as the detail a manager needs to fix it (it names fields and amounts).
 */
function reasonText(row: HeldOrderRow) {
  if (row.reasonCode === 'session_closed' && row.kind === 'cash-move')
    return msg(
      'The session is closed: the cash move stays on this device for a manager (it is not rescued with the orders).',
    );
  if (row.reasonCode === 'session_closed')
    return msg('The session is closed: the order waits for a manager’s rescue.');
  if (row.reasonCode === '') return '';
  const detail =
    row.reasonCode === 'validation_failed' ||
    row.reasonCode === 'conflict' ||
    row.reasonCode === 'not_found' ||
    row.reasonCode === 'over_refund' ||
    row.reasonCode === 'unknown_original'
      ? row.reason
      : '';
  return html`${failureSentence(row.reasonCode)}${detail ? html`<br /><small lang="en">${detail}</small>` : nothing}`;
}

/**
 * The Held orders area: a "Held orders" button, and behind the manager PIN (checked
 * offline against the config's hash) the list of held and rejected orders with reference, time,
 * total, status and reason, and the cash moves with them (direction and reason in place of a
 * reference, the signed amount as total); export as JSON and CSV; and "Rescue" (online only), which hands the
 * held orders of each closed session to the server (held cash moves stay on the device, listed). Rescue is never automatic: only this button
 * starts it. Strings are localized (`msg`), times and money formatted in the till's locale.
 */
export class PosHeldOrders extends LitElement {
  static override styles = [baseStyles, heldOrdersStyles];

  static override properties = {
    deps: { attribute: false },
    online: { type: Boolean },
    raised: { type: Boolean, reflect: true },
    floating: { type: Boolean, reflect: true },
    counts: { attribute: false },
    open: { state: true },
    phase: { state: true },
    rows: { state: true },
    pinError: { state: true },
    busy: { state: true },
    summaries: { state: true },
  };

  /** What the area's desk works on (the till controller's); null before the till started. */
  declare deps: HeldOrdersDeskDeps | null;
  /** `navigator.onLine`: Rescue needs the server. */
  declare online: boolean;
  /** Above the blocking session dialog (set by the shell while it is up). */
  declare raised: boolean;
  /** Fixed at the bottom of the screen (the pairing screen, which has no toolbar). */
  declare floating: boolean;
  /** Outbox counts, for the button's badge (held + rejected). */
  declare counts: OutboxCounts | null;
  declare open: boolean;
  declare phase: Phase;
  declare rows: HeldOrderRow[];
  declare pinError: string | null;
  declare busy: boolean;
  /** What the last rescue did, one line per closed session; null before any. */
  declare summaries: RescueSummary[] | null;
  private deskOf: { deps: HeldOrdersDeskDeps; desk: HeldOrdersDesk } | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.deps = null;
    this.online = true;
    this.raised = false;
    this.floating = false;
    this.counts = null;
    this.open = false;
    this.phase = 'checking';
    this.rows = [];
    this.pinError = null;
    this.busy = false;
    this.summaries = null;
  }

  override render() {
    const waiting = (this.counts?.held ?? 0) + (this.counts?.rejected ?? 0);
    // The count is part of the button's name, and the visible text is too: "Held orders 2 waiting
    // for a manager" (the last words for screen readers only).
    return html`<button class="trigger" aria-haspopup="dialog" @click=${this.onOpen}>
        <span>${msg('Held orders')}</span>
        ${waiting > 0 ? html`<span class="badge">${waiting}</span><span class="visually-hidden"> ${msg('waiting for a manager')}</span>` : nothing}
      </button>
      ${this.open ? this.renderPanel() : nothing}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    // A modal <dialog> sits in the top layer (above the blocking session dialog), makes the rest
    // of the page inert and keeps focus inside; Escape fires `cancel`.
    if (this.open && dialog && !dialog.open) dialog.showModal();
    if (changed.has('phase') && this.open) this.focusFirst();
  }

  private renderPanel() {
    return html`<dialog class="panel" aria-labelledby="held-title" @cancel=${this.onCancel}>
      <div class="actions">
        <h2 id="held-title">${msg('Held orders')}</h2>
        <button class="close" @click=${this.onClose}>${msg('Close')}</button>
      </div>
      ${this.renderPhase()}
    </dialog>`;
  }

  private renderPhase() {
    switch (this.phase) {
      case 'checking':
        return html`<p role="status">${msg('Checking the manager PIN…')}</p>`;
      case 'no-pin':
        return html`<p class="error" role="alert">${msg('Ask a manager to set a PIN in the back office.')}</p>
          <p class="hint">${msg('Held orders stay on this device until a manager rescues them.')}</p>`;
      case 'locked':
        return html`<form novalidate @submit=${this.onUnlock}>
          ${managerPinField({
            id: 'pin',
            errorId: 'pin-error',
            error: this.pinError,
            busy: this.busy,
            onInput: () => (this.pinError = null),
          })}
          <button class="primary" type="submit" ?disabled=${this.busy}>${msg('Unlock')}</button>
          <div role="alert">
            ${this.pinError ? html`<p id="pin-error" class="error">${this.pinError}</p>` : nothing}
          </div>
        </form>`;
      case 'unlocked':
        return this.renderList();
    }
  }

  private renderList() {
    const held = this.rows.filter((r) => r.status === 'held').length;
    const rejected = this.rows.filter((r) => r.status === 'rejected').length;
    const pending = this.rows.length - held - rejected;
    // Rescue hands orders to the server; held cash moves stay listed (and exported) for the manager.
    const rescuable = this.rows.filter((r) => r.status === 'held' && r.kind !== 'cash-move').length;
    return html`<p role="status">
        ${msg(str`${held} held`)} ·
        ${msg(str`${rejected} rejected`)}${pending > 0 ? html` · ${msg(str`${pending} waiting to be sent`)}` : nothing}
      </p>
      <div class="actions">
        <button @click=${() => void this.export('json')} ?disabled=${this.busy || this.rows.length === 0}>
          ${msg('Export JSON')}
        </button>
        <button @click=${() => void this.export('csv')} ?disabled=${this.busy || this.rows.length === 0}>
          ${msg('Export CSV')}
        </button>
        <button
          class="primary"
          @click=${this.onRescue}
          ?disabled=${this.busy || !this.online || rescuable === 0}
        >
          ${msg('Rescue')}
        </button>
        ${this.online ? nothing : html`<span class="hint">${msg('Rescue needs the network.')}</span>`}
      </div>
      ${this.renderSummaries()}
      ${
        this.rows.length === 0
          ? html`<p>${msg('No held or rejected orders on this device.')}</p>`
          : html`<table>
              <caption class="visually-hidden">
                ${msg('Held and rejected orders')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Reference')}</th>
                  <th scope="col">${msg('Time')}</th>
                  <th scope="col" class="num">${msg('Total')}</th>
                  <th scope="col">${msg('Status')}</th>
                  <th scope="col">${msg('Reason')}</th>
                </tr>
              </thead>
              <tbody>
                ${this.rows.map(
                  (r) =>
                    html`<tr>
                      <td class="ref">${referenceText(r)}</td>
                      <td>${formatTime(r.createdAt)}</td>
                      <td class="num">${formatMoney(r.amountTotal, r.currency)}</td>
                      <td>${statusWord(r.status)}</td>
                      <td class="reason">${reasonText(r)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`;
  }

  private renderSummaries() {
    if (!this.summaries) return nothing;
    if (this.summaries.length === 0) return html`<p role="status">${msg('Nothing to rescue.')}</p>`;
    return html`<ul role="status">
      ${this.summaries.map((s) => {
        const from = s.sessionName ?? String(s.sessionId);
        const into = s.landedSessionName ?? String(s.landedSessionId ?? '?');
        return s.error
          ? html`<li class="error">
              ${msg(str`Session ${from}: the rescue failed (${failureSentence(s.error.code)}). The orders are still held.`)}
            </li>`
          : html`<li>
              ${
                s.rescueSession
                  ? msg(str`Session ${from}: ${s.rescued} rescued into rescue session ${into}`)
                  : msg(str`Session ${from}: ${s.rescued} rescued into session ${into}`)
              }${
                s.invalid > 0
                  ? html`; <strong>${msg(str`${s.invalid} still held`)}</strong> ${msg('(see the reason)')}`
                  : nothing
              }.
            </li>`;
      })}
    </ul>`;
  }

  private readonly onOpen = async (): Promise<void> => {
    this.open = true;
    this.summaries = null;
    this.pinError = null;
    const desk = this.desk;
    this.phase = 'checking';
    if (this.online) await desk?.refresh();
    this.phase = desk && (await desk.pinHash()) ? 'locked' : 'no-pin';
  };

  private readonly onClose = (): void => {
    this.desk?.lock();
    this.open = false;
    this.phase = 'checking';
    this.rows = [];
    this.renderRoot.querySelector<HTMLButtonElement>('.trigger')?.focus();
  };

  private readonly onCancel = (event: Event): void => {
    event.preventDefault(); // closed through onClose, which also forgets the PIN
    if (!this.busy) this.onClose();
  };

  private readonly onUnlock = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#pin');
    if (!input || !this.desk) return;
    const shapeProblem = pinShapeProblem(input.value);
    if (shapeProblem) {
      // Never checked: the typed text stays, to be corrected.
      this.pinError = shapeProblem;
      input.focus();
      return;
    }
    this.busy = true;
    const ok = await this.desk.unlock(input.value).catch(() => false);
    this.busy = false;
    if (!ok) {
      this.pinError = msg('Wrong PIN.');
      input.value = '';
      input.focus();
      return;
    }
    this.pinError = null;
    await this.reload();
    this.phase = 'unlocked';
  };

  private readonly onRescue = async (): Promise<void> => {
    if (!this.desk) return;
    this.busy = true;
    try {
      this.summaries = await this.desk.rescue();
    } catch (error) {
      const failure = { code: 'storage_failed', message: String(error) };
      this.summaries = [
        {
          sessionId: '?',
          sessionName: null,
          rescued: 0,
          duplicate: 0,
          invalid: 0,
          landedSessionId: null,
          landedSessionName: null,
          rescueSession: false,
          error: failure,
        },
      ];
    } finally {
      this.busy = false;
    }
    await this.reload();
  };

  /** The desk over the current {@link deps}, made on first use. */
  private get desk(): HeldOrdersDesk | null {
    if (!this.deps) return null;
    if (this.deskOf?.deps !== this.deps)
      this.deskOf = { deps: this.deps, desk: new HeldOrdersDesk(this.deps) };
    return this.deskOf.desk;
  }

  private async reload(): Promise<void> {
    this.rows = ((await this.desk?.entries()) ?? []).map(heldOrderRow);
  }

  private async export(kind: 'json' | 'csv'): Promise<void> {
    if (!this.desk) return;
    const text = kind === 'json' ? await this.desk.exportJson() : await this.desk.exportCsv();
    const url = URL.createObjectURL(
      new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/csv' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = `held-orders-${new Date().toISOString().slice(0, 10)}.${kind}`;
    link.hidden = true;
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
  }

  private focusFirst(): void {
    const target = this.phase === 'locked' ? '#pin' : '.close';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }
}

/** An order's reference; for a cash move, its direction and reason ("Cash out: Bank deposit"). */
function referenceText(row: HeldOrderRow): string {
  if (row.kind !== 'cash-move') return row.reference;
  const reason = row.cashReason;
  return row.amountTotal > 0 ? msg(str`Cash in: ${reason}`) : msg(str`Cash out: ${reason}`);
}

/** "29/11/2026 08:00": a sale's device time, in the till's locale. */
function formatTime(iso: string): string {
  return Number.isNaN(new Date(iso).getTime()) ? iso : formatDateTime(iso);
}

customElements.define('pos-held-orders', PosHeldOrders);

declare global {
  interface HTMLElementTagNameMap {
    'pos-held-orders': PosHeldOrders;
  }
}
