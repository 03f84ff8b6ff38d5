import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { errorMessage, type AdminApi } from './admin-api.js';
import { runChange } from './run-change.js';
import { formatDateTime } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { DeviceInfo, PairingCode, PosConfig } from './admin-types.js';
import './pos-admin-confirm.js';
import { qrPath } from './qr-path.js';

/** Light modules around a QR code, in modules: the quiet zone its readers need (ISO/IEC 18004). */
const QR_QUIET_ZONE = 4;

/** How often (ms) the device list is read while a pairing code is shown. */
const PAIRING_WATCH_MS = 3_000;

/**
 * Devices of one POS config: "Pair a device" makes a one-time pairing code and shows it large with
 * the URL the tablet opens; the list gives each device's number, pairing time, last contact, its
 * last session check report (pending and held orders) and whether it was revoked. Revoke (after a
 * confirmation) stops the device's token at once.
 */
export class PosAdminDevices extends LitElement {
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
    api: { attribute: false },
    config: { attribute: false },
    devices: { state: true },
    pairing: { state: true },
    busy: { state: true },
    error: { state: true },
    revoking: { state: true },
    justPaired: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  declare devices: DeviceInfo[] | null;
  /** The last pairing code made here, shown until another config is chosen. */
  declare pairing: PairingCode | null;
  declare busy: boolean;
  declare error: string | null;
  /** The device whose revocation is being confirmed. */
  declare revoking: DeviceInfo | null;
  /** The device that used the code shown last, once the list shows it. */
  declare justPaired: DeviceInfo | null;
  private watchTimer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.api = null;
    this.config = null;
    this.devices = null;
    this.pairing = null;
    this.busy = false;
    this.error = null;
    this.revoking = null;
    this.justPaired = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching();
  }

  /** Reads the devices again. */
  async reload(): Promise<void> {
    const { api, config } = this;
    if (!api || !config) return;
    try {
      const devices = await api.listDevices(config.id);
      if (this.config?.id !== config.id) return;
      this.devices = devices;
      this.error = null;
    } catch (error) {
      this.error = `Devices could not be read: ${errorMessage(error)}`;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('config') && changed.get('config')?.id !== this.config?.id) || changed.has('api')) {
      this.devices = null;
      this.pairing = null;
      this.justPaired = null;
      this.stopWatching();
      this.revoking = null;
      this.error = null;
      void this.reload();
    }
  }

  override render() {
    if (!this.config) return nothing;
    return html`<section aria-labelledby="devices-title">
      <div class="row spread">
        <h2 id="devices-title">Devices</h2>
        <div class="row">
          <button type="button" aria-label="Refresh devices" ?disabled=${this.busy} @click=${this.onRefresh}>Refresh</button>
          <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onPair}>Pair a device</button>
        </div>
      </div>
      ${this.justPaired ? html`<p class="hint" role="status">Device ${this.justPaired.deviceNumber} paired.</p>` : nothing}
      ${this.renderPairing()} ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing} ${this.renderList()}
      <pos-admin-confirm
        .open=${this.revoking !== null}
        .busy=${this.busy}
        heading=${this.revoking ? `Revoke device ${this.revoking.deviceNumber}?` : ''}
        confirmLabel="Revoke"
        @admin-confirm=${this.onConfirmRevoke}
        @admin-cancel=${this.onCancelRevoke}
        >${this.revoking
          ? html`<p>The tablet stops working at once and shows "This device was unpaired". Orders it has not sent stay on it until it is paired again.</p>`
          : nothing}</pos-admin-confirm
      >
    </section>`;
  }

  private renderPairing() {
    const pairing = this.pairing;
    if (!pairing) return nothing;
    const url = `${location.origin}${pairing.pairPath}`;
    const qr = qrPath(url);
    const side = qr.size + 2 * QR_QUIET_ZONE;
    return html`<div class="pairing" role="group" aria-labelledby="pairing-title">
      <h3 id="pairing-title">Pairing code</h3>
      <div class="pairing-body">
        <svg class="qr" role="img" aria-label="QR code of the pairing link" viewBox="${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}" shape-rendering="crispEdges">
          <rect x=${-QR_QUIET_ZONE} y=${-QR_QUIET_ZONE} width=${side} height=${side} fill="#fff"></rect>
          <path d=${qr.d} fill="#000"></path>
        </svg>
        <div>
          <p class="code">${pairing.code}</p>
          <p>Scan the code with the tablet, or open <span class="url">${url}</span> on it.</p>
          <p class="hint">Works once, until ${formatDateTime(pairing.expiresAt)}.</p>
        </div>
      </div>
    </div>`;
  }

  private renderList() {
    const devices = this.devices;
    if (!devices) return this.error ? nothing : html`<p role="status">Loading devices…</p>`;
    if (devices.length === 0) return html`<p>No device is paired with this config yet.</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Paired</th>
            <th scope="col">Last seen</th>
            <th scope="col">Last check</th>
            <th scope="col">Status</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${devices.map(
            (d) => html`<tr>
              <th scope="row">${d.deviceNumber}</th>
              <td>${formatDateTime(d.pairedAt)}</td>
              <td>${formatDateTime(d.lastSeenAt)}</td>
              <td>
                ${d.lastReport
                  ? `${d.lastReport.sessionName ?? `session ${d.lastReport.sessionId}`}: ${d.lastReport.pending} pending, ${d.lastReport.held} held (${formatDateTime(d.lastReport.lastSeenAt)})`
                  : '—'}
              </td>
              <td>${d.revokedAt ? html`<span class="badge revoked">Revoked ${formatDateTime(d.revokedAt)}</span>` : html`<span class="badge opened">Paired</span>`}</td>
              <td>
                ${d.revokedAt
                  ? nothing
                  : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.onRevoke(d)}>Revoke device ${d.deviceNumber}</button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private onRefresh(): void {
    void this.reload();
  }

  private onPair(): void {
    const { api, config } = this;
    if (!api || !config) return;
    void this.run(async () => {
      this.pairing = await api.createPairingCode(config.id);
      this.justPaired = null;
      this.watchPairing();
    });
  }

  /**
   * While a code is shown, reads the devices every {@link PAIRING_WATCH_MS}: when a device paired
   * since the code was made, the code (used) gives way to "Device N paired"; an expired code goes.
   */
  private watchPairing(): void {
    this.stopWatching();
    this.watchTimer = setInterval(() => {
      const pairing = this.pairing;
      if (!pairing) return this.stopWatching();
      if (Date.parse(pairing.expiresAt) <= Date.now()) {
        this.pairing = null;
        return this.stopWatching();
      }
      void this.reload().then(() => {
        const since = Date.parse(pairing.createdAt ?? pairing.expiresAt);
        const paired = this.devices?.find((d) => d.revokedAt === null && d.pairedAt !== null && Date.parse(d.pairedAt) >= since);
        if (paired && this.pairing === pairing) {
          this.pairing = null;
          this.justPaired = paired;
          this.stopWatching();
        }
      });
    }, PAIRING_WATCH_MS);
  }

  private stopWatching(): void {
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
  }

  private onRevoke(device: DeviceInfo): void {
    this.revoking = device;
  }

  private onConfirmRevoke(): void {
    const { api, revoking } = this;
    if (!api || !revoking) return;
    void this.run(async () => {
      try {
        await api.revokeDevice(revoking.deviceId);
      } finally {
        this.revoking = null;
      }
    });
  }

  private onCancelRevoke(): void {
    this.revoking = null;
  }

  /** Runs a change, then reads the devices again; a failure is shown. */
  private run(change: () => Promise<void>): Promise<void> {
    return runChange(this, change);
  }

}

customElements.define('pos-admin-devices', PosAdminDevices);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-devices': PosAdminDevices;
  }
}
