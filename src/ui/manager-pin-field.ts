import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { MANAGER_PIN_PATTERN } from '../domain/config-limits.js';

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

/**
 * Why `typed` cannot be a manager PIN (4 to 8 digits), in the till's words, or null when it has
 * the right shape. A PIN of the wrong shape is refused at the field and never checked.
 */
export function pinShapeProblem(typed: string): string | null {
  if (MANAGER_PIN_PATTERN.test(typed)) return null;
  return typed === ''
    ? msg('Type the manager PIN: 4 to 8 digits.')
    : msg('A manager PIN is 4 to 8 digits: check what was typed.');
}
