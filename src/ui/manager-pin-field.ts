import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/**
 * The manager PIN field of every form that asks for it (Held orders, Close the register): a
 * password input with the numeric keypad, described by the element `errorId` while `error` is
 * set. No maxlength: a digit cut off silently would check a PIN that was not the one typed; a PIN
 * of the wrong shape is refused at the field by the form instead.
 */
export function managerPinField(field: {
  id: string;
  errorId: string;
  error: string | null;
  busy: boolean;
  onInput: () => void;
}): TemplateResult {
  return html`<label
    >${msg('Manager PIN')}
    <input
      id=${field.id}
      name="pin"
      type="password"
      inputmode="numeric"
      autocomplete="off"
      aria-required="true"
      aria-invalid=${field.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(field.error ? field.errorId : undefined)}
      ?disabled=${field.busy}
      @input=${field.onInput}
    />
  </label>`;
}
