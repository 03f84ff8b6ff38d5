import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatAge, formatDateTime } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { DeviceInfo, PairingCode, PosConfig } from './admin-types.js';
import { deviceLabel } from './device-name.js';
import { NowClock } from './now-clock.js';
import './pos-admin-confirm.js';
import './pos-admin-device-rename.js';
import './pos-admin-pairing.js';
import { runChange } from './run-change.js';

/** How often (ms) the device list is read while a pairing code is shown. */
const PAIRING_WATCH_MS = 3_000;

/**
 * Devices of one POS config: "Pair a device" makes a one-time pairing code and shows it
 * (`pos-admin-pairing`: the link the tablets open, its QR code, a warning for a link to this
 * machine); the list gives each device's name ("Tablet 3" without one), pairing time, last
 * contact and last session check report (pending and held orders), each with its age kept
 * current, and whether it was revoked. Rename (`pos-admin-device-rename`, under the device's row)
 * sets or clears a device's name; Revoke (after a confirmation) stops the device's token at once.
 */
export class PosAdminDevices extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      .age,
      .number {
        display: block;
        color: #4b5563;
        font-size: 0.9rem;
        font-weight: 400;
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
    renaming: { state: true },
    justPaired: { state: true },
  };

  declare api: AdminApi | null;
  declare config: PosConfig | null;
  declare devices: DeviceInfo[] | null;
  /** The last pairing code made here, shown until another config is chosen. */
  declare pairing: PairingCode | null;
  declare busy: boolean;
  declare error: Words | null;
  /** The device whose revocation is being confirmed. */
  declare revoking: DeviceInfo | null;
  /** The device being renamed. */
  declare renaming: DeviceInfo | null;
  /** The device that used the code shown last, once the list shows it. */
  declare justPaired: DeviceInfo | null;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  private readonly clock = new NowClock(this);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.config = null;
    this.devices = null;
    this.pairing = null;
    this.busy = false;
    this.error = null;
    this.revoking = null;
    this.renaming = null;
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
      this.error = () => msg(str`Devices could not be read: ${errorText(error)}`);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('config') && changed.get('config')?.id !== this.config?.id) || changed.has('api')) {
      this.devices = null;
      this.pairing = null;
      this.justPaired = null;
      this.stopWatching();
      this.revoking = null;
      this.renaming = null;
      this.error = null;
      void this.reload();
    }
  }

  override render() {
    if (!this.config) return nothing;
    const revoking = this.revoking;
    return html`<section aria-labelledby="devices-title">
      <div class="row spread">
        <h2 id="devices-title">${msg('Devices')}</h2>
        <div class="row">
          <button
            type="button"
            aria-label=${msg('Refresh devices')}
            ?disabled=${this.busy}
            @click=${this.onRefresh}
          >
            ${msg('Refresh')}
          </button>
          <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onPair}>
            ${msg('Pair a device')}
          </button>
        </div>
      </div>
      ${this.justPaired ? html`<p class="hint" role="status">${msg(str`${deviceLabel(this.justPaired)} paired.`)}</p>` : nothing}
      ${this.pairing ? html`<pos-admin-pairing .pairing=${this.pairing}></pos-admin-pairing>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing} ${this.renderList()}
      <pos-admin-confirm
        .open=${revoking !== null}
        .busy=${this.busy}
        heading=${revoking ? msg(str`Revoke ${deviceLabel(revoking)}?`) : ''}
        confirmLabel=${msg('Revoke')}
        @admin-confirm=${this.onConfirmRevoke}
        @admin-cancel=${this.onCancelRevoke}
        >${
          revoking
            ? html`<p>
                ${msg('The tablet stops working at once and shows "This device was unpaired". Orders it has not sent stay on it until it is paired again.')}
              </p>`
            : nothing
        }</pos-admin-confirm
      >
    </section>`;
  }

  private renderList() {
    const devices = this.devices;
    if (!devices) return this.error ? nothing : html`<p role="status">${msg('Loading devices…')}</p>`;
    if (devices.length === 0) return html`<p>${msg('No device is paired with this config yet.')}</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">${msg('Device')}</th>
            <th scope="col">${msg('Paired')}</th>
            <th scope="col">${msg('Last seen')}</th>
            <th scope="col">${msg('Last check')}</th>
            <th scope="col">${msg('Status')}</th>
            <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${devices.map((d) => this.renderDevice(d))}
        </tbody>
      </table>
    </div>`;
  }

  private renderDevice(d: DeviceInfo) {
    const label = deviceLabel(d);
    const renaming = this.renaming?.deviceId === d.deviceId;
    const report = d.lastReport;
    return html`<tr>
        <th scope="row">
          ${label}${d.name ? html`<span class="number">${deviceLabel({ ...d, name: null })}</span>` : nothing}
        </th>
        <td>${formatDateTime(d.pairedAt)}</td>
        <td>${this.when(d.lastSeenAt)}</td>
        <td>
          ${
            report
              ? html`${msg(str`${report.sessionName ?? report.sessionId}: ${report.pending} pending, ${report.held} held`)}
                ${this.when(report.lastSeenAt)}`
              : '—'
          }
        </td>
        <td>
          ${d.revokedAt ? html`<span class="badge revoked">${msg(str`Revoked ${formatDateTime(d.revokedAt)}`)}</span>` : html`<span class="badge opened">${msg('Paired')}</span>`}
        </td>
        <td>
          <div class="row">
            <button
              type="button"
              class="rename"
              data-device=${d.deviceId}
              aria-label=${msg(str`Rename ${label}`)}
              ?disabled=${this.busy || renaming}
              @click=${() => this.onRename(d)}
            >
              ${msg('Rename')}
            </button>
            ${d.revokedAt ? nothing : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.onRevoke(d)}>${msg(str`Revoke ${label}`)}</button>`}
          </div>
        </td>
      </tr>
      ${
        renaming
          ? html`<tr>
              <td colspan="6">
                <pos-admin-device-rename
                  .api=${this.api}
                  .device=${d}
                  @admin-device-renamed=${this.onRenamed}
                  @admin-rename-cancel=${this.onCancelRename}
                ></pos-admin-device-rename>
              </td>
            </tr>`
          : nothing
      }`;
  }

  /** An instant as its time and, under it, its age kept current ("12 s ago"); "—" for none. */
  private when(iso: string | null) {
    const age = formatAge(iso, this.clock.now);
    return html`${formatDateTime(iso)}${age ? html`<span class="age">${age}</span>` : nothing}`;
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
   * since the code was made, the code (used) gives way to "Tablet N paired"; an expired code goes.
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
        const paired = this.devices?.find(
          (d) => d.revokedAt === null && d.pairedAt !== null && Date.parse(d.pairedAt) >= since,
        );
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

  private onRename(device: DeviceInfo): void {
    this.renaming = device;
  }

  private async onRenamed(): Promise<void> {
    const device = this.renaming;
    this.renaming = null;
    await this.reload();
    if (device) await this.focusRename(device);
  }

  private async onCancelRename(): Promise<void> {
    const device = this.renaming;
    this.renaming = null;
    if (device) await this.focusRename(device);
  }

  /** Focus back on a device's Rename button once the rename form is gone. */
  private async focusRename(device: DeviceInfo): Promise<void> {
    await this.updateComplete;
    [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.rename')]
      .find((b) => b.dataset.device === device.deviceId)
      ?.focus();
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
