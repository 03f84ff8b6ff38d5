import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { AdminApi } from './admin-api.js';
import { PosError } from '../domain/pos-error.js';
import { errorText, type Words } from './admin-errors.js';
import { adminStyles } from './admin-styles.js';
import type { DeviceInfo } from './admin-types.js';
import { deviceLabel, deviceNameFromForm, MAX_DEVICE_NAME_LENGTH } from './device-name.js';

/**
 * The form that names a device: its name as typed (the current one to start with), Save name and
 * Cancel. The name is sent trimmed, an empty one clears it (the device is "Tablet N" again); one
 * past {@link MAX_DEVICE_NAME_LENGTH} characters, or one the server refuses, is refused at the
 * field in the manager's words and the name typed stays. Takes focus when it appears.
 *
 * @fires admin-device-renamed - `CustomEvent<DeviceInfo>`, the device as the server saved it
 * @fires admin-rename-cancel - Cancel
 */
export class PosAdminDeviceRename extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      form {
        display: grid;
        gap: 0.3rem;
        max-width: 28rem;
      }
      label {
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    device: { attribute: false },
    draft: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare api: AdminApi | null;
  /** The device to name. */
  declare device: DeviceInfo | null;
  /** The name as typed so far (null until typed in: then the device's own). */
  declare draft: string | null;
  declare error: Words | null;
  declare busy: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.device = null;
    this.draft = null;
    this.error = null;
    this.busy = false;
  }

  override render() {
    const device = this.device;
    if (!device) return nothing;
    const unnamed = deviceLabel({ ...device, name: null });
    const error = this.error;
    return html`<form novalidate @submit=${this.onSave}>
      <label for="device-name">${msg(str`Name of ${deviceLabel(device)}`)}</label>
      <input
        id="device-name"
        name="deviceName"
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'device-name-error device-name-hint' : 'device-name-hint'}
        .value=${this.draft ?? device.name ?? ''}
        ?disabled=${this.busy}
        @input=${this.onInput}
      />
      ${error ? html`<p id="device-name-error" class="field-error">${error()}</p>` : nothing}
      <p id="device-name-hint" class="hint">
        ${msg(str`Up to ${MAX_DEVICE_NAME_LENGTH} characters. Empty: it is called ${unnamed} again.`)}
      </p>
      <div class="row">
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Save name')}</button>
        <button type="button" ?disabled=${this.busy} @click=${this.onCancel}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  protected override firstUpdated(): void {
    this.input()?.focus();
  }

  private input(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('#device-name');
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLInputElement).value;
    this.error = null;
  }

  private onCancel(): void {
    this.dispatchEvent(new Event('admin-rename-cancel'));
  }

  private async onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const { api, device } = this;
    if (!api || !device || this.busy) return;
    const result = deviceNameFromForm(this.draft ?? device.name ?? '');
    if ('error' in result) return this.refuse(result.error);
    this.busy = true;
    let saved: DeviceInfo | null = null;
    let refusal: Words | null = null;
    try {
      saved = await api.renameDevice(device.deviceId, { name: result.name });
    } catch (error) {
      refusal =
        error instanceof PosError && error.code === 'validation_failed'
          ? () =>
              msg(
                str`Name: up to ${MAX_DEVICE_NAME_LENGTH} characters, or empty to call it ${deviceLabel({ ...device, name: null })}`,
              )
          : () => msg(str`Not saved: ${errorText(error)}`);
    } finally {
      this.busy = false;
    }
    if (refusal) return this.refuse(refusal);
    this.dispatchEvent(new CustomEvent<DeviceInfo>('admin-device-renamed', { detail: saved ?? device }));
  }

  /** Shows the problem under the field and puts focus back in it (once enabled again). */
  private async refuse(error: Words): Promise<void> {
    this.error = error;
    await this.updateComplete;
    this.input()?.focus();
  }
}

customElements.define('pos-admin-device-rename', PosAdminDeviceRename);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-device-rename': PosAdminDeviceRename;
  }
}
