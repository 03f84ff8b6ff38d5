import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { baseStyles } from './shared-styles.js';

/** A button of a strip message. */
export interface StripAction {
  label: string;
  run: () => void;
  primary?: boolean;
}

/** One message of the strip, most important first in the list the strip is given. */
export interface StripItem {
  /** Stable key: the strip keeps showing the same message while others come and go. */
  key: string;
  /** `error` is announced at once (role="alert"); the others politely. */
  tone: 'error' | 'notice' | 'info';
  text: string;
  actions: readonly StripAction[];
}

/**
 * The till's messages (failures, the storage warning, "Update available"), in ONE line whatever
 * their number, so that they never eat the rows of products a cashier sells from: one message at
 * a time with its buttons, and when there are more, a "1 of 3" button that shows the next. A
 * message that was not there before comes to the front (the list is in order of importance);
 * a long text is cut with an ellipsis on screen and kept whole for screen readers and in the
 * tooltip.
 */
export class PosAlertStrip extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .strip {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        margin: 0.5rem 1rem 0;
        padding: 0.25rem 0.25rem 0.25rem 1rem;
        border-radius: 10px;
        font-weight: 600;
        min-height: 52px;
        box-shadow: 0 2px 8px rgb(0 0 0 / 0.12);
      }
      .text {
        flex: 1;
        min-width: 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .error {
        background: #fef2f2;
        border: 2px solid #b91c1c;
        color: #7f1d1d;
      }
      .notice {
        background: #fffbeb;
        border: 2px solid #b45309;
        color: #78350f;
      }
      .info {
        background: #eff6ff;
        border: 2px solid var(--pos-accent, #0b4fb3);
        color: #0c2d5e;
      }
      button {
        flex: none;
      }
      .pager {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  static override properties = {
    items: { attribute: false },
    currentKey: { state: true },
  };

  declare items: readonly StripItem[];
  /** The key of the message shown; the first one when it is gone. */
  declare currentKey: string | null;
  private seen = new Set<string>();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.items = [];
    this.currentKey = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('items')) return;
    const arrived = this.items.find((item) => !this.seen.has(item.key));
    this.seen = new Set(this.items.map((item) => item.key));
    if (arrived) this.currentKey = arrived.key;
  }

  override render() {
    const items = this.items;
    if (items.length === 0) return nothing;
    const index = Math.max(
      0,
      items.findIndex((item) => item.key === this.currentKey),
    );
    const item = items[index];
    if (!item) return nothing;
    return html`<div class="strip ${item.tone}" role=${item.tone === 'error' ? 'alert' : 'status'}>
      <span class="text" title=${item.text}>${item.text}</span>
      ${item.actions.map((a) => html`<button class=${a.primary ? 'primary' : ''} @click=${a.run}>${a.label}</button>`)}
      ${
        items.length > 1
          ? html`<button
              class="pager"
              aria-label=${msg(str`Next message (${index + 1} of ${items.length})`)}
              @click=${() => this.showNext(index)}
            >
              ${index + 1}/${items.length} ›
            </button>`
          : nothing
      }
    </div>`;
  }

  private showNext(index: number): void {
    const next = this.items[(index + 1) % this.items.length];
    if (next) this.currentKey = next.key;
  }
}

customElements.define('pos-alert-strip', PosAlertStrip);

declare global {
  interface HTMLElementTagNameMap {
    'pos-alert-strip': PosAlertStrip;
  }
}
