import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { formatDateTime } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { PairingCode } from './admin-types.js';
import { isLoopbackUrl, pairLink } from './pairing-link.js';
import type { QrPath } from './qr-path.js';

/** Light modules around a QR code, in modules: the quiet zone its readers need (ISO/IEC 18004). */
const QR_QUIET_ZONE = 4;

/**
 * A one-time pairing code, shown large, with the link a tablet opens (the server's `pairUrl`, else
 * this page's origin and `pairPath`) as text and as a QR code, and how long the code works. A link
 * to this machine itself (`localhost`, 127.x, `[::1]`) gets a warning beside it: a tablet opening
 * it would reach itself, not the server.
 */
export class PosAdminPairing extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .pairing {
        border: 3px dashed var(--pos-accent, #0b4fb3);
        border-radius: 14px;
        padding: 0.75rem 1rem;
        margin: 0.75rem 0;
      }
      .code {
        font-size: 2.6rem;
        font-weight: 800;
        letter-spacing: 0.15em;
        font-variant-numeric: tabular-nums;
        margin: 0.25rem 0;
        user-select: all;
      }
      .pairing-body {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem 1.5rem;
        align-items: center;
      }
      svg.qr {
        width: 12rem;
        height: 12rem;
        flex: none;
      }
      .url {
        font-family: ui-monospace, monospace;
        word-break: break-all;
        user-select: all;
      }
    `,
  ];

  static override properties = {
    pairing: { attribute: false },
    drawn: { state: true },
  };

  /** The code to show. */
  declare pairing: PairingCode | null;
  /** The QR code of a link, once its module (loaded on the first pairing) has drawn it. */
  declare drawn: { url: string; qr: QrPath } | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.pairing = null;
    this.drawn = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('pairing') && this.pairing) void this.draw(pairLink(this.pairing, location.origin));
  }

  override render() {
    const pairing = this.pairing;
    if (!pairing) return nothing;
    const url = pairLink(pairing, location.origin);
    const qr = this.drawn?.url === url ? this.drawn.qr : null;
    const side = qr ? qr.size + 2 * QR_QUIET_ZONE : 0;
    return html`<div class="pairing" role="group" aria-labelledby="pairing-title">
      <h3 id="pairing-title">${msg('Pairing code')}</h3>
      <div class="pairing-body">
        ${
          qr
            ? html`<svg
                class="qr"
                role="img"
                aria-label=${msg('QR code of the pairing link')}
                viewBox="${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}"
                shape-rendering="crispEdges"
              >
                <rect x=${-QR_QUIET_ZONE} y=${-QR_QUIET_ZONE} width=${side} height=${side} fill="#fff"></rect>
                <path d=${qr.d} fill="#000"></path>
              </svg>`
            : nothing
        }
        <div>
          <p class="code">${pairing.code}</p>
          <p>${msg('Scan the code with the tablet, or open this link on it:')}</p>
          <p class="url">${url}</p>
          ${isLoopbackUrl(url) ? html`<p class="warning">${loopbackWarning(url)}</p>` : nothing}
          <p class="hint">${msg(str`Works once, until ${formatDateTime(pairing.expiresAt)}.`)}</p>
        </div>
      </div>
    </div>`;
  }

  /**
   * Draws the QR code of `url` with its module, loaded on the first pairing (the QR encoder is a
   * third of the back office's code and most visits pair nothing). If it cannot load, the code
   * and its link are still there to type.
   */
  private async draw(url: string): Promise<void> {
    try {
      const { qrPath } = await import('./qr-path.js');
      this.drawn = { url, qr: qrPath(url) };
    } catch {
      this.drawn = null;
    }
  }
}

/** Beside a pairing link no tablet can open: why, and the two ways out. */
function loopbackWarning(url: string): string {
  const host = new URL(url).hostname;
  return msg(
    str`A tablet cannot open this link: ${host} is the tablet itself, not this server. Open the back office at the address the tablets use (not localhost), or set POS_PUBLIC_URL on the server.`,
  );
}

customElements.define('pos-admin-pairing', PosAdminPairing);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-pairing': PosAdminPairing;
  }
}
