import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { AdminApiError, type AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatAge, formatDateTime } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import type { DeviceInfo, PairingCode, PosConfig } from './admin-types.js';
import { deviceLabel, deviceNameFromForm, MAX_DEVICE_NAME_LENGTH } from './device-name.js';
import { NowClock } from './now-clock.js';
import { isLoopbackUrl, pairLink } from './pairing-link.js';
import './pos-admin-confirm.js';
import type { QrPath } from './qr-path.js';
import { runChange } from './run-change.js';

/** Light modules around a QR code, in modules: the quiet zone its readers need (ISO/IEC 18004). */
const QR_QUIET_ZONE = 4;

/** How often (ms) the device list is read while a pairing code is shown. */
const PAIRING_WATCH_MS = 3_000;

/** The rename under way: which device, and the name as typed so far (kept across re-renders). */
interface Renaming {
  device: DeviceInfo;
  draft: string;
  error: Words | null;
}

/**
 * Devices of one POS config: "Pair a device" makes a one-time pairing code and shows it large with
 * its link (the server's `pairUrl`) and QR code, with a warning when the link names this machine
 * (`localhost`), which no tablet can open; the list gives each device's name ("Tablet 3" without
 * one), pairing time, last contact and last session check report (pending and held orders), each
 * with its age kept current, and whether it was revoked. Rename sets or clears a device's name;
 * Revoke (after a confirmation) stops the device's token at once.
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
      .age,
      .number {
        display: block;
        color: #4b5563;
        font-size: 0.9rem;
        font-weight: 400;
      }
      .actions {
        flex-wrap: nowrap;
      }
      form.rename {
        display: grid;
        gap: 0.3rem;
        max-width: 28rem;
      }
      form.rename label {
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    devices: { state: true },
    pairing: { state: true },
    pairingQr: { state: true },
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
  /** The QR code of the pairing link, once its module (loaded on the first pairing) has drawn it. */
  declare pairingQr: { url: string; qr: QrPath } | null;
  declare busy: boolean;
  declare error: Words | null;
  /** The device whose revocation is being confirmed. */
  declare revoking: DeviceInfo | null;
  /** The device being renamed, with the name typed so far. */
  declare renaming: Renaming | null;
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
    this.pairingQr = null;
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
          <button type="button" aria-label=${msg('Refresh devices')} ?disabled=${this.busy} @click=${this.onRefresh}>${msg('Refresh')}</button>
          <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onPair}>${msg('Pair a device')}</button>
        </div>
      </div>
      ${this.justPaired ? html`<p class="hint" role="status">${msg(str`${deviceLabel(this.justPaired)} paired.`)}</p>` : nothing}
      ${this.renderPairing()} ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing} ${this.renderList()}
      <pos-admin-confirm
        .open=${revoking !== null}
        .busy=${this.busy}
        heading=${revoking ? msg(str`Revoke ${deviceLabel(revoking)}?`) : ''}
        confirmLabel=${msg('Revoke')}
        @admin-confirm=${this.onConfirmRevoke}
        @admin-cancel=${this.onCancelRevoke}
        >${revoking
          ? html`<p>${msg('The tablet stops working at once and shows "This device was unpaired". Orders it has not sent stay on it until it is paired again.')}</p>`
          : nothing}</pos-admin-confirm
      >
    </section>`;
  }

  private renderPairing() {
    const pairing = this.pairing;
    if (!pairing) return nothing;
    const url = pairLink(pairing, location.origin);
    const qr = this.pairingQr?.url === url ? this.pairingQr.qr : null;
    const side = qr ? qr.size + 2 * QR_QUIET_ZONE : 0;
    return html`<div class="pairing" role="group" aria-labelledby="pairing-title">
      <h3 id="pairing-title">${msg('Pairing code')}</h3>
      <div class="pairing-body">
        ${qr
          ? html`<svg class="qr" role="img" aria-label=${msg('QR code of the pairing link')} viewBox="${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}" shape-rendering="crispEdges">
              <rect x=${-QR_QUIET_ZONE} y=${-QR_QUIET_ZONE} width=${side} height=${side} fill="#fff"></rect>
              <path d=${qr.d} fill="#000"></path>
            </svg>`
          : nothing}
        <div>
          <p class="code">${pairing.code}</p>
          <p>${msg(html`Scan the code with the tablet, or open <span class="url">${url}</span> on it.`)}</p>
          ${isLoopbackUrl(url) ? html`<p class="warning">${loopbackWarning(url)}</p>` : nothing}
          <p class="hint">${msg(str`Works once, until ${formatDateTime(pairing.expiresAt)}.`)}</p>
        </div>
      </div>
    </div>`;
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
    const renaming = this.renaming?.device.deviceId === d.deviceId ? this.renaming : null;
    const report = d.lastReport;
    return html`<tr>
        <th scope="row">${label}${d.name ? html`<span class="number">${deviceLabel({ ...d, name: null })}</span>` : nothing}</th>
        <td>${formatDateTime(d.pairedAt)}</td>
        <td>${this.when(d.lastSeenAt)}</td>
        <td>
          ${report
            ? html`${msg(str`${report.sessionName ?? report.sessionId}: ${report.pending} pending, ${report.held} held`)} ${this.when(report.lastSeenAt)}`
            : '—'}
        </td>
        <td>${d.revokedAt ? html`<span class="badge revoked">${msg(str`Revoked ${formatDateTime(d.revokedAt)}`)}</span>` : html`<span class="badge opened">${msg('Paired')}</span>`}</td>
        <td>
          <div class="row actions">
            <button type="button" class="rename" data-device=${d.deviceId} aria-label=${msg(str`Rename ${label}`)} ?disabled=${this.busy || renaming !== null} @click=${() => this.onRename(d)}>
              ${msg('Rename')}
            </button>
            ${d.revokedAt ? nothing : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.onRevoke(d)}>${msg(str`Revoke ${label}`)}</button>`}
          </div>
        </td>
      </tr>
      ${renaming ? html`<tr><td colspan="6">${this.renderRename(renaming)}</td></tr>` : nothing}`;
  }

  /** An instant as its time and, under it, its age kept current ("12 s ago"); "—" for none. */
  private when(iso: string | null) {
    const age = formatAge(iso, this.clock.now);
    return html`${formatDateTime(iso)}${age ? html`<span class="age">${age}</span>` : nothing}`;
  }

  private renderRename(renaming: Renaming) {
    const unnamed = deviceLabel({ ...renaming.device, name: null });
    const invalid = renaming.error !== null;
    return html`<form class="rename" novalidate @submit=${this.onSaveName}>
      <label for="device-name">${msg(str`Name of ${deviceLabel(renaming.device)}`)}</label>
      <input
        id="device-name"
        name="deviceName"
        autocomplete="off"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'device-name-error device-name-hint' : 'device-name-hint'}
        .value=${renaming.draft}
        ?disabled=${this.busy}
        @input=${this.onNameInput}
      />
      ${invalid ? html`<p id="device-name-error" class="field-error">${renaming.error?.()}</p>` : nothing}
      <p id="device-name-hint" class="hint">${msg(str`Up to ${MAX_DEVICE_NAME_LENGTH} characters. Empty: it is called ${unnamed} again.`)}</p>
      <div class="row">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Save name')}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.onCancelRename}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  private onRefresh(): void {
    void this.reload();
  }

  private onPair(): void {
    const { api, config } = this;
    if (!api || !config) return;
    void this.run(async () => {
      const pairing = await api.createPairingCode(config.id);
      this.pairing = pairing;
      void this.drawQr(pairLink(pairing, location.origin));
      this.justPaired = null;
      this.watchPairing();
    });
  }

  /**
   * Draws the QR code of `url` with its module, loaded on the first pairing (the QR encoder is a
   * third of the back office's code and most visits pair nothing). If it cannot load, the code
   * and its link are still there to type.
   */
  private async drawQr(url: string): Promise<void> {
    try {
      const { qrPath } = await import('./qr-path.js');
      this.pairingQr = { url, qr: qrPath(url) };
    } catch {
      this.pairingQr = null;
    }
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

  private async onRename(device: DeviceInfo): Promise<void> {
    this.renaming = { device, draft: device.name ?? '', error: null };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#device-name')?.focus();
  }

  private onNameInput(event: Event): void {
    const renaming = this.renaming;
    if (renaming) this.renaming = { ...renaming, draft: (event.target as HTMLInputElement).value, error: null };
  }

  private async onCancelRename(): Promise<void> {
    const device = this.renaming?.device;
    this.renaming = null;
    if (device) await this.focusRename(device);
  }

  /**
   * Sends the name typed (trimmed; empty clears it). A name too long is refused at the field, a
   * refusal of the server too (in this page's words); the name typed stays in the field until
   * it is saved or the manager cancels.
   */
  private async onSaveName(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { api, renaming } = this;
    if (!api || !renaming || this.busy) return;
    const result = deviceNameFromForm(renaming.draft);
    if ('error' in result) return this.refuseName(result.error);
    this.busy = true;
    this.error = null;
    let refusal: Words | null = null;
    try {
      await api.renameDevice(renaming.device.deviceId, { name: result.name });
    } catch (error) {
      refusal =
        error instanceof AdminApiError && error.code === 'validation_failed'
          ? () => msg(str`Name: up to ${MAX_DEVICE_NAME_LENGTH} characters, or empty to call it ${deviceLabel({ ...renaming.device, name: null })}`)
          : () => msg(str`Not saved: ${errorText(error)}`);
    } finally {
      this.busy = false;
    }
    if (refusal) return this.refuseName(refusal);
    this.renaming = null;
    await this.reload();
    await this.focusRename(renaming.device);
  }

  private async refuseName(error: Words): Promise<void> {
    if (!this.renaming) return;
    this.renaming = { ...this.renaming, error };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#device-name')?.focus();
  }

  /** Focus back on a device's Rename button once the rename form is gone. */
  private async focusRename(device: DeviceInfo): Promise<void> {
    await this.updateComplete;
    [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.rename')].find((b) => b.dataset.device === device.deviceId)?.focus();
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

/** Beside a pairing link no tablet can open: why, and the two ways out. */
function loopbackWarning(url: string): string {
  const host = new URL(url).hostname;
  return msg(
    str`A tablet cannot open this link: ${host} is the tablet itself, not this server. Open the back office at the address the tablets use (not localhost), or set POS_PUBLIC_URL on the server.`,
  );
}

customElements.define('pos-admin-devices', PosAdminDevices);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-devices': PosAdminDevices;
  }
}
